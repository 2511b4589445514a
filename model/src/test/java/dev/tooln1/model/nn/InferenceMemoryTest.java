package dev.tooln1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tooln1.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InferenceMemoryTest {

  /**
   * Native (off-heap) memory in use must not grow with the number of calls: every temporary lives in
   * the reused workspace and every cache is closed. A round makes ~10 MB of temporaries, so a leak
   * would show as hundreds of MB across the measured rounds. Measured as the C heap's in-use bytes
   * after a GC (arrays returned to the caller are freed when the GC finds them unreachable); the JVM's
   * own malloc use (JIT compiler arenas) moves it by up to ~20 MB either way, with no trend.
   */
  @Test
  void offHeapMemoryStaysFlatOverRepeatedGenerationAndScoring() throws Exception {
    assumeTrue(NativeHeap.available(), "needs glibc mallinfo2 to read native heap usage");
    ModelConfig config = ModelConfig.preset("tiny");
    Qwen2Model model = new Qwen2Model(Qwen2Weights.random(config, 5, 0.05));
    Generator generator = new Generator(model);
    List<int[]> prompts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int[] p = new int[20 + 8 * i];
      Arrays.fill(p, 7 + i);
      prompts.add(p);
    }
    SamplingParams params = new SamplingParams(0.8, 0.95, 0, 8, Set.of(), 1);
    int[][] ids = new int[8][64];
    int[][] mask = new int[8][64];
    for (int b = 0; b < 8; b++) {
      Arrays.fill(ids[b], 11 + b);
      Arrays.fill(mask[b], 1);
    }
    TokenBatch batch = TokenBatch.of(ids, mask);
    Runnable round = () -> {
      generator.generate(prompts, params);
      model.tokenLogProbs(batch); // the training pass: its arrays are freed when it ends
      model.logits(ids, mask).close(); // the only array returned outside the workspace
    };
    for (int i = 0; i < 10; i++) {
      round.run();
    }
    long before = offHeapMb();
    for (int i = 0; i < 20; i++) {
      round.run();
    }
    long after = offHeapMb();
    System.out.printf("native heap in use: %d MB -> %d MB over 20 rounds%n", before, after);
    assertThat(after - before).isLessThan(48);
  }

  private static long offHeapMb() throws Exception {
    System.gc();
    Thread.sleep(300); // let ND4J's deallocator thread release whatever the GC found unreachable
    return NativeHeap.inUseBytes() / (1024 * 1024);
  }
}
