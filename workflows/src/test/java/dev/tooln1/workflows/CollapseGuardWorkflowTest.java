package dev.tooln1.workflows;

import static dev.tooln1.workflows.CampaignTestEnv.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.CollapseGuard;
import dev.tooln1.workflows.dto.StepMetrics;
import dev.tooln1.workflows.dto.UpdateRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The collapse guard in the time-skipping test environment: rewards are scripted per step; the
 * baseline is the mean over the first 2 steps (0.6 and 0.4 → 0.5, threshold 0.25 at fraction 0.5).
 */
class CollapseGuardWorkflowTest {

  /** Step 3's rollouts (policy = checkpoint 3) collapse; step 4 samples again with checkpoint 2. */
  static final Map<Integer, Double> REWARDS = Map.of(0, 0.6, 1, 0.4, 2, 0.5, 3, 0.1, 4, 0.45, 5, 0.5);

  static CampaignConfig guarded(String id, boolean on) {
    return config(id).epochs(2).continueAsNewInterval(2)
        .collapseGuard(new CollapseGuard(on, 0.5, 2)).build();
  }

  private record Run(CampaignResult result, CampaignStatus status, List<StepMetrics> history,
      List<UpdateRequest> updates, List<String> calls) {}

  private static Run run(String id, boolean guardOn) {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      t.compute.meanRewards.putAll(REWARDS);
      CampaignResult result = t.campaign(id).run(guarded(id, guardOn), null);
      return new Run(result, t.existing(id).status(), t.existing(id).metricsHistory(),
          List.copyOf(t.compute.updateRequests), List.copyOf(t.compute.calls));
    }
  }

  @Test
  void aCollapsedStepIsNotTrainedOnAndTheCampaignContinuesFromTheLastGoodCheckpoint() {
    Run run = run("collapse", true);

    // update 3 (on the collapsed rollouts) never ran; update 4 trained checkpoint 2 into 5
    assertThat(run.updates()).extracting(UpdateRequest::step).containsExactly(0, 1, 2, 4, 5);
    UpdateRequest afterRollback = run.updates().get(3);
    assertThat(afterRollback.policy()).isEqualTo(FakeCompute.ref("ckpt-2"));
    assertThat(afterRollback.retainOrEmpty()).contains(FakeCompute.ref("ckpt-2"));
    assertThat(run.result().steps()).isEqualTo(6);
    assertThat(run.result().lastCheckpoint()).isEqualTo(FakeCompute.ref("ckpt-6"));

    // recorded: status (across continue-as-new: the collapse was in the second run) and metrics
    assertThat(run.status().rollbacks()).isEqualTo(1);
    CollapseEvent e = run.status().lastCollapse();
    assertThat(e.step()).isEqualTo(3);
    assertThat(e.collapsedStep()).isEqualTo(3);
    assertThat(e.meanReward()).isEqualTo(0.1);
    assertThat(e.baseline()).isEqualTo(0.5);
    assertThat(e.threshold()).isEqualTo(0.25);
    assertThat(e.rolledBackTo().step()).isEqualTo(2);
    assertThat(e.rolledBackTo().checkpoint()).isEqualTo(FakeCompute.ref("ckpt-2"));
    assertThat(run.history()).filteredOn(m -> m.collapse() != null).extracting(StepMetrics::step)
        .containsExactly(4);
    assertThat(run.history()).extracting(StepMetrics::step).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void theSameRewardsGiveTheSameDecisions() {
    Run a = run("same", true);
    Run b = run("same", true);
    assertThat(b.calls()).isEqualTo(a.calls());
    assertThat(b.updates()).isEqualTo(a.updates());
    assertThat(b.status().lastCollapse()).isEqualTo(a.status().lastCollapse());
  }

  @Test
  void withTheGuardOffTheCollapsedStepIsTrainedOn() {
    Run run = run("unguarded", false);
    assertThat(run.updates()).extracting(UpdateRequest::step).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(run.status().rollbacks()).isZero();
    assertThat(run.status().lastCollapse()).isNull();
  }

  @Test
  void aBaselineWithoutRewardNeverTriggers() {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      for (int k = 0; k < 6; k++) {
        t.compute.meanRewards.put(k, k < 2 ? 0.0 : -1.0);
      }
      t.campaign("zero").run(guarded("zero", true), null);
      assertThat(t.compute.updateRequests).hasSize(6);
      assertThat(t.existing("zero").status().rollbacks()).isZero();
    }
  }

  @Test
  void invalidGuardSettingsAreRejectedNamingTheField() {
    CampaignConfig bad = config("bad").collapseGuard(new CollapseGuard(true, 1.5, 0)).build();
    assertThat(bad.problems()).contains("guard.collapseFraction: must be in (0, 1], was 1.5",
        "guard.baselineSteps: must be >= 1, was 0");
  }
}
