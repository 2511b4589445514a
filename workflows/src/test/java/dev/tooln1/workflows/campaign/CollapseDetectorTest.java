package dev.tooln1.workflows.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.CollapseGuard;
import dev.tooln1.workflows.dto.GuardState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The collapse guard's decisions from rewards alone, without Temporal. */
class CollapseDetectorTest {
  /** Baseline over 2 steps; a step below half of it has collapsed. */
  private static final CollapseGuard GUARD = new CollapseGuard(true, 0.5, 2);

  private static CheckpointRecord policy(int step, double reward) {
    return new CheckpointRecord(step, new ArtifactRef("mem://ckpt-" + step, "sha-" + step), reward);
  }

  /** The state after the two baseline steps (checkpoints 0 and 1). */
  private static GuardState afterBaseline(double first, double second) {
    GuardState s = CollapseDetector.afterScore(GUARD, GuardState.START, 0, policy(0, first)).state();
    return CollapseDetector.afterScore(GUARD, s, 1, policy(1, second)).state();
  }

  @Test
  void withTheGuardOffEveryStepIsTrainedOnAndTheStateStaysAsItIs() {
    CollapseDetector.Decision d =
        CollapseDetector.afterScore(null, GuardState.START, 0, policy(0, 0.0));
    assertThat(d.rollsBack()).isFalse();
    assertThat(d.state()).isSameAs(GuardState.START);
  }

  @Test
  void theBaselineStepsAreCountedAndTheirPoliciesAreGood() {
    GuardState s = afterBaseline(0.6, 0.4);
    assertThat(s.baselineCount()).isEqualTo(2);
    assertThat(s.baselineSum()).isEqualTo(1.0);
    assertThat(s.lastGood()).isEqualTo(policy(1, 0.4));
    assertThat(s.rollbacks()).isZero();
  }

  @Test
  void aVeryLowBaselineStepIsStillPartOfTheBaselineNotACollapse() {
    GuardState s = CollapseDetector.afterScore(GUARD, GuardState.START, 0, policy(0, 0.9)).state();
    CollapseDetector.Decision d = CollapseDetector.afterScore(GUARD, s, 1, policy(1, 0.0));
    assertThat(d.rollsBack()).isFalse();
    assertThat(d.state().lastGood()).isEqualTo(policy(1, 0.0));
  }

  @Test
  void aStepBelowTheThresholdRollsBackToTheLastGoodCheckpoint() {
    GuardState s = CollapseDetector.afterScore(GUARD, afterBaseline(0.6, 0.4), 2, policy(2, 0.5))
        .state();

    CollapseDetector.Decision d = CollapseDetector.afterScore(GUARD, s, 3, policy(3, 0.1));

    assertThat(d.rollsBack()).isTrue();
    assertThat(d.rollback()).isEqualTo(new CollapseEvent(3, 3, 0.1, 0.5, 0.25, policy(2, 0.5)));
    assertThat(d.state().lastGood()).isEqualTo(policy(2, 0.5));
    assertThat(d.state().rollbacks()).isEqualTo(1);
    assertThat(d.state().lastEvent()).isEqualTo(d.rollback());
    // the baseline is counted once
    assertThat(d.state().baselineCount()).isEqualTo(2);
  }

  @Test
  void aStepAtTheThresholdIsGoodAndBecomesTheLastGood() {
    CollapseDetector.Decision d =
        CollapseDetector.afterScore(GUARD, afterBaseline(0.6, 0.4), 2, policy(2, 0.25));
    assertThat(d.rollsBack()).isFalse();
    assertThat(d.state().lastGood()).isEqualTo(policy(2, 0.25));
  }

  @Test
  void aLowStepOfTheLastGoodPolicyItselfIsTrainedOn() {
    GuardState s = afterBaseline(0.6, 0.4);
    // after a rollback to checkpoint 1, step 4 samples again with it and is unlucky
    CollapseDetector.Decision d = CollapseDetector.afterScore(GUARD, s, 4, policy(1, 0.1));
    assertThat(d.rollsBack()).isFalse();
    assertThat(d.state()).isEqualTo(s);
  }

  @Test
  void aBaselineWithoutRewardNeverTriggers() {
    CollapseDetector.Decision d =
        CollapseDetector.afterScore(GUARD, afterBaseline(0.0, 0.0), 2, policy(2, -1.0));
    assertThat(d.rollsBack()).isFalse();
    assertThat(d.state().rollbacks()).isZero();
  }

  @Test
  void theSameRewardsGiveTheSameDecisions() {
    double[] rewards = {0.6, 0.4, 0.5, 0.1, 0.45, 0.05, 0.5};
    assertThat(decisions(rewards)).isEqualTo(decisions(rewards));
    assertThat(decisions(rewards)).extracting(d -> d.rollsBack())
        .containsExactly(false, false, false, true, false, true, false);
  }

  /** A campaign's run of decisions, following the rollbacks as the workflow does. */
  private static List<CollapseDetector.Decision> decisions(double[] rewards) {
    List<CollapseDetector.Decision> out = new ArrayList<>();
    GuardState s = GuardState.START;
    int checkpointStep = 0;
    for (int k = 0; k < rewards.length; k++) {
      CollapseDetector.Decision d = CollapseDetector.afterScore(GUARD, s, k,
          policy(checkpointStep, rewards[k]));
      out.add(d);
      s = d.state();
      checkpointStep = d.rollsBack() ? d.rollback().rolledBackTo().step() : k + 1;
    }
    return out;
  }

  @Test
  void theNoticeNamesStepRewardThresholdAndTheCheckpointRolledBackTo() {
    CollapseEvent e = new CollapseEvent(3, 3, 0.1, 0.5, 0.25, policy(2, 0.5));
    assertThat(CollapseDetector.notice(e, 0.5)).isEqualTo("collapse at step 3: mean reward 0.1000 "
        + "< 0.2500 (0.50 x baseline 0.5000); update skipped, rolled back to checkpoint step 2");
  }
}
