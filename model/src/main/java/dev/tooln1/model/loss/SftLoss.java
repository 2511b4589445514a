package dev.tooln1.model.loss;

/**
 * Masked next-token cross-entropy: −Σ mask·log p(token) / denominator, over per-token log-probs in the
 * layout of {@code Qwen2Model.Pass#tokenLogProbs()} (entry t = log p(token t | tokens before)).
 * The mask marks target (assistant) tokens. With gradient accumulation the denominator is the target
 * token count of the whole step, so the summed micro-batch losses are the step's token mean.
 */
public final class SftLoss {

  /** Loss, dLoss/dLogProb per token, and the number of target tokens seen. */
  public record Result(double loss, double[] dTokenLogp, int targetTokens) {}

  public Result compute(double[] tokenLogp, int[] lossMask) {
    return compute(tokenLogp, lossMask, countTargets(lossMask));
  }

  public Result compute(double[] tokenLogp, int[] lossMask, double denominator) {
    if (tokenLogp.length != lossMask.length) {
      throw new IllegalArgumentException("log-probs and mask differ in length: " + tokenLogp.length
          + " vs " + lossMask.length);
    }
    double[] grad = new double[tokenLogp.length];
    int count = countTargets(lossMask);
    if (count == 0) {
      return new Result(0.0, grad, 0);
    }
    if (!(denominator > 0)) {
      throw new IllegalArgumentException("denominator must be > 0, got " + denominator);
    }
    double sum = 0;
    for (int i = 0; i < tokenLogp.length; i++) {
      if (lossMask[i] == 1) {
        sum += tokenLogp[i];
        grad[i] = -1.0 / denominator;
      }
    }
    return new Result(-sum / denominator, grad, count);
  }

  public static int countTargets(int[] lossMask) {
    int n = 0;
    for (int m : lossMask) {
      if (m != 0 && m != 1) {
        throw new IllegalArgumentException("loss mask entries must be 0 or 1, got " + m);
      }
      n += m;
    }
    return n;
  }
}
