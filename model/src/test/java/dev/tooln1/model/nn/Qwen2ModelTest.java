package dev.tooln1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one Qwen2 forward against the independent numpy reference (src/test/python/qwen2_reference.py,
 * fixtures in resources/qwen2-ref): logits through the inference entry points (KV cache, column
 * slices) and next-token log-probs through the training pass, float32, 1e-4 relative.
 */
class Qwen2ModelTest {

  /** max |actual − expected| over real positions, relative to max |expected|. */
  static double relativeError(INDArray actual, INDArray expected, int[][] mask) {
    double maxDiff = 0;
    double maxRef = 0;
    long vocab = expected.size(2);
    for (int b = 0; b < mask.length; b++) {
      for (int t = 0; t < mask[b].length; t++) {
        if (mask[b][t] == 0) {
          continue;
        }
        for (int v = 0; v < vocab; v++) {
          double e = expected.getDouble(b, t, v);
          maxDiff = Math.max(maxDiff, Math.abs(actual.getDouble(b, t, v) - e));
          maxRef = Math.max(maxRef, Math.abs(e));
        }
      }
    }
    return maxDiff / maxRef;
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource({"tiny, single", "tiny, left_padded", "tiny, right_padded",
      "untied, single", "untied, left_padded", "untied, right_padded"})
  void logitsMatchTheNumpyReference(String fixtureName, String caseName) {
    Qwen2Fixture fixture = Qwen2Fixture.load(fixtureName);
    Qwen2Fixture.Case c = fixture.testCase(caseName);
    INDArray logits = new Qwen2Model(fixture.weights()).logits(c.ids(), c.mask());
    INDArray expected = fixture.expected().get(caseName + ".logits");
    assertThat(logits.shape()).isEqualTo(expected.shape());
    double err = relativeError(logits, expected, c.mask());
    System.out.printf("%s/%s relative error %.3g%n", fixtureName, caseName, err);
    assertThat(err).isLessThan(1e-4);
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource({"tiny, single", "tiny, left_padded", "tiny, right_padded",
      "untied, single", "untied, left_padded", "untied, right_padded"})
  void trainingPassLogProbsMatchTheNumpyReference(String fixtureName, String caseName) {
    Qwen2Fixture fixture = Qwen2Fixture.load(fixtureName);
    Qwen2Fixture.Case c = fixture.testCase(caseName);
    TokenBatch batch = TokenBatch.of(c.ids(), c.mask());
    Qwen2Model model = new Qwen2Model(fixture.weights());
    INDArray expected = fixture.expected().get(caseName + ".logprobs"); // [B, T-1]: token t+1 given ..t
    double[] kept;
    try (Qwen2Model.Pass pass = model.forward(batch)) {
      kept = pass.tokenLogProbs();
    }
    double[] scored = model.tokenLogProbs(batch);
    int len = batch.seqLen();
    int compared = 0;
    for (int b = 0; b < batch.batchSize(); b++) {
      for (int t = 0; t + 1 < len; t++) {
        double e = expected.getDouble(b, t);
        org.assertj.core.data.Offset<Double> tolerance = org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(e)));
        assertThat(kept[b * len + t + 1]).as("logp[%d,%d]", b, t + 1).isCloseTo(e, tolerance);
        assertThat(scored[b * len + t + 1]).isEqualTo(kept[b * len + t + 1]); // same code, same numbers
        compared += e != 0 ? 1 : 0;
      }
    }
    assertThat(compared).isGreaterThan(4);
  }

  @Test
  void lastLogitsAreTheLogitsAtEachRowsLastRealToken() {
    Qwen2Fixture fixture = Qwen2Fixture.load("tiny");
    Qwen2Fixture.Case c = fixture.testCase("right_padded");
    float[][] last = new Qwen2Model(fixture.weights()).lastLogits(c.ids(), c.mask());
    INDArray expected = fixture.expected().get("right_padded.logits");
    int[] lastReal = {4, 8};
    for (int b = 0; b < 2; b++) {
      for (int v = 0; v < last[b].length; v++) {
        assertThat((double) last[b][v]).isCloseTo(expected.getDouble(b, lastReal[b], v),
            org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  @Test
  void longBlocksRunInColumnSlicesWithTheSameResults() {
    Qwen2Fixture fixture = Qwen2Fixture.load("tiny");
    Qwen2Fixture.Case c = fixture.testCase("left_padded");
    // 2 rows × 4 heads × 9 columns = 72 floats per query column: a budget of 150 gives slices of 2.
    Qwen2Model sliced = new Qwen2Model(fixture.weights(), 150);
    INDArray expected = fixture.expected().get("left_padded.logits");
    assertThat(relativeError(sliced.logits(c.ids(), c.mask()), expected, c.mask())).isLessThan(1e-4);
    float[][] last = sliced.lastLogits(c.ids(), c.mask());
    for (int b = 0; b < 2; b++) {
      for (int v = 0; v < last[b].length; v++) {
        assertThat((double) last[b][v]).isCloseTo(expected.getDouble(b, 8, v), org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  @Test
  void rejectsTokenIdsOutsideTheVocabulary() {
    Qwen2Fixture fixture = Qwen2Fixture.load("tiny");
    Qwen2Model model = new Qwen2Model(fixture.weights());
    assertThatThrownBy(() -> model.logits(new int[][] {{1, 512}}, new int[][] {{1, 1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token id 512 at row 0, column 1");
  }
}
