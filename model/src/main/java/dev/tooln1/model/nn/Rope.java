package dev.tooln1.model.nn;

import dev.tooln1.model.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rotary position embedding as Hugging Face's {@code Qwen2RotaryEmbedding} computes it — the one
 * RoPE table builder of the model, used by inference and training alike.
 *
 * <p>Convention (checked against {@code src/test/python/qwen2_reference.py}, which follows HF):
 * {@code inv_freq[i] = 1 / theta^(2i/hd)} for i < hd/2, computed in float32 (HF builds it with
 * {@code torch.arange(...).float()} in float32); the angle {@code position · inv_freq[i]} is a float32
 * product too; cos and sin of that float32 angle are then rounded to the compute dtype. The hd/2
 * frequencies repeat for both halves of a head ("rotate half" layout, not interleaved pairs):
 * {@code rope(x) = x·cos + rotate_half(x)·sin}, {@code rotate_half([x1, x2]) = [−x2, x1]}. Rounding
 * to float32 matters at long positions (at position 32,767 with theta 1e6 the float32 and double angles
 * differ by up to 1.1e-3 rad), so a double table would drift from the numbers HF computes.
 *
 * <p>Rows are computed for the positions a pass needs (a few thousand cos/sin per call, far below the
 * cost of one GEMM), so there is no {@code [max_positions, hd]} table to build per model and no limit on
 * the positions a training pass may use.
 */
final class Rope {

  private final int headDim;
  private final float[] invFreq; // [hd/2], float32 as HF computes it
  private final DataType dtype;
  private final INDArray rotateHalf; // [hd, hd]: rotate_half(x) = x · R

  Rope(ModelConfig config, DataType dtype) {
    this.headDim = config.headDim();
    this.dtype = dtype;
    int half = headDim / 2;
    this.invFreq = new float[half];
    for (int i = 0; i < half; i++) {
      float exponent = (float) (2 * i) / (float) headDim;
      invFreq[i] = 1.0f / (float) Math.pow(config.ropeTheta(), exponent);
    }
    // rotate_half as a signed permutation matrix (exact in any float type): column j < hd/2 takes −x[j + hd/2],
    // column j + hd/2 takes x[j]. One GEMM instead of two strided copies, and its transpose is the backward.
    double[] r = new double[headDim * headDim];
    for (int j = 0; j < half; j++) {
      r[(j + half) * headDim + j] = -1;
      r[j * headDim + j + half] = 1;
    }
    try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
      this.rotateHalf = Nd4j.create(r, new long[] {headDim, headDim}, dtype);
    }
  }

  /** cos and sin for each position, each {@code [n, 1, hd]} (broadcast over heads), in the current memory scope. */
  INDArray[] cosSin(int[] positions) {
    int half = headDim / 2;
    double[] cos = new double[positions.length * headDim];
    double[] sin = new double[positions.length * headDim];
    for (int p = 0; p < positions.length; p++) {
      float position = positions[p];
      for (int i = 0; i < half; i++) {
        float angle = invFreq[i] * position;
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        int at = p * headDim + i;
        cos[at] = c;
        cos[at + half] = c;
        sin[at] = s;
        sin[at + half] = s;
      }
    }
    long[] shape = {positions.length, 1, headDim};
    return new INDArray[] {Nd4j.create(cos, shape, dtype), Nd4j.create(sin, shape, dtype)};
  }

  /** {@code x·cos + rotate_half(x)·sin} in place on {@code x [n, heads, hd]}; returns x. */
  INDArray apply(INDArray x, INDArray cos, INDArray sin, Scratch s) {
    INDArray rotated = s.t(Nd4j.gemm(x.reshape(x.size(0) * x.size(1), headDim), rotateHalf, false, false));
    return x.muli(cos).addi(rotated.reshape(x.shape()).muli(sin));
  }

  /**
   * The transpose of {@link #apply} for backward: {@code dy·cos + rotate_halfᵀ(dy·sin)}, a new array
   * {@code [n, heads, hd]}; {@code dy} is left as it was.
   */
  INDArray backward(INDArray dy, INDArray cos, INDArray sin, Scratch s) {
    INDArray z = s.t(dy.mul(sin));
    INDArray out = s.t(dy.mul(cos));
    INDArray back = s.t(Nd4j.gemm(z.reshape(z.size(0) * z.size(1), headDim), rotateHalf, false, true));
    return out.addi(back.reshape(out.shape()));
  }
}
