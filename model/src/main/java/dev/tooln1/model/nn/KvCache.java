package dev.tooln1.model.nn;

import dev.tooln1.model.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keys and values of every layer for a batch of sequences, so that decoding one more token costs
 * one token's forward pass. Columns are shared by the batch: column j of every row is filled by the
 * same {@link Qwen2Model#extend} call; a row whose token in that column is padding marks the column
 * invalid for itself (never attended to), so rows of different lengths share one cache. The cache
 * also assigns each token its RoPE position (the count of real tokens before it in its row).
 *
 * <p>A training pass uses one too, sized to its block: its buffers are then the keys and values that
 * backward reads, so the forward is the same code with and without generation.
 *
 * <p>Off-heap buffers are allocated outside any workspace and freed by {@link #close()}.
 */
public final class KvCache implements AutoCloseable {

  private final int batch;
  private final int capacity;
  private final int numKvHeads;
  private final int headDim;
  private final DataType dtype;
  private final int maxPositions; // a row may hold at most this many real tokens
  private final INDArray[] keys;   // per layer [B * KV, capacity, hd], RoPE already applied
  private final INDArray[] values; // per layer [B * KV, capacity, hd]
  private final boolean[][] valid; // [B][capacity]: column holds a real token of that row
  private final int[] nextPosition; // [B]: RoPE position of the row's next real token
  private int length;
  private boolean closed;

  /**
   * A FLOAT cache for generation (a FLOAT model's; {@link Qwen2Model#newCache} makes one in any model's
   * dtype): rows may not grow past the config's {@code max_position_embeddings}.
   */
  public KvCache(ModelConfig config, int batch, int capacity) {
    this(config, DataType.FLOAT, batch, capacity, config.maxPositions());
  }

  /**
   * A cache of the given dtype (the model's) whose rows may hold up to {@code maxPositions} real tokens
   * (training passes are not limited, as HF training is not: RoPE is defined at any position).
   */
  KvCache(ModelConfig config, DataType dtype, int batch, int capacity, int maxPositions) {
    if (batch <= 0 || capacity <= 0) {
      throw new IllegalArgumentException("KV cache needs batch > 0 and capacity > 0, got " + batch + ", " + capacity);
    }
    this.batch = batch;
    this.capacity = capacity;
    this.numKvHeads = config.numKvHeads();
    this.headDim = config.headDim();
    this.dtype = dtype;
    this.maxPositions = maxPositions;
    this.keys = new INDArray[config.numLayers()];
    this.values = new INDArray[config.numLayers()];
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (int l = 0; l < keys.length; l++) {
        keys[l] = Nd4j.zeros(dtype, (long) batch * numKvHeads, capacity, headDim);
        values[l] = Nd4j.zeros(dtype, (long) batch * numKvHeads, capacity, headDim);
      }
    }
    this.valid = new boolean[batch][capacity];
    this.nextPosition = new int[batch];
  }

  /** For {@link #gatherRows}: same shape, buffers filled in by the caller. */
  private KvCache(int batch, int numKvHeads, int headDim, DataType dtype, int maxPositions, int layers,
      int capacity) {
    this.batch = batch;
    this.capacity = capacity;
    this.numKvHeads = numKvHeads;
    this.headDim = headDim;
    this.dtype = dtype;
    this.maxPositions = maxPositions;
    this.keys = new INDArray[layers];
    this.values = new INDArray[layers];
    this.valid = new boolean[batch][capacity];
    this.nextPosition = new int[batch];
  }

  public int batch() {
    return batch;
  }

  public int capacity() {
    return capacity;
  }

  /** Columns filled so far. */
  public int length() {
    return length;
  }

  DataType dataType() {
    return dtype;
  }

  /**
   * A new cache whose row i is a copy of this cache's row {@code sourceRows[i]} (keys, values, mask,
   * positions), e.g. one prefilled prompt fanned out to the G samples of a GRPO group. This cache is
   * left as it was.
   */
  public KvCache gatherRows(int[] sourceRows) {
    ensureOpen();
    KvCache out = new KvCache(batch(sourceRows.length), numKvHeads, headDim, dtype, maxPositions, keys.length,
        capacity);
    int[] kvRows = new int[sourceRows.length * numKvHeads];
    for (int i = 0; i < sourceRows.length; i++) {
      int src = sourceRows[i];
      if (src < 0 || src >= batch) {
        throw new IllegalArgumentException("source row " + src + " outside [0, " + batch + ")");
      }
      for (int h = 0; h < numKvHeads; h++) {
        kvRows[i * numKvHeads + h] = src * numKvHeads + h;
      }
      System.arraycopy(valid[src], 0, out.valid[i], 0, capacity);
      out.nextPosition[i] = nextPosition[src];
    }
    long rowLength = (long) capacity * headDim;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      for (int l = 0; l < keys.length; l++) {
        out.keys[l] = Nd4j.pullRows(keys[l].reshape((long) batch * numKvHeads, rowLength), 1, kvRows)
            .reshape(kvRows.length, capacity, headDim);
        out.values[l] = Nd4j.pullRows(values[l].reshape((long) batch * numKvHeads, rowLength), 1, kvRows)
            .reshape(kvRows.length, capacity, headDim);
      }
    }
    out.length = length;
    return out;
  }

  private static int batch(int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("a cache needs at least one row");
    }
    return rows;
  }

  /** Drops the last columns (back to {@code newLength}), e.g. to re-run a step. */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("cannot truncate a cache of length " + length + " to " + newLength);
    }
    for (int b = 0; b < batch; b++) {
      for (int j = newLength; j < length; j++) {
        if (valid[b][j]) {
          nextPosition[b]--;
          valid[b][j] = false;
        }
      }
    }
    length = newLength;
  }

  /**
   * Reserves the block's columns and returns, row-major {@code [B·T]}, the RoPE position of each of its
   * tokens; marks real tokens valid. Refuses (changing nothing) a block that overflows the cache or
   * makes a row longer than the position limit.
   */
  int[] append(TokenBatch block) {
    ensureOpen();
    int t = block.seqLen();
    if (block.batchSize() != batch) {
      throw new IllegalArgumentException("cache has " + batch + " rows, batch has " + block.batchSize());
    }
    if (length + t > capacity) {
      throw new IllegalStateException("KV cache full: length " + length + " + " + t + " > capacity " + capacity);
    }
    for (int b = 0; b < batch; b++) {
      int real = 0;
      for (int i = 0; i < t; i++) {
        real += block.real(b, i) ? 1 : 0;
      }
      if ((long) nextPosition[b] + real > maxPositions) {
        throw new IllegalArgumentException("row " + b + " would be " + (nextPosition[b] + real)
            + " tokens long, more than max_position_embeddings " + maxPositions);
      }
    }
    int[] positions = new int[batch * t];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < t; i++) {
        boolean real = block.real(b, i);
        valid[b][length + i] = real;
        // Padding gets the row's next position (any would do: no real token attends to it).
        positions[b * t + i] = nextPosition[b];
        if (real) {
          nextPosition[b]++;
        }
      }
    }
    length += t;
    return positions;
  }

  /**
   * Additive attention bias [B, 1, T, S] for the last {@code t} columns as queries over all S columns:
   * 0 where key j is a real token at or before the query, {@link #MASKED} elsewhere. A padding query
   * also sees its own column, so no softmax row is all masked (its output is never read).
   */
  INDArray attentionBias(int t) {
    int s = length;
    int start = s - t;
    float[] bias = new float[batch * t * s];
    int k = 0;
    for (int b = 0; b < batch; b++) {
      boolean[] v = valid[b];
      for (int i = 0; i < t; i++) {
        int query = start + i;
        for (int j = 0; j < s; j++) {
          bias[k++] = (j <= query && v[j]) || j == query ? 0f : MASKED;
        }
      }
    }
    INDArray out = Nd4j.create(bias, new long[] {batch, 1, t, s}, 'c');
    return dtype == DataType.FLOAT ? out : out.castTo(dtype); // -1e9 is exact in both
  }

  /** Keys of layer l for columns [0, length): a view [B * KV, S, hd]. */
  INDArray keys(int layer) {
    return keys[layer].get(NDArrayIndex.all(), NDArrayIndex.interval(0, length), NDArrayIndex.all());
  }

  INDArray values(int layer) {
    return values[layer].get(NDArrayIndex.all(), NDArrayIndex.interval(0, length), NDArrayIndex.all());
  }

  /** Writes a block's keys and values, each [B, T, KV, hd] (any strides), into the last T columns. */
  void write(int layer, INDArray k, INDArray v) {
    int t = (int) k.size(1);
    int start = length - t;
    store(keys[layer], k, start, t);
    store(values[layer], v, start, t);
  }

  private void store(INDArray buffer, INDArray block, int start, int t) {
    INDArray target = buffer.reshape(batch, numKvHeads, capacity, headDim)
        .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(start, start + t), NDArrayIndex.all());
    target.assign(block.permute(0, 2, 1, 3)); // [B, KV, T, hd]
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("KV cache is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      for (int l = 0; l < keys.length; l++) {
        keys[l].close();
        values[l].close();
      }
    }
  }

  /** Added to the scores of masked keys: large enough to zero them, finite so a row with no visible key stays NaN-free. */
  static final float MASKED = -1e9f;
}
