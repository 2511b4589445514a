package dev.tooln1.workflows;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tooln1.workflows.campaign.TrainingCampaignWorkflowImpl;
import dev.tooln1.workflows.evaluation.EvaluationSchedulerWorkflowImpl;
import dev.tooln1.workflows.evaluation.EvaluationWorkflowImpl;
import dev.tooln1.workflows.evaluation.ScheduledEvaluationWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays recorded histories against today's workflow code: a change that breaks determinism
 * (reordered activities, a new timer, a changed continue-as-new point) fails here before it can
 * break running campaigns. Recorded with {@link RecordHistoriesTest}, one per path worth pinning:
 * campaign-full (prepare, SFT, baseline and periodic evaluations, final evaluation),
 * campaign-baseline (the base policy evaluated before the first step, without SFT),
 * campaign-signals-continued (pause, updateConfig, resume, up to the continue-as-new),
 * campaign-fallback (heartbeat timeouts on the holder, then the shared queue), campaign-sharded
 * (rollout shards merged), campaign-collapse (a rollback of the collapse guard),
 * campaign-end-completed and campaign-end-failed (the end record after the work, or before the
 * failure); evaluation, scheduler-signals and scheduled-evaluation for the evaluation workflows.
 */
class ReplayTest {

  @ParameterizedTest
  @ValueSource(strings = {"campaign-full", "campaign-baseline", "campaign-signals-continued",
      "campaign-fallback", "campaign-sharded", "campaign-collapse", "campaign-end-completed",
      "campaign-end-failed"})
  void campaignHistoriesReplay(String name) {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + name + ".json", TrainingCampaignWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"evaluation"})
  void evaluationHistoriesReplay(String name) {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + name + ".json", EvaluationWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"scheduler-signals"})
  void schedulerHistoriesReplay(String name) {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + name + ".json", EvaluationSchedulerWorkflowImpl.class))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"scheduled-evaluation"})
  void scheduledEvaluationHistoriesReplay(String name) {
    assertThatCode(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/" + name + ".json", ScheduledEvaluationWorkflowImpl.class))
        .doesNotThrowAnyException();
  }
}
