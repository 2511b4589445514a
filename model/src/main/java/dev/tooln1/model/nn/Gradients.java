package dev.tooln1.model.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient accumulators with the same names, shapes and dtype as the weights. Backward passes add into
 * them, so micro-batches accumulate until {@link #zero()}.
 */
public final class Gradients {

  private final Map<String, INDArray> grads = new LinkedHashMap<>();

  public Gradients(Qwen2Weights weights) {
    weights.asMap().forEach((name, w) -> grads.put(name, Nd4j.zeros(w.dataType(), w.shape())));
  }

  public INDArray get(String name) {
    INDArray g = grads.get(name);
    if (g == null) {
      throw new IllegalArgumentException("no gradient " + name);
    }
    return g;
  }

  public Map<String, INDArray> asMap() {
    return Collections.unmodifiableMap(grads);
  }

  public void zero() {
    grads.values().forEach(g -> g.assign(0));
  }

  public double globalNorm() {
    double sq = 0;
    for (INDArray g : grads.values()) {
      double n = g.norm2Number().doubleValue();
      sq += n * n;
    }
    return Math.sqrt(sq);
  }

  public void scale(double factor) {
    grads.values().forEach(g -> g.muli(factor));
  }

  /**
   * Clips to a global L2 norm of {@code maxNorm} as PyTorch's {@code clip_grad_norm_} does (coefficient
   * {@code maxNorm / (norm + 1e-6)}, applied only when below 1); returns the norm before clipping.
   */
  public double clipGlobalNorm(double maxNorm) {
    double norm = globalNorm();
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1.0) {
      scale(coef);
    }
    return norm;
  }
}
