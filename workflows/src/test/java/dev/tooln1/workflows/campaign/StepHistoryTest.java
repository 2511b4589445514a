package dev.tooln1.workflows.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.dto.PhaseTimings;
import dev.tooln1.workflows.dto.StepMetrics;
import org.junit.jupiter.api.Test;

/** The bounded step history and the ETA it gives, without Temporal. */
class StepHistoryTest {

  private static StepMetrics step(int step, long stepMs) {
    return new StepMetrics(step, 0, step - 1, 0.5, 0.4, 0.9, 0.01, 10, null,
        new PhaseTimings(0, 0, 0, 0, stepMs, 0));
  }

  @Test
  void keepsTheNewestStepsUpToTheLimitOldestFirst() {
    StepHistory h = new StepHistory();
    for (int k = 1; k <= 5; k++) {
      h.add(step(k, 100), 3);
    }
    assertThat(h.list()).extracting(StepMetrics::step).containsExactly(3, 4, 5);
    assertThat(h.last().step()).isEqualTo(5);
  }

  @Test
  void theEtaIsUnknownBeforeTheFirstStepOrBeforeTheTotalIsKnown() {
    StepHistory h = new StepHistory();
    assertThat(h.last()).isNull();
    assertThat(h.etaMillis(10, 0)).isNull();
    h.add(step(1, 100), 10);
    assertThat(h.etaMillis(-1, 1)).isNull();
  }

  @Test
  void theEtaIsTheMeanOfTheLastTwentyStepsTimesTheStepsLeft() {
    StepHistory h = new StepHistory();
    for (int k = 1; k <= 5; k++) {
      h.add(step(k, 10_000), 100); // slow early steps, outside the window
    }
    for (int k = 6; k <= 25; k++) {
      h.add(step(k, 1_000), 100);
    }
    assertThat(h.etaMillis(30, 25)).isEqualTo(5 * 1_000L);
    assertThat(h.etaMillis(20, 25)).isZero(); // a lowered step limit: nothing left
  }
}
