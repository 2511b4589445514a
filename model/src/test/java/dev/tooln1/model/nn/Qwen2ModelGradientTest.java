package dev.tooln1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finite-difference checks (float64) of every parameter kind's gradient from the hand-written backward of
 * the one {@link Qwen2Model} forward (the pass the trainers and, with a KV cache, the sampler run).
 */
class Qwen2ModelGradientTest {

  // GQA with 2 query heads per KV head, head dim 4, tiny vocabulary.
  static ModelConfig config(boolean tied) {
    return new ModelConfig(16, 2, 4, 2, 24, 40, 64, 10_000.0, 1e-6, tied);
  }

  static Qwen2Weights doubleWeights(ModelConfig c, long seed) {
    Map<String, INDArray> m = new LinkedHashMap<>();
    Qwen2Weights.random(c, seed, 0.3).asMap().forEach((k, v) -> m.put(k, v.castTo(DataType.DOUBLE)));
    return new Qwen2Weights(c, m);
  }

  /**
   * One right-padded and one left-padded sequence, so masks and positions are exercised; tokens 17 and 3
   * occur in both, so the embedding scatter-add must accumulate repeated rows.
   */
  static TokenBatch batch() {
    int[] ids2 = {3, 17, 5, 9, 22, 0, 0, 0, 0, 0, 12, 4, 17, 7, 3, 2};
    int[] att2 = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
    return new TokenBatch(2, 8, ids2, att2);
  }

  static double[] coefficients(TokenBatch b, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] c = new double[b.tokens()];
    for (int i = 0; i < c.length; i++) {
      c[i] = r.nextDouble(-1, 1);
    }
    return c;
  }

  static double loss(Qwen2Model m, TokenBatch b, double[] coef) {
    double[] lp = m.tokenLogProbs(b);
    double s = 0;
    for (int i = 0; i < lp.length; i++) {
      s += coef[i] * lp[i];
    }
    return s;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void everyParameterGradientMatchesFiniteDifferences(boolean tied) {
    ModelConfig c = config(tied);
    Qwen2Weights w = doubleWeights(c, 7);
    Qwen2Model model = new Qwen2Model(w);
    TokenBatch b = batch();
    double[] coef = coefficients(b, 11);
    Gradients g = new Gradients(w);
    model.forward(b).backward(coef, g);
    SplittableRandom pick = new SplittableRandom(5);
    double eps = 1e-5;
    int checked = 0;
    for (String name : w.names()) {
      INDArray p = w.get(name);
      INDArray gp = g.get(name);
      long len = p.length();
      for (int k = 0; k < 4; k++) {
        long idx;
        if (name.equals(Qwen2Weights.EMBED) && k < 2) {
          idx = (long) b.ids()[k == 0 ? 1 : 14] * c.hiddenSize() + pick.nextInt(c.hiddenSize()); // used rows
        } else {
          idx = pick.nextLong(len);
        }
        double orig = p.getDouble(idx);
        p.putScalar(idx, orig + eps);
        double up = loss(model, b, coef);
        p.putScalar(idx, orig - eps);
        double down = loss(model, b, coef);
        p.putScalar(idx, orig);
        double numeric = (up - down) / (2 * eps);
        double analytic = gp.getDouble(idx);
        assertThat(analytic)
            .as("d loss / d %s[%d] (numeric %s)", name, idx, numeric)
            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(numeric)));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(w.names().size() * 4);
    assertThat(g.globalNorm()).isGreaterThan(0.1);
  }

  @Test
  void paddingDoesNotChangeLogProbsOfRealTokens() {
    ModelConfig c = config(true);
    Qwen2Model model = new Qwen2Model(doubleWeights(c, 3));
    int[] seq = {3, 17, 5, 9, 22};
    double[] alone = model.tokenLogProbs(TokenBatch.rightPadded(List.of(seq), 0, 0));
    double[] padded = model.tokenLogProbs(batch()); // row 0: seq right-padded; row 1 left-padded other seq
    for (int t = 1; t < seq.length; t++) {
      assertThat(padded[t]).isCloseTo(alone[t], org.assertj.core.data.Offset.offset(1e-12));
    }
    int[] seq2 = {12, 4, 17, 7, 3, 2};
    double[] alone2 = model.tokenLogProbs(TokenBatch.rightPadded(List.of(seq2), 0, 0));
    for (int t = 1; t < seq2.length; t++) {
      assertThat(padded[8 + 2 + t]).isCloseTo(alone2[t], org.assertj.core.data.Offset.offset(1e-12));
    }
    assertThat(alone[1]).isLessThan(0.0);
  }
}
