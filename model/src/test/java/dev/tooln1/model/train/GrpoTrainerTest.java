package dev.tooln1.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.loss.GrpoConfig;
import dev.tooln1.model.loss.GrpoLoss;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.TokenBatch;
import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Toy task: prompt "BOS a b SEP" with digits a, b; the one-token answer earns reward 1 iff it is max(a, b).
 * Sampling is a plain softmax sampler over the training model's last-position logits.
 */
class GrpoTrainerTest {

  static final int BOS = 10;
  static final int SEP = 11;
  static final ModelConfig SMALL = new ModelConfig(32, 2, 4, 2, 64, 12, 64, 10_000.0, 1e-6, true);

  record Rollout(GrpoBatch batch, double meanReward) {}

  static Rollout rollout(GrpoTrainer trainer, SplitMix64 rng, int prompts, int group) {
    List<int[]> seqs = new ArrayList<>();
    for (int p = 0; p < prompts; p++) {
      int a = rng.nextInt(10);
      int b = rng.nextInt(10);
      for (int g = 0; g < group; g++) {
        seqs.add(new int[] {BOS, a, b, SEP, 0});
      }
    }
    int n = seqs.size();
    TokenBatch promptBatch = TokenBatch.rightPadded(seqs.stream().map(s -> java.util.Arrays.copyOf(s, 4)).toList(), 0, 4);
    INDArray logits = trainer.model().logits(promptBatch);
    double[] rewards = new double[n];
    int[] mask = new int[n * 5];
    for (int i = 0; i < n; i++) {
      int[] s = seqs.get(i);
      double[] p = new double[SMALL.vocabSize()];
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < p.length; v++) {
        p[v] = logits.getDouble(i, 3, v);
        max = Math.max(max, p[v]);
      }
      double sum = 0;
      for (int v = 0; v < p.length; v++) {
        p[v] = Math.exp(p[v] - max);
        sum += p[v];
      }
      double u = rng.nextDouble() * sum;
      int tok = p.length - 1;
      for (int v = 0; v < p.length; v++) {
        u -= p[v];
        if (u < 0) {
          tok = v;
          break;
        }
      }
      s[4] = tok;
      rewards[i] = tok == Math.max(s[1], s[2]) ? 1.0 : 0.0;
      mask[i * 5 + 4] = 1;
    }
    GrpoBatch batch = new GrpoBatch(TokenBatch.rightPadded(seqs, 0, 5), mask, rewards, group, null);
    return new Rollout(batch, java.util.Arrays.stream(rewards).average().orElse(0));
  }

  @Test
  void resumedGrpoRunIsBitIdenticalToAnUninterruptedOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Qwen2Weights init = Qwen2Weights.random(SMALL, 8, 0.05);
    OptimConfig optim = new OptimConfig(AdamWConfig.defaults(), LrSchedule.cosine(1e-2, 1, 4, 0.1), 1.0);
    GrpoLoss loss = new GrpoLoss(GrpoConfig.defaults().withKlCoef(0.05));
    GrpoTrainer straight = new GrpoTrainer(init.copy(), init, loss, optim, 3);
    for (int i = 0; i < 4; i++) {
      straight.step(rollout(straight, straight.rng(), 4, 3).batch(), 6);
    }
    GrpoTrainer first = new GrpoTrainer(init.copy(), init, loss, optim, 3);
    for (int i = 0; i < 2; i++) {
      first.step(rollout(first, first.rng(), 4, 3).batch(), 6);
    }
    var store = new dev.tooln1.model.checkpoint.CheckpointStore(dir);
    store.save("step-2", first.checkpoint(dev.tooln1.model.checkpoint.Provenance.none()));
    GrpoTrainer resumed = GrpoTrainer.resume(store.load("step-2"), init, loss, optim);
    for (int i = 0; i < 2; i++) {
      resumed.step(rollout(resumed, resumed.rng(), 4, 3).batch(), 6);
    }
    // Biases are not decayed: they moved only if the policy gradient flowed.
    String bias = Qwen2Weights.layer(1, "self_attn.v_proj.bias");
    assertThat(straight.weights().get(bias).sub(init.get(bias)).amaxNumber().doubleValue()).isGreaterThan(1e-3);
    for (String name : init.names()) {
      assertThat(resumed.weights().get(name).data().asInt()).as(name)
          .containsExactly(straight.weights().get(name).data().asInt());
    }
  }

  @Test
  void grpoRaisesMeanRewardOnLargerOfTwoNumbers() {
    Qwen2Weights init = Qwen2Weights.random(SMALL, 5, 0.05);
    OptimConfig optim = new OptimConfig(AdamWConfig.defaults().withWeightDecay(0), LrSchedule.constant(1e-2, 2), 1.0);
    GrpoTrainer trainer = new GrpoTrainer(init.copy(), init, new GrpoLoss(GrpoConfig.defaults()), optim, 7);
    List<Double> rewards = new ArrayList<>();
    List<GrpoTrainer.Metrics> metrics = new ArrayList<>();
    trainer.addListener(metrics::add);
    for (int step = 0; step < 30; step++) {
      Rollout r = rollout(trainer, trainer.rng(), 12, 6);
      rewards.add(r.meanReward());
      trainer.step(r.batch(), 36);
    }
    double early = rewards.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double late = rewards.subList(25, 30).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    System.out.printf("GRPO toy: mean reward %.3f (first 5 steps) -> %.3f (last 5 of 30)%n", early, late);
    assertThat(late).isGreaterThan(early + 0.3);
    // On-policy: ratio exactly 1, nothing clipped; the policy has moved away from the reference.
    GrpoTrainer.Metrics lastM = metrics.get(metrics.size() - 1);
    assertThat(lastM.meanRatio()).isEqualTo(1.0);
    assertThat(lastM.clipFracHigh() + lastM.clipFracLow()).isZero();
    assertThat(lastM.klMean()).isGreaterThan(0.0);
  }
}
