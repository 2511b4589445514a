package dev.tooln1.model.nn;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of token sequences padded to one length, the input of every {@link Qwen2Model} pass:
 * {@code ids} and {@code attention} are row-major {@code [batchSize, seqLen]}; {@code attention[i] == 1}
 * marks a real token, 0 padding (left or right). Rotary positions count real tokens only (HF's
 * {@code cumsum(mask) - 1}; {@link KvCache} assigns them), so a padded row gets the numbers of the same
 * row unpadded.
 */
public record TokenBatch(int batchSize, int seqLen, int[] ids, int[] attention) {

  public TokenBatch {
    if (batchSize <= 0 || seqLen <= 0) {
      throw new IllegalArgumentException("batch shape must be positive, got " + batchSize + "x" + seqLen);
    }
    if (ids.length != batchSize * seqLen || attention.length != batchSize * seqLen) {
      throw new IllegalArgumentException("ids/attention must have " + batchSize * seqLen + " entries, got "
          + ids.length + "/" + attention.length);
    }
    for (int a : attention) {
      if (a != 0 && a != 1) {
        throw new IllegalArgumentException("attention entries must be 0 or 1, got " + a);
      }
    }
  }

  /**
   * A rectangular block from per-row arrays, as the inference entry points take them: {@code mask}
   * non-zero = real token.
   */
  public static TokenBatch of(int[][] ids, int[][] mask) {
    if (ids.length == 0 || ids[0].length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    if (mask.length != ids.length) {
      throw new IllegalArgumentException("mask has " + mask.length + " rows, ids have " + ids.length);
    }
    int t = ids[0].length;
    int[] flatIds = new int[ids.length * t];
    int[] flatMask = new int[ids.length * t];
    for (int r = 0; r < ids.length; r++) {
      if (ids[r].length != t || mask[r].length != t) {
        throw new IllegalArgumentException("row " + r + " has " + ids[r].length + " ids and "
            + mask[r].length + " mask entries, expected " + t);
      }
      System.arraycopy(ids[r], 0, flatIds, r * t, t);
      for (int c = 0; c < t; c++) {
        flatMask[r * t + c] = mask[r][c] != 0 ? 1 : 0;
      }
    }
    return new TokenBatch(ids.length, t, flatIds, flatMask);
  }

  /** Right-pads the sequences with {@code padId} to the longest one (or {@code minLen}). */
  public static TokenBatch rightPadded(List<int[]> sequences, int padId, int minLen) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("no sequences");
    }
    int len = minLen;
    for (int[] s : sequences) {
      len = Math.max(len, s.length);
    }
    int b = sequences.size();
    int[] ids = new int[b * len];
    int[] att = new int[b * len];
    Arrays.fill(ids, padId);
    for (int i = 0; i < b; i++) {
      int[] s = sequences.get(i);
      System.arraycopy(s, 0, ids, i * len, s.length);
      Arrays.fill(att, i * len, i * len + s.length, 1);
    }
    return new TokenBatch(b, len, ids, att);
  }

  public int tokens() {
    return batchSize * seqLen;
  }

  public int id(int b, int t) {
    return ids[b * seqLen + t];
  }

  public boolean real(int b, int t) {
    return attention[b * seqLen + t] == 1;
  }

  /** Columns [from, to) of every row. */
  public TokenBatch columns(int from, int to) {
    if (from == 0 && to == seqLen) {
      return this;
    }
    int w = to - from;
    int[] i = new int[batchSize * w];
    int[] m = new int[batchSize * w];
    for (int r = 0; r < batchSize; r++) {
      System.arraycopy(ids, r * seqLen + from, i, r * w, w);
      System.arraycopy(attention, r * seqLen + from, m, r * w, w);
    }
    return new TokenBatch(batchSize, w, i, m);
  }

  /** Column of each row's last real token, or the last column if the row has none. */
  public int[] lastRealColumns() {
    int[] out = new int[batchSize];
    for (int r = 0; r < batchSize; r++) {
      int last = seqLen - 1;
      for (int c = seqLen - 1; c >= 0; c--) {
        if (real(r, c)) {
          last = c;
          break;
        }
      }
      out[r] = last;
    }
    return out;
  }
}
