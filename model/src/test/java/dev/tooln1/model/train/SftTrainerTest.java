package dev.tooln1.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.TokenBatch;
import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class SftTrainerTest {

  static final ModelConfig SMALL = new ModelConfig(32, 2, 4, 2, 64, 24, 64, 10_000.0, 1e-6, true);

  /** Toy corpus: "prompt" token p then the "answer" counting up from p: p, p+1, ..., p+5 (mod 20). */
  static SftBatch toyBatch(SplitMix64 rng, int rows) {
    List<int[]> seqs = new ArrayList<>();
    int[] mask = new int[rows * 7];
    for (int r = 0; r < rows; r++) {
      int p = rng.nextInt(20);
      int[] s = new int[7];
      s[0] = 21; // BOS
      for (int i = 1; i < 7; i++) {
        s[i] = (p + i - 1) % 20;
      }
      seqs.add(s);
      for (int t = 2; t < 7; t++) {
        mask[r * 7 + t] = 1; // the answer after the prompt token
      }
    }
    return new SftBatch(TokenBatch.rightPadded(seqs, 0, 7), mask);
  }

  public static final ModelConfig SMALL_FOR_CHECKPOINTS = SMALL;

  public static SftBatch toyBatchFor(SplitMix64 rng, int rows) {
    return toyBatch(rng, rows);
  }

  public static OptimConfig optimForCheckpoints() {
    return optim();
  }

  static OptimConfig optim() {
    return new OptimConfig(AdamWConfig.defaults(), LrSchedule.cosine(1e-2, 3, 40, 0.1), 1.0);
  }

  @Test
  void sftDrivesTheLossDownOnAToyCorpus() {
    SftTrainer trainer = new SftTrainer(Qwen2Weights.random(SMALL, 1, 0.05), optim(), 42);
    List<Double> losses = new ArrayList<>();
    trainer.addListener(m -> losses.add(m.loss()));
    for (int i = 0; i < 40; i++) {
      trainer.step(List.of(toyBatch(trainer.rng(), 8), toyBatch(trainer.rng(), 8)));
    }
    double first = losses.get(0);
    double last = (losses.get(37) + losses.get(38) + losses.get(39)) / 3;
    assertThat(first).isGreaterThan(2.5); // ≈ ln 24 at init
    assertThat(last).isLessThan(0.3 * first);
    assertThat(trainer.stepsDone()).isEqualTo(40);
  }

  @Test
  void nonFiniteGradientIsRefusedAndLeavesWeightsUnchanged() {
    Qwen2Weights w = Qwen2Weights.random(SMALL, 4, 0.05);
    w.get(Qwen2Weights.FINAL_NORM).putScalar(0, Float.NaN);
    SftTrainer t = new SftTrainer(w, optim(), 1);
    float before = w.get(Qwen2Weights.EMBED).getFloat(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.step(List.of(toyBatch(t.rng(), 2))))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite gradient norm");
    assertThat(w.get(Qwen2Weights.EMBED).getFloat(0)).isEqualTo(before);
  }

  @Test
  void tokenIdOutsideTheVocabularyIsAClearError() {
    Qwen2Model m = new Qwen2Model(Qwen2Weights.random(SMALL, 4, 0.05));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> m.forward(new TokenBatch(1, 3, new int[] {1, 24, 2}, new int[] {1, 1, 1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token id 24 at row 0, column 1");
  }

  @Test
  void gradientAccumulationEqualsOneBigBatch() {
    SplitMix64 data = new SplitMix64(9);
    SftBatch a = toyBatch(data, 3);
    SftBatch b = toyBatch(data, 3);
    List<int[]> rows = new ArrayList<>();
    int[] mask = new int[42];
    for (SftBatch x : List.of(a, b)) {
      for (int r = 0; r < 3; r++) {
        rows.add(java.util.Arrays.copyOfRange(x.tokens().ids(), r * 7, r * 7 + 7));
      }
    }
    System.arraycopy(a.lossMask(), 0, mask, 0, 21);
    System.arraycopy(b.lossMask(), 0, mask, 21, 21);
    SftBatch whole = new SftBatch(TokenBatch.rightPadded(rows, 0, 7), mask);
    Qwen2Weights w = Qwen2Weights.random(SMALL, 3, 0.05);
    SftTrainer split = new SftTrainer(w.copy(), optim(), 1);
    SftTrainer one = new SftTrainer(w.copy(), optim(), 1);
    SftTrainer.Metrics ms = split.step(List.of(a, b));
    SftTrainer.Metrics mo = one.step(List.of(whole));
    assertThat(ms.loss()).isCloseTo(mo.loss(), org.assertj.core.data.Offset.offset(1e-5));
    assertThat(ms.gradNorm()).isCloseTo(mo.gradNorm(), org.assertj.core.data.Offset.offset(1e-4 * mo.gradNorm()));
  }

  @Test
  void gradientShardsRunInParallelGiveTheSameStepAsOneAccumulatorAndTheSameBitsEveryTime() {
    Qwen2Weights w = Qwen2Weights.random(SMALL, 4, 0.05);
    List<Qwen2Weights> results = new ArrayList<>();
    for (int shards : new int[] {1, 2, 2, 3}) {
      SftTrainer t = new SftTrainer(w.copy(), optim().withGradientShards(shards), 1);
      SplitMix64 data = new SplitMix64(11);
      for (int step = 0; step < 4; step++) {
        t.step(List.of(toyBatch(data, 2), toyBatch(data, 3), toyBatch(data, 2), toyBatch(data, 1), toyBatch(data, 2)));
      }
      results.add(t.weights());
    }
    for (String name : w.asMap().keySet()) {
      var one = results.get(0).get(name);
      // the same sums in another order: equal to float rounding
      assertThat(results.get(1).get(name).sub(one).amaxNumber().doubleValue()).as(name)
          .isLessThan(1e-5 * Math.max(1, one.amaxNumber().doubleValue()));
      // two runs with two shards (two threads): bit-identical, whatever the timing
      assertThat(results.get(2).get(name)).as(name).isEqualTo(results.get(1).get(name));
      assertThat(results.get(3).get(name).sub(one).amaxNumber().doubleValue()).as(name)
          .isLessThan(1e-5 * Math.max(1, one.amaxNumber().doubleValue()));
    }
  }
}
