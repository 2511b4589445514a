package dev.tooln1.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.loss.GrpoConfig;
import dev.tooln1.model.loss.GrpoLoss;
import dev.tooln1.model.nn.Generation;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.model.nn.TokenBatch;
import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The log-probs the sampler records for a rollout (KV-cache prefill of left-padded, de-duplicated
 * prompts, then one token per step, with finished rows compacted away) are the log-probs the training
 * forward computes for the same sequences (one right-padded block, as the update activity builds it),
 * so the first PPO ratio of a GRPO step is 1.
 *
 * <p>Bound, float32: |Δ log p| < 5e-5 per token and a mean ratio within 5e-5 of 1 (measured: 1.6e-5 and
 * 5.9e-6 at the worst token, with random weights of std 0.3 — large activations — for log-probs around
 * −4). The difference is float32 rounding only: GEMMs of different shapes sum in different orders (a
 * decode step multiplies one row per sequence, the training block all of them) and the sampler takes its
 * log-softmax in double, the training pass in float32. With float64 weights the gap falls to 4.9e-7
 * (bound 2e-6), what is left being the float32 logits and log-probs the sampler's interface carries:
 * the arithmetic is the same. A ratio this close to 1 is far inside the PPO clip range (0.8, 1.2).
 */
class SampledLogProbsTest {

  static final double BOUND = 5e-5;
  static final double BOUND_FLOAT64 = 2e-6;

  static ModelConfig config(String name) {
    return switch (name) {
      case "tiny" -> ModelConfig.preset("tiny"); // GQA 2:1, tied lm_head, theta 1e4
      case "untied" -> new ModelConfig(48, 2, 6, 2, 80, 160, 256, 1_000_000.0, 1e-5, false); // GQA 3:1, theta 1e6
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource({"tiny, FLOAT", "untied, FLOAT", "tiny, DOUBLE"})
  void theSamplersLogProbsAreTheTrainingForwardsAndTheFirstRatioIsOne(String name, DataType dtype) {
    ModelConfig c = config(name);
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    Qwen2Weights.random(c, 17, 0.3).asMap().forEach((k, v) -> arrays.put(k, v.castTo(dtype)));
    Qwen2Weights weights = new Qwen2Weights(c, arrays);
    Qwen2Model model = new Qwen2Model(weights);
    int group = 4;
    List<int[]> prompts = new ArrayList<>();
    for (int[] p : List.of(new int[] {3, 14, 15, 92, 65, 35, 89, 79}, new int[] {32, 38}, new int[] {46, 26, 43, 38, 32})) {
      for (int g = 0; g < group; g++) {
        prompts.add(p.clone()); // a GRPO group: the same prompt G times, prefilled once
      }
    }
    Generator generator = new Generator(model);
    // Stop at a token the model does produce (row 0's third), so some rows end early.
    int stop = generator.generate(prompts, new SamplingParams(1.0, 1.0, 0, 3, Set.of(), 5)).get(0).generatedIds()[2];
    List<Generation> gens = generator.generate(prompts, new SamplingParams(1.0, 1.0, 0, 24, Set.of(stop), 5));
    assertThat(gens.stream().filter(g -> g.finishReason() == Generation.FinishReason.STOP).count())
        .as("some rows stop early, so the cache is compacted mid-rollout").isPositive();

    // The update activity's batch: prompt + response, right padded, old log-probs at the response columns.
    List<int[]> seqs = new ArrayList<>();
    for (Generation g : gens) {
      int[] s = java.util.Arrays.copyOf(g.promptIds(), g.promptIds().length + g.generatedIds().length);
      System.arraycopy(g.generatedIds(), 0, s, g.promptIds().length, g.generatedIds().length);
      seqs.add(s);
    }
    TokenBatch tokens = TokenBatch.rightPadded(seqs, 0, 0);
    int t = tokens.seqLen();
    int[] mask = new int[tokens.tokens()];
    double[] old = new double[tokens.tokens()];
    double[] rewards = new double[gens.size()];
    for (int b = 0; b < gens.size(); b++) {
      Generation g = gens.get(b);
      for (int j = 0; j < g.generatedIds().length; j++) {
        mask[b * t + g.promptIds().length + j] = 1;
        old[b * t + g.promptIds().length + j] = g.modelLogProbs()[j];
      }
      rewards[b] = b % 3 == 0 ? 1 : 0; // every group has different rewards: non-zero advantages
    }

    double[] logp;
    try (Qwen2Model.Pass pass = model.forward(tokens)) {
      logp = pass.tokenLogProbs();
    }
    double worst = 0;
    int compared = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] == 1) {
        double diff = Math.abs(logp[i] - old[i]);
        worst = Math.max(worst, diff);
        compared++;
      }
    }
    System.out.printf("%s/%s: max |sampler - training| log-prob over %d tokens: %.3g%n", name, dtype, compared, worst);
    assertThat(worst).isLessThan(dtype == DataType.DOUBLE ? BOUND_FLOAT64 : BOUND);

    // The first PPO mini-batch of a step on these rollouts: every ratio within the bound of 1, nothing clipped.
    GrpoTrainer trainer = new GrpoTrainer(weights, weights.copy(), new GrpoLoss(GrpoConfig.defaults()),
        new OptimConfig(AdamWConfig.defaults(), LrSchedule.constant(1e-4, 0), 1.0), 1);
    GrpoTrainer.Metrics m = trainer.step(new GrpoBatch(tokens, mask, rewards, group, old), 5);
    assertThat(m.meanRatio()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(BOUND));
    assertThat(m.clipFracLow()).isZero();
    assertThat(m.clipFracHigh()).isZero();
    assertThat(m.klMean()).isLessThan(1e-9); // reference = policy before the step
  }
}
