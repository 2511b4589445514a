package dev.tooln1.model.nn;

import dev.tooln1.model.ModelConfig;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.floating.RSqrt;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Swish;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Qwen2 decoder — the one forward pass of the project, for sampling and for training — in eager
 * ND4J ops over the {@link Qwen2Weights} arrays, with the same arithmetic as Hugging Face's
 * {@code Qwen2ForCausalLM} (checked against {@code model/src/test/python/qwen2_reference.py}), and its
 * hand-written backward (checked by finite differences).
 *
 * <p>Every pass appends a block of tokens to a {@link KvCache} and attends over the cache's columns:
 * <ul>
 *   <li>inference ({@link #extend}, {@link #lastLogits}, {@link #logits}) keeps the cache between
 *       calls, so decoding a token costs one token's forward; its temporaries live in a thread-local
 *       workspace reused across calls (no allocation per token), results are copied out;</li>
 *   <li>training ({@link #forward}) runs one block through a cache of its own size and keeps the
 *       activations its backward needs ({@link Pass#backward}); those arrays are freed when the pass
 *       ends, not by the GC. {@link #tokenLogProbs} is the same pass keeping nothing.</li>
 * </ul>
 * So the sampler's log-probs and the trainer's come from the same layer code, RoPE, norms and masks.
 *
 * <p>Shapes: B batch rows, T new tokens per row, S = cached + new columns, N = B·T tokens, d hidden,
 * H query heads, KV key/value heads, g = H / KV query heads per KV head, hd head dim, F intermediate,
 * V vocab. Token activations are {@code [N, ·]} with row b·T + t. Attention runs on
 * {@code [B·KV, g·T, hd]} blocks: query head j uses KV head j / g (HF {@code repeat_kv}), so the g heads
 * of one KV head are contiguous rows and K/V are never repeated.
 *
 * <p>Batches are padded rectangles with a mask (1 = real token). A token's RoPE position counts the
 * real tokens before it in its row (HF {@code generate}'s {@code cumsum(mask) - 1}), so left or right
 * padding gives the numbers of the unpadded sequence. Weight arrays are read at each call (in-place
 * optimizer updates are seen). Thread-safe: a call's state is its own and workspaces are per thread
 * (the trainers run gradient shards on several threads over one model).
 */
public final class Qwen2Model {

  private static final String WORKSPACE = "tooln1-qwen2-inference";
  private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
      .initialSize(0)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .overallocationLimit(0.1)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policySpill(SpillPolicy.REALLOCATE)
      .build();

  /** Floats allowed in one layer's attention scores during inference; wider blocks run in column slices. */
  private static final long SCORE_BUDGET = 1L << 25;

  private record Layer(INDArray inputNorm, INDArray qW, INDArray qB, INDArray kW, INDArray kB,
      INDArray vW, INDArray vB, INDArray oW, INDArray postNorm, INDArray gateW, INDArray upW,
      INDArray downW) {}

  private final ModelConfig config;
  private final Qwen2Weights weights;
  private final DataType dtype;
  private final long scoreBudget;
  private final Layer[] layers;
  private final INDArray embed;     // [V, d]
  private final INDArray finalNorm; // [d]
  private final INDArray lmHead;    // [V, d] (the embedding itself when tied)
  private final Rope rope;

  public Qwen2Model(Qwen2Weights weights) {
    this(weights, SCORE_BUDGET);
  }

  /** With a given attention-score budget in floats (small values force column slicing in tests). */
  Qwen2Model(Qwen2Weights weights, long scoreBudget) {
    this.scoreBudget = scoreBudget;
    this.weights = weights;
    this.config = weights.config();
    this.layers = new Layer[config.numLayers()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = new Layer(
          w(i, "input_layernorm.weight"),
          w(i, "self_attn.q_proj.weight"), w(i, "self_attn.q_proj.bias"),
          w(i, "self_attn.k_proj.weight"), w(i, "self_attn.k_proj.bias"),
          w(i, "self_attn.v_proj.weight"), w(i, "self_attn.v_proj.bias"),
          w(i, "self_attn.o_proj.weight"),
          w(i, "post_attention_layernorm.weight"),
          w(i, "mlp.gate_proj.weight"), w(i, "mlp.up_proj.weight"), w(i, "mlp.down_proj.weight"));
    }
    this.embed = weights.get(Qwen2Weights.EMBED);
    this.dtype = embed.dataType();
    this.finalNorm = weights.get(Qwen2Weights.FINAL_NORM);
    this.lmHead = weights.lmHead();
    this.rope = new Rope(config, dtype);
  }

  public ModelConfig config() {
    return config;
  }

  public Qwen2Weights weights() {
    return weights;
  }

  // ================================================================== inference

  /** Logits [B, T, V] of a padded batch (values at padded positions are finite but meaningless). */
  public INDArray logits(int[][] ids, int[][] mask) {
    return logits(TokenBatch.of(ids, mask));
  }

  /** Logits [B, T, V] of a padded batch, without keeping activations. */
  public INDArray logits(TokenBatch batch) {
    checked(batch);
    int rows = batch.batchSize();
    INDArray out;
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      out = Nd4j.create(dtype, rows, batch.seqLen(), config.vocabSize());
    }
    try (KvCache cache = newCache(rows, batch.seqLen())) {
      forEachSlice(cache, batch, (h, from, width) -> {
        INDArray logits = Nd4j.gemm(h, lmHead, false, true);     // [B*w, V]
        out.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + width), NDArrayIndex.all())
            .assign(logits.reshape(rows, width, config.vocabSize()));
      });
    }
    return out;
  }

  /** Logits [B][V] at each row's last real token. */
  public float[][] lastLogits(int[][] ids, int[][] mask) {
    TokenBatch batch = checked(TokenBatch.of(ids, mask));
    try (KvCache cache = newCache(batch.batchSize(), batch.seqLen())) {
      return extend(cache, batch);
    }
  }

  /**
   * Appends a block of tokens [B][T] (mask 1 = real) to the cache, runs them through the decoder and
   * returns the logits [B][V] at each row's last real token of the block (its last column if the
   * block holds none for that row). Decoding one token per row is a block with T = 1.
   */
  public float[][] extend(KvCache cache, int[][] ids, int[][] mask) {
    return extend(cache, checked(TokenBatch.of(ids, mask)));
  }

  private float[][] extend(KvCache cache, TokenBatch batch) {
    if (cache.batch() != batch.batchSize()) {
      throw new IllegalArgumentException("cache has " + cache.batch() + " rows, batch has " + batch.batchSize());
    }
    int[] last = batch.lastRealColumns();
    float[][] out = new float[batch.batchSize()][];
    forEachSlice(cache, batch, (h, from, width) -> {
      int[] rows = IntStream.range(0, last.length).filter(r -> last[r] >= from && last[r] < from + width).toArray();
      if (rows.length == 0) {
        return;
      }
      int[] hiddenRows = new int[rows.length];
      for (int i = 0; i < rows.length; i++) {
        hiddenRows[i] = rows[i] * width + last[rows[i]] - from;
      }
      INDArray selected = Nd4j.pullRows(h, 1, hiddenRows);          // [rows, d]
      float[][] logits = Nd4j.gemm(selected, lmHead, false, true).toFloatMatrix(); // [rows, V]
      for (int i = 0; i < rows.length; i++) {
        out[rows[i]] = logits[i];
      }
    });
    return out;
  }

  /** Receives the final hidden states [B·width, d] of block columns [from, from + width). */
  private interface SliceConsumer {
    /** {@code hidden} is a workspace temporary: copy out what is needed before returning. */
    void accept(INDArray hidden, int from, int width);
  }

  /**
   * Runs a block through the decoder in column slices narrow enough that one layer's attention
   * scores [B·H, width, S] stay within the score budget ({@link #SCORE_BUDGET} floats by default; long
   * prompts × many rows would otherwise need gigabytes), each slice in its own workspace cycle so
   * memory is reused. A slice is just a shorter block appended to the same cache.
   */
  private void forEachSlice(KvCache cache, TokenBatch batch, SliceConsumer consumer) {
    if (cache.dataType() != dtype) {
      throw new IllegalArgumentException("cache holds " + cache.dataType() + ", the model computes in " + dtype);
    }
    int t = batch.seqLen();
    long columnsAtEnd = (long) cache.length() + t;
    long perColumn = (long) batch.batchSize() * config.numHeads() * columnsAtEnd;
    int width = (int) Math.max(1, Math.min(t, scoreBudget / perColumn));
    for (int from = 0; from < t; from += width) {
      int start = from;
      int w = Math.min(width, t - from);
      TokenBatch slice = batch.columns(start, start + w);
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG, WORKSPACE);
          Scratch scratch = new Scratch()) {
        consumer.accept(decoder(cache, slice, scratch, null), start, w);
      }
    }
  }

  /**
   * An empty cache for {@link #extend} in the model's dtype: {@code rows} sequences of up to
   * {@code capacity} columns, each row limited to max_position_embeddings real tokens.
   */
  public KvCache newCache(int rows, int capacity) {
    return new KvCache(config, dtype, rows, capacity, config.maxPositions());
  }

  private TokenBatch checked(TokenBatch batch) {
    int[] ids = batch.ids();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
        throw new IllegalArgumentException("token id " + ids[i] + " at row " + i / batch.seqLen() + ", column "
            + i % batch.seqLen() + " is outside the vocabulary [0, " + config.vocabSize() + ")");
      }
    }
    return batch;
  }

  // ================================================================== training

  /** Runs the forward pass and keeps what backward needs; close the pass (or call backward) after use. */
  public Pass forward(TokenBatch batch) {
    return new Pass(checked(batch), true);
  }

  /** Per-token log-probs (layout of {@link Pass#tokenLogProbs()}) of a pass that keeps no activations. */
  public double[] tokenLogProbs(TokenBatch batch) {
    try (Pass p = new Pass(checked(batch), false)) {
      return p.tokenLogProbs();
    }
  }

  // ================================================================== the decoder

  /** What a training pass keeps for backward; null in passes that keep nothing. */
  private static final class Trace {
    final LayerActs[] layers;
    INDArray cos;  // [N, 1, hd]
    INDArray sin;
    INDArray xnF;  // final norm: x · rF  [N, d]
    INDArray rF;   // 1 / rms             [N]

    Trace(int numLayers) {
      layers = new LayerActs[numLayers];
    }
  }

  /** Activations of one decoder layer; its arrays are freed with it (after its backward, or at once). */
  private static final class LayerActs implements AutoCloseable {
    final Scratch scratch = new Scratch();
    INDArray xn1;  // x · r1             [N, d]
    INDArray r1;   // 1 / rms(x)         [N]
    INDArray h1;   // xn1 · γ1           [N, d]
    INDArray q;    // roped q / sqrt(hd) [B·KV, g·T, hd]
    INDArray p;    // softmax            [B·KV, g·T, S]
    INDArray o;    // attention output   [N, H·hd]
    INDArray xn2;
    INDArray r2;
    INDArray h2;   // [N, d]
    INDArray gate; // [N, F]
    INDArray up;
    INDArray silu;
    INDArray act;  // silu · up          [N, F]

    @Override
    public void close() {
      scratch.close();
    }
  }

  /**
   * Appends a block to the cache and returns its final-normed hidden states [N, d]. Temporaries are
   * tracked in {@code s} (a no-op inside a workspace, whose cycle frees them); with a trace, each layer's
   * activations are kept there for backward.
   */
  private INDArray decoder(KvCache cache, TokenBatch block, Scratch s, Trace trace) {
    int b = block.batchSize();
    int t = block.seqLen();
    int[] positions = cache.append(block);
    INDArray bias = s.t(cache.attentionBias(t));                               // [B, 1, T, S]
    INDArray[] cosSin = rope.cosSin(positions);                                // [N, 1, hd] each
    s.t(cosSin[0]);
    s.t(cosSin[1]);
    INDArray x = s.t(Nd4j.pullRows(embed, 1, block.ids()));                  // [N, d], the residual stream
    for (int l = 0; l < layers.length; l++) {
      LayerActs a = new LayerActs();
      layer(l, cache, x, cosSin[0], cosSin[1], bias, b, t, a);
      if (trace != null) {
        trace.layers[l] = a;
      } else {
        a.close();
      }
    }
    INDArray rF = invRms(x, s);
    INDArray xnF = s.t(x.mulColumnVector(rF));
    if (trace != null) {
      trace.cos = cosSin[0];
      trace.sin = cosSin[1];
      trace.rF = rF;
      trace.xnF = xnF;
      return s.t(xnF.mulRowVector(finalNorm));
    }
    return xnF.muliRowVector(finalNorm);
  }

  /** One decoder layer, updating the residual stream {@code x [N, d]} in place. */
  private void layer(int l, KvCache cache, INDArray x, INDArray cos, INDArray sin, INDArray bias, int b, int t,
      LayerActs a) {
    Layer w = layers[l];
    Scratch s = a.scratch;
    int n = b * t;
    int heads = config.numHeads();
    int kvHeads = config.numKvHeads();
    int hd = config.headDim();
    // Attention: x += attn(rms_norm(x) · γ1) · Woᵀ
    a.r1 = invRms(x, s);
    a.xn1 = s.t(x.mulColumnVector(a.r1));
    a.h1 = s.t(a.xn1.mulRowVector(w.inputNorm()));
    INDArray q = rope.apply(linear(a.h1, w.qW(), w.qB(), s).reshape(n, heads, hd), cos, sin, s);
    INDArray k = rope.apply(linear(a.h1, w.kW(), w.kB(), s).reshape(n, kvHeads, hd), cos, sin, s);
    INDArray v = linear(a.h1, w.vW(), w.vB(), s);
    cache.write(l, k.reshape(b, t, kvHeads, hd), v.reshape(b, t, kvHeads, hd));
    // The softmax scale 1/sqrt(hd) is folded into q (kept scaled: backward uses it as it is).
    a.q = toHeads(q, b, t, heads, s).reshape((long) b * kvHeads, (long) t * (heads / kvHeads), hd)
        .muli(1.0 / Math.sqrt(hd));
    INDArray keys = cache.keys(l);                                             // [B·KV, S, hd]
    long cols = keys.size(1);
    a.p = s.t(Nd4j.createUninitialized(dtype, a.q.size(0), a.q.size(1), cols)); // [B·KV, g·T, S]
    bmm(a.q, keys, a.p, false, true);
    a.p.reshape(b, heads, t, cols).addi(bias);                                 // causal + padding mask
    Nd4j.exec(new SoftMax(a.p, a.p, -1));
    INDArray ctx = s.t(Nd4j.createUninitialized(dtype, a.q.shape()));         // [B·KV, g·T, hd]
    bmm(a.p, cache.values(l), ctx, false, false);
    a.o = fromHeads(ctx, b, t, heads, s);                                     // [N, H·hd]
    Nd4j.gemm(a.o, w.oW(), x, false, true, 1.0, 1.0);
    // SwiGLU MLP: x += (silu(h2 · Wgᵀ) ∘ (h2 · Wuᵀ)) · Wdᵀ with h2 = rms_norm(x) · γ2
    a.r2 = invRms(x, s);
    a.xn2 = s.t(x.mulColumnVector(a.r2));
    a.h2 = s.t(a.xn2.mulRowVector(w.postNorm()));
    a.gate = linear(a.h2, w.gateW(), null, s);
    a.up = linear(a.h2, w.upW(), null, s);
    a.silu = s.t(Nd4j.createUninitialized(dtype, a.gate.shape()));
    Nd4j.exec(new Swish(a.gate, a.silu));                                      // silu(x) = x · σ(x)
    a.act = s.t(a.silu.mul(a.up));
    Nd4j.gemm(a.act, w.downW(), x, false, true, 1.0, 1.0);
  }

  /** y = x · Wᵀ + bias, with W in HF layout [out, in]. */
  private INDArray linear(INDArray x, INDArray weight, INDArray bias, Scratch s) {
    INDArray y = s.t(Nd4j.createUninitialized(dtype, x.rows(), weight.rows()));
    Nd4j.gemm(x, weight, y, false, true, 1.0, 0.0);
    return bias == null ? y : y.addiRowVector(bias);
  }

  /** 1 / sqrt(mean(x²) + eps) per row [N]: RMSNorm as HF computes it ({@code x · rsqrt(var + eps) · γ}). */
  private INDArray invRms(INDArray x, Scratch s) {
    INDArray ms = s.t(s.t(x.mul(x)).mean(1)).addi(config.rmsNormEps());
    Nd4j.exec(new RSqrt(ms, ms));
    return ms;
  }

  /** [N, nh·hd] (any view of it, e.g. [N, nh, hd]) → [B, nh, T, hd] as a contiguous copy. */
  private INDArray toHeads(INDArray x, int b, int t, int nh, Scratch s) {
    return s.t(x.reshape(b, t, nh, config.headDim()).permute(0, 2, 1, 3).dup('c'));
  }

  /** [B, nh, T, hd] (or [B·nh, T, hd]) → [N, nh·hd] as a contiguous copy. */
  private INDArray fromHeads(INDArray x, int b, int t, int nh, Scratch s) {
    // Track the copy itself: the reshaped result is a view, which close() would skip.
    return s.t(x.reshape(b, nh, t, config.headDim()).permute(0, 2, 1, 3).dup('c'))
        .reshape((long) b * t, (long) nh * config.headDim());
  }

  /**
   * c[i] = op(a[i]) · op(b[i]) for every block i of 3-D arrays (op = transpose or not), as one batched
   * matmul: measured here it beats one {@code Nd4j.gemm} per block at every shape the model makes, from
   * a decode step's [g, hd]·[hd, S] (≈ 15× less time) to the 0.5B training block's [7·128, 64]·[64, 128]
   * (≈ 1.5×), because each gemm call costs ≈ 70 µs of overhead here.
   */
  private static void bmm(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb) {
    Nd4j.matmul(a, b, c, ta, tb, false);
  }

  private INDArray w(int layer, String suffix) {
    return weights.get(Qwen2Weights.layer(layer, suffix));
  }

  // ================================================================== training pass and backward

  /**
   * One training forward over a batch, holding its activations until closed. The loss interface is
   * per-token log-probabilities: {@link #tokenLogProbs()} entry {@code b·T+t} is
   * {@code log p(ids[b,t] | ids[b,<t])} (0 for t = 0 and padding), and {@link #backward} takes
   * dLoss/dLogProb in the same layout, so SFT, GRPO and any other objective are functions of those alone.
   */
  public final class Pass implements AutoCloseable {

    private final TokenBatch batch;
    private final int bsz;
    private final int seq;
    private final int n;
    private final Scratch scratch = new Scratch();
    private final KvCache cache; // this block's keys and values: activations too
    private final Trace trace;   // null when nothing is kept
    private final INDArray hF;   // final normed hidden [N, d]
    private final INDArray logits; // [N, V]; turned into probabilities by backward
    private final double[] tokenLogp;
    private boolean backwardDone;

    private Pass(TokenBatch batch, boolean keep) {
      this.batch = batch;
      this.bsz = batch.batchSize();
      this.seq = batch.seqLen();
      this.n = batch.tokens();
      this.cache = new KvCache(config, dtype, bsz, seq, Integer.MAX_VALUE);
      this.trace = keep ? new Trace(config.numLayers()) : null;
      try {
        hF = decoder(cache, batch, scratch, trace);
        logits = scratch.t(Nd4j.createUninitialized(dtype, n, config.vocabSize()));
        Nd4j.gemm(hF, lmHead, logits, false, true, 1.0, 0.0);
        tokenLogp = computeTokenLogProbs();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    public TokenBatch batch() {
      return batch;
    }

    /** log p(token t | tokens before it), layout {@code [B·T]}; 0 where undefined. */
    public double[] tokenLogProbs() {
      return tokenLogp.clone();
    }

    private double[] computeTokenLogProbs() {
      // Row (b, t) of the logits predicts token (b, t+1).
      INDArray max = scratch.t(logits.max(1));
      INDArray exp = logits.subColumnVector(max);
      Transforms.exp(exp, false);
      INDArray sumExp = scratch.t(exp.sum(1));
      exp.close(); // [N, V] is the largest temporary: free it now
      double[] out = new double[n];
      for (int b = 0; b < bsz; b++) {
        for (int t = 1; t < seq; t++) {
          int row = b * seq + t - 1;
          if (!batch.real(b, t) || !batch.real(b, t - 1)) {
            continue;
          }
          double zMinusMax = logits.getDouble(row, batch.id(b, t)) - max.getDouble(row);
          out[b * seq + t] = zMinusMax - Math.log(sumExp.getDouble(row));
        }
      }
      return out;
    }

    /**
     * Accumulates dLoss/dWeights into {@code grads}, given dLoss/dLogProb per token (layout of
     * {@link #tokenLogProbs()}; entries where the log-prob is undefined are ignored). Frees the pass.
     */
    public void backward(double[] dTokenLogp, Gradients grads) {
      if (trace == null) {
        throw new IllegalStateException("this pass kept no activations");
      }
      if (backwardDone) {
        throw new IllegalStateException("backward already ran on this pass");
      }
      if (dTokenLogp.length != n) {
        throw new IllegalArgumentException("expected " + n + " token gradients, got " + dTokenLogp.length);
      }
      backwardDone = true;
      try {
        // d logp(target)/d z = onehot(target) − softmax(z), per logits row; row (b,t) predicts (b,t+1).
        double[] coef = new double[n];
        for (int b = 0; b < bsz; b++) {
          for (int t = 1; t < seq; t++) {
            if (batch.real(b, t) && batch.real(b, t - 1)) {
              coef[b * seq + t - 1] = dTokenLogp[b * seq + t];
            }
          }
        }
        INDArray dz = probabilitiesInPlace(logits);
        INDArray negCoef = scratch.t(Nd4j.create(coef, new long[] {n}, dtype).negi());
        dz.muliColumnVector(negCoef);
        for (int b = 0; b < bsz; b++) {
          for (int t = 1; t < seq; t++) {
            int row = b * seq + t - 1;
            if (coef[row] != 0.0) {
              int id = batch.id(b, t);
              dz.putScalar(row, id, dz.getDouble(row, id) + coef[row]);
            }
          }
        }
        INDArray lmGrad = config.tieWordEmbeddings() ? grads.get(Qwen2Weights.EMBED) : grads.get(Qwen2Weights.LM_HEAD);
        Nd4j.gemm(dz, hF, lmGrad, true, false, 1.0, 1.0);
        INDArray dhF = scratch.t(Nd4j.createUninitialized(dtype, n, config.hiddenSize()));
        Nd4j.gemm(dz, lmHead, dhF, false, false, 1.0, 0.0);
        INDArray dx = rmsNormBackward(dhF, trace.xnF, trace.rF, finalNorm, grads.get(Qwen2Weights.FINAL_NORM), scratch);
        for (int l = config.numLayers() - 1; l >= 0; l--) {
          try (LayerActs a = trace.layers[l]) {
            layerBackward(l, a, dx, grads);
          }
          trace.layers[l] = null;
        }
        scatterAddRows(grads.get(Qwen2Weights.EMBED), batch.ids(), dx);
      } finally {
        close();
      }
    }

    /** Backward of {@link Qwen2Model#layer}: {@code dx} holds dLoss/d(layer output) and becomes dLoss/d(input). */
    private void layerBackward(int l, LayerActs a, INDArray dx, Gradients grads) {
      Layer w = layers[l];
      Scratch s = a.scratch;
      int heads = config.numHeads();
      int kvHeads = config.numKvHeads();
      int hd = config.headDim();
      int d = config.hiddenSize();
      // MLP: out = x2 + (silu(h2·Wgᵀ) ∘ h2·Wuᵀ)·Wdᵀ; the residual passes dx through unchanged.
      INDArray dAct = s.t(Nd4j.createUninitialized(dtype, n, config.intermediateSize()));
      Nd4j.gemm(dx, w.downW(), dAct, false, false, 1.0, 0.0);
      Nd4j.gemm(dx, a.act, grad(grads, l, "mlp.down_proj.weight"), true, false, 1.0, 1.0);
      INDArray dUp = s.t(dAct.mul(a.silu));
      // silu'(x) = σ(x)·(1 + x·(1 − σ(x)))
      INDArray sig = s.t(Transforms.sigmoid(a.gate, true));
      INDArray dGate = s.t(sig.rsub(1.0)).muli(a.gate).addi(1.0).muli(sig).muli(dAct).muli(a.up);
      INDArray dh2 = s.t(Nd4j.createUninitialized(dtype, n, d));
      Nd4j.gemm(dGate, w.gateW(), dh2, false, false, 1.0, 0.0);
      Nd4j.gemm(dUp, w.upW(), dh2, false, false, 1.0, 1.0);
      Nd4j.gemm(dGate, a.h2, grad(grads, l, "mlp.gate_proj.weight"), true, false, 1.0, 1.0);
      Nd4j.gemm(dUp, a.h2, grad(grads, l, "mlp.up_proj.weight"), true, false, 1.0, 1.0);
      dx.addi(rmsNormBackward(dh2, a.xn2, a.r2, w.postNorm(), grad(grads, l, "post_attention_layernorm.weight"), s));
      // Attention: x2 = x + o·Woᵀ
      INDArray dO = s.t(Nd4j.createUninitialized(dtype, n, (long) heads * hd));
      Nd4j.gemm(dx, w.oW(), dO, false, false, 1.0, 0.0);
      Nd4j.gemm(dx, a.o, grad(grads, l, "self_attn.o_proj.weight"), true, false, 1.0, 1.0);
      INDArray dOg = toHeads(dO, bsz, seq, heads, s).reshape(a.q.shape());      // [B·KV, g·T, hd]
      INDArray keys = cache.keys(l);
      INDArray values = cache.values(l);
      INDArray dP = s.t(Nd4j.createUninitialized(dtype, a.p.shape()));        // [B·KV, g·T, T]
      INDArray dV = s.t(Nd4j.createUninitialized(dtype, values.shape()));      // [B·KV, T, hd]
      bmm(dOg, values, dP, false, true);
      bmm(a.p, dOg, dV, true, false);
      // softmax backward: dS = P·(dP − rowsum(dP·P)), in dP's buffer; scores = (q·scale)·kᵀ
      INDArray p2 = a.p.reshape(a.p.length() / seq, seq);
      INDArray dS = dP.reshape(p2.shape()).muli(p2);
      INDArray rowSum = s.t(dS.sum(1));
      dS.subi(s.t(p2.mulColumnVector(rowSum)));
      INDArray dQg = s.t(Nd4j.createUninitialized(dtype, a.q.shape()));
      INDArray dK = s.t(Nd4j.createUninitialized(dtype, keys.shape()));
      bmm(dP, keys, dQg, false, false);
      dQg.muli(1.0 / Math.sqrt(hd));
      bmm(dP, a.q, dK, true, false);
      INDArray dq = rope.backward(fromHeads(dQg, bsz, seq, heads, s).reshape(n, heads, hd), trace.cos, trace.sin, s);
      INDArray dk = rope.backward(fromHeads(dK, bsz, seq, kvHeads, s).reshape(n, kvHeads, hd), trace.cos, trace.sin, s);
      INDArray dv = fromHeads(dV, bsz, seq, kvHeads, s);
      dq = dq.reshape(n, (long) heads * hd);
      dk = dk.reshape(n, (long) kvHeads * hd);
      INDArray dh1 = s.t(Nd4j.createUninitialized(dtype, n, d));
      Nd4j.gemm(dq, w.qW(), dh1, false, false, 1.0, 0.0);
      Nd4j.gemm(dk, w.kW(), dh1, false, false, 1.0, 1.0);
      Nd4j.gemm(dv, w.vW(), dh1, false, false, 1.0, 1.0);
      linearParamGrads(dq, a.h1, grad(grads, l, "self_attn.q_proj.weight"), grad(grads, l, "self_attn.q_proj.bias"), s);
      linearParamGrads(dk, a.h1, grad(grads, l, "self_attn.k_proj.weight"), grad(grads, l, "self_attn.k_proj.bias"), s);
      linearParamGrads(dv, a.h1, grad(grads, l, "self_attn.v_proj.weight"), grad(grads, l, "self_attn.v_proj.bias"), s);
      dx.addi(rmsNormBackward(dh1, a.xn1, a.r1, w.inputNorm(), grad(grads, l, "input_layernorm.weight"), s));
    }

    /** dW += dyᵀ·x and db += Σ dy for y = x·Wᵀ + b. */
    private void linearParamGrads(INDArray dy, INDArray x, INDArray dW, INDArray dB, Scratch s) {
      Nd4j.gemm(dy, x, dW, true, false, 1.0, 1.0);
      dB.addi(s.t(dy.sum(0)));
    }

    /** y = (x·r)·γ with r = 1/rms(x): returns dx, adds dγ. */
    private INDArray rmsNormBackward(INDArray dy, INDArray xn, INDArray r, INDArray gamma, INDArray dGamma,
        Scratch s) {
      INDArray dyXn = s.t(dy.mul(xn));
      dGamma.addi(s.t(dyXn.sum(0)));
      INDArray u = s.t(dy.mulRowVector(gamma));
      INDArray proj = s.t(s.t(u.mul(xn)).mean(1)); // mean(u·xn) per row
      INDArray dx = s.t(xn.mulColumnVector(proj));
      dx.rsubi(u); // u − xn·mean(u·xn)
      return dx.muliColumnVector(r);
    }

    private INDArray probabilitiesInPlace(INDArray z) {
      INDArray max = scratch.t(z.max(1));
      z.subiColumnVector(max);
      Transforms.exp(z, false);
      INDArray sum = scratch.t(z.sum(1));
      return z.diviColumnVector(sum);
    }

    /**
     * target[ids[i]] += rows[i] for every i, in order (repeated ids accumulate; deterministic). Done in
     * Java over the buffers: one ND4J op per token would cost more than the arithmetic.
     */
    private void scatterAddRows(INDArray target, int[] ids, INDArray rows) {
      int d = config.hiddenSize();
      INDArray src = rows.isView() || rows.ordering() != 'c' ? scratch.t(rows.dup('c')) : rows;
      if (target.ordering() != 'c' || target.isView()) {
        throw new IllegalStateException("embedding gradient must be a contiguous c-order array");
      }
      boolean nioAddressable = target.length() * target.dataType().width() <= Integer.MAX_VALUE;
      if (target.dataType() == DataType.FLOAT && nioAddressable) {
        java.nio.FloatBuffer t = target.data().asNioFloat();
        float[] r = src.data().asFloat();
        for (int i = 0; i < ids.length; i++) {
          int base = ids[i] * d;
          for (int j = 0; j < d; j++) {
            t.put(base + j, t.get(base + j) + r[i * d + j]);
          }
        }
      } else if (target.dataType() == DataType.DOUBLE && nioAddressable) {
        java.nio.DoubleBuffer t = target.data().asNioDouble();
        double[] r = src.data().asDouble();
        for (int i = 0; i < ids.length; i++) {
          int base = ids[i] * d;
          for (int j = 0; j < d; j++) {
            t.put(base + j, t.get(base + j) + r[i * d + j]);
          }
        }
      } else {
        for (int i = 0; i < ids.length; i++) {
          target.getRow(ids[i]).addi(src.getRow(i));
        }
      }
    }

    private INDArray grad(Gradients grads, int layer, String suffix) {
      return grads.get(Qwen2Weights.layer(layer, suffix));
    }

    @Override
    public void close() {
      if (trace != null) {
        for (int l = 0; l < trace.layers.length; l++) {
          if (trace.layers[l] != null) {
            trace.layers[l].close();
            trace.layers[l] = null;
          }
        }
      }
      scratch.close();
      cache.close();
    }
  }
}
