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
 * break running campaigns. Histories were recorded with {@link RecordHistoriesTest}; all but
 * campaign-sharded predate the rolloutShards field, so they also pin that inputs recorded by an
 * older version still start and replay; campaign-collapse pins the collapse guard (its getVersion
 * marker and a skipped update); campaign-end-completed and campaign-end-failed pin the end record
 * (its marker and recordEnd after the last run's work, or before the failure); the others, recorded
 * before it, pin that histories without it still replay; scheduled-evaluation pins the action of a
 * native Schedule.
 */
class ReplayTest {

  @ParameterizedTest
  @ValueSource(strings = {"campaign-full", "campaign-signals-continued", "campaign-fallback",
      "campaign-sharded", "campaign-collapse", "campaign-end-completed", "campaign-end-failed"})
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
