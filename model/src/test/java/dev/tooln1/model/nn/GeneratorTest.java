package dev.tooln1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Generation.FinishReason;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GeneratorTest {

  private final ModelConfig config = ModelConfig.preset("tiny");
  // std 0.3 makes the random model's next-token distributions peaked enough for stops to happen.
  private final Qwen2Model model = new Qwen2Model(Qwen2Weights.random(config, 11, 0.3));
  private final Generator generator = new Generator(model);
  private final List<int[]> prompts = List.of(new int[] {3, 14, 15, 92, 65}, new int[] {35, 89}, new int[] {79, 32, 38});

  @Test
  void sameSeedSameSamplesDifferentSeedDifferentSamples() {
    SamplingParams p = new SamplingParams(1.0, 0.95, 0, 12, Set.of(), 42);
    List<Generation> a = generator.generate(prompts, p);
    List<Generation> b = generator.generate(prompts, p);
    List<Generation> c = generator.generate(prompts, new SamplingParams(1.0, 0.95, 0, 12, Set.of(), 43));
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(a.get(i).generatedIds()).containsExactly(b.get(i).generatedIds());
      assertThat(a.get(i).logProbs()).containsExactly(b.get(i).logProbs());
      assertThat(a.get(i).generatedIds()).hasSize(12);
      assertThat(a.get(i).finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(a.get(i).promptIds()).containsExactly(prompts.get(i));
    }
    assertThat(a.stream().map(g -> List.of(g.generatedIds())).toList())
        .isNotEqualTo(c.stream().map(g -> List.of(g.generatedIds())).toList());
  }

  @Test
  void cachedAndUncachedSamplingAgree() {
    SamplingParams p = new SamplingParams(0.8, 0.9, 40, 10, Set.of(), 5);
    List<Generation> cached = generator.generate(prompts, p);
    List<Generation> uncached = generator.generateWithoutCache(prompts, p);
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(cached.get(i).generatedIds()).containsExactly(uncached.get(i).generatedIds());
      for (int t = 0; t < cached.get(i).logProbs().length; t++) {
        assertThat(cached.get(i).logProbs()[t]).isCloseTo(uncached.get(i).logProbs()[t],
            org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void identicalPromptsArePrefilledOnceYetSampledIndependently() {
    int[] a = prompts.get(0);
    int[] b = prompts.get(1);
    List<int[]> group = List.of(a, a.clone(), b, a.clone(), a.clone());
    SamplingParams p = new SamplingParams(1.0, 1.0, 0, 8, Set.of(), 21);
    List<Generation> cached = generator.generate(group, p);
    List<Generation> uncached = generator.generateWithoutCache(group, p);
    for (int i = 0; i < group.size(); i++) {
      assertThat(cached.get(i).generatedIds()).containsExactly(uncached.get(i).generatedIds());
      assertThat(cached.get(i).promptIds()).containsExactly(group.get(i));
    }
    assertThat(java.util.stream.Stream.of(0, 1, 3, 4).map(i -> List.of(cached.get(i).generatedIds())).distinct().count())
        .as("the four samples of prompt a").isGreaterThan(1);
  }

  @Test
  void rowsThatStopEarlyAreCompactedAwayWithoutChangingTheOthers() {
    List<int[]> many = List.of(prompts.get(0), prompts.get(1), prompts.get(2), new int[] {5, 6, 7, 8}, new int[] {400});
    Set<Integer> stops = new java.util.HashSet<>();
    for (int id = 0; id < 512; id += 9) {
      stops.add(id); // ~11% of the vocabulary: rows stop at scattered steps
    }
    SamplingParams p = new SamplingParams(1.0, 1.0, 0, 12, stops, 8);
    List<Generation> cached = generator.generate(many, p);
    List<Generation> uncached = generator.generateWithoutCache(many, p);
    for (int i = 0; i < many.size(); i++) {
      assertThat(cached.get(i).generatedIds()).containsExactly(uncached.get(i).generatedIds());
      assertThat(cached.get(i).finishReason()).isEqualTo(uncached.get(i).finishReason());
    }
    java.util.Map<FinishReason, Long> reasons = cached.stream()
        .collect(java.util.stream.Collectors.groupingBy(Generation::finishReason, java.util.stream.Collectors.counting()));
    assertThat(reasons.getOrDefault(FinishReason.STOP, 0L)).as("rows that stopped early").isGreaterThanOrEqualTo(2);
    assertThat(cached.stream().mapToInt(g -> g.generatedIds().length).distinct().count()).isGreaterThan(2);
  }

  @Test
  void topKOneIsGreedy() {
    List<Generation> greedy = generator.generate(prompts, SamplingParams.greedy(10, Set.of()));
    List<Generation> topOne = generator.generate(prompts, new SamplingParams(1.3, 1.0, 1, 10, Set.of(), 99));
    for (int i = 0; i < prompts.size(); i++) {
      assertThat(topOne.get(i).generatedIds()).containsExactly(greedy.get(i).generatedIds());
      // Only one candidate: the sampling distribution puts all its mass on it.
      for (float lp : topOne.get(i).logProbs()) {
        assertThat(lp).isEqualTo(0f);
      }
    }
  }

  @Test
  void greedyPicksTheArgmaxOfTheFullForward() {
    Generation g = generator.generate(List.of(prompts.get(0)), SamplingParams.greedy(3, Set.of())).get(0);
    int[] seq = prompts.get(0);
    for (int t = 0; t < 3; t++) {
      float[] logits = model.lastLogits(new int[][] {seq}, new int[][] {ones(seq.length)})[0];
      int argmax = 0;
      for (int v = 1; v < logits.length; v++) {
        if (logits[v] > logits[argmax]) {
          argmax = v;
        }
      }
      assertThat(g.generatedIds()[t]).isEqualTo(argmax);
      seq = java.util.Arrays.copyOf(seq, seq.length + 1);
      seq[seq.length - 1] = argmax;
    }
  }

  @Test
  void aStopIdEndsItsSequenceAndIsKept() {
    // Stop on whatever row 1 greedily emits third; the other rows run on.
    List<Generation> free = generator.generate(prompts, SamplingParams.greedy(8, Set.of()));
    int stop = free.get(1).generatedIds()[2];
    List<Generation> stopped = generator.generate(prompts, SamplingParams.greedy(8, Set.of(stop)));
    Generation row1 = stopped.get(1);
    int firstStop = indexOf(free.get(1).generatedIds(), stop);
    assertThat(row1.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(row1.generatedIds()).hasSize(firstStop + 1);
    assertThat(row1.generatedIds()[firstStop]).isEqualTo(stop);
    assertThat(row1.logProbs()).hasSize(firstStop + 1);
    for (int i : new int[] {0, 2}) {
      int at = indexOf(free.get(i).generatedIds(), stop);
      int expectedLength = at < 0 ? 8 : at + 1;
      assertThat(stopped.get(i).generatedIds()).containsExactly(
          java.util.Arrays.copyOf(free.get(i).generatedIds(), expectedLength));
      assertThat(stopped.get(i).finishReason()).isEqualTo(at < 0 ? FinishReason.LENGTH : FinishReason.STOP);
    }
  }

  @Test
  void sampledLogProbsAreThoseOfTheTruncatedTemperedDistribution() {
    int[] prompt = prompts.get(2);
    SamplingParams p = new SamplingParams(0.7, 0.8, 20, 1, Set.of(), 3);
    Generation g = generator.generate(List.of(prompt), p).get(0);
    float[] logits = model.lastLogits(new int[][] {prompt}, new int[][] {ones(prompt.length)})[0];
    // Rebuild the distribution by hand: temperature, top-20, then the 0.8 nucleus.
    Integer[] order = new Integer[logits.length];
    for (int v = 0; v < order.length; v++) {
      order[v] = v;
    }
    java.util.Arrays.sort(order, (x, y) -> Float.compare(logits[y], logits[x]));
    double[] w = new double[20];
    double z = 0;
    for (int j = 0; j < 20; j++) {
      w[j] = Math.exp((logits[order[j]] - logits[order[0]]) / 0.7);
      z += w[j];
    }
    double cumulative = 0;
    int keep = 0;
    while (cumulative < 0.8 * z) {
      cumulative += w[keep++];
    }
    int token = g.generatedIds()[0];
    int rank = java.util.Arrays.asList(order).indexOf(token);
    assertThat(rank).isBetween(0, keep - 1);
    assertThat((double) g.logProbs()[0]).isCloseTo(Math.log(w[rank] / cumulative), org.assertj.core.data.Offset.offset(1e-5));
    double max = logits[order[0]];
    double all = 0;
    for (float l : logits) {
      all += Math.exp(l - max);
    }
    assertThat((double) g.modelLogProbs()[0]).isCloseTo(logits[token] - max - Math.log(all), org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void rescoringGeneratedResponsesGivesTheSamplersLogProbs() {
    // No truncation: the sampling distribution is softmax(logits / 0.7).
    SamplingParams p = new SamplingParams(0.7, 1.0, 0, 6, Set.of(), 13);
    List<Generation> gens = generator.generate(prompts, p);
    List<int[]> rows = new java.util.ArrayList<>();
    for (Generation g : gens) {
      int[] seq = java.util.Arrays.copyOf(g.promptIds(), g.promptIds().length + g.generatedIds().length);
      System.arraycopy(g.generatedIds(), 0, seq, g.promptIds().length, g.generatedIds().length);
      rows.add(seq);
    }
    TokenBatch batch = TokenBatch.rightPadded(rows, 0, 0); // right padded, this time
    double[] plain = model.tokenLogProbs(batch);            // the training pass
    INDArray logits = model.logits(batch);
    int cols = batch.seqLen();
    for (int b = 0; b < gens.size(); b++) {
      Generation g = gens.get(b);
      for (int t = 0; t < g.generatedIds().length; t++) {
        int col = g.promptIds().length + t;
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < config.vocabSize(); v++) {
          max = Math.max(max, logits.getDouble(b, col - 1, v) / 0.7);
        }
        double sum = 0;
        for (int v = 0; v < config.vocabSize(); v++) {
          sum += Math.exp(logits.getDouble(b, col - 1, v) / 0.7 - max);
        }
        double tempered = logits.getDouble(b, col - 1, g.generatedIds()[t]) / 0.7 - max - Math.log(sum);
        assertThat(tempered).isCloseTo(g.logProbs()[t], org.assertj.core.data.Offset.offset(1e-4));
        assertThat(plain[b * cols + col]).isCloseTo(g.modelLogProbs()[t], org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static int[] ones(int n) {
    int[] m = new int[n];
    java.util.Arrays.fill(m, 1);
    return m;
  }
}
