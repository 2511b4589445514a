package dev.tooln1.workflows.evaluation;

import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.EvaluationRequest;
import dev.tooln1.workflows.dto.LatestCheckpointRequest;
import dev.tooln1.workflows.dto.ScheduleConfig;
import dev.tooln1.workflows.dto.SchedulerState;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * One firing of an evaluation schedule (workflow code): look up the campaign's newest verified
 * checkpoint and evaluate it in a child {@link EvaluationWorkflow}, unless it is the one evaluated
 * (or attempted) last. A failed evaluation is recorded, not retried: later checkpoints are evaluated.
 * Shared by the {@link EvaluationSchedulerWorkflow} timer loop and the action of a native Schedule
 * ({@link ScheduledEvaluationWorkflow}).
 */
final class ScheduledTick {
  private static final Logger log = Workflow.getLogger(ScheduledTick.class);

  private ScheduledTick() {}

  /** @param childWorkflowId the id of the evaluation workflow if this tick starts one */
  static SchedulerState fire(ScheduleConfig config, SchedulerState state, CampaignStoreActivities store,
      String childWorkflowId) {
    CheckpointRecord latest = store.latestCheckpoint(new LatestCheckpointRequest(config.campaignId()));
    CheckpointRecord last = state.lastEvaluated();
    int tick = state.ticks() + 1;
    boolean fresh = latest != null && (last == null
        || !Objects.equals(latest.checkpoint(), last.checkpoint()));
    if (!fresh) {
      log.info("schedule {}: no new checkpoint of {} at tick {}", config.scheduleId(),
          config.campaignId(), tick);
      return new SchedulerState(tick, state.evaluations(), last, state.lastResult(),
          state.failures(), state.lastError());
    }
    try {
      EvalResult result = evaluate(config, latest, childWorkflowId);
      return new SchedulerState(tick, state.evaluations() + 1,
          new CheckpointRecord(latest.step(), latest.checkpoint(), result.accuracy()), result,
          state.failures(), state.lastError());
    } catch (ChildWorkflowFailure failure) {
      String error = "evaluation of " + config.campaignId() + " step " + latest.step()
          + " failed: " + rootMessage(failure);
      log.warn("schedule {}: {}", config.scheduleId(), error);
      return new SchedulerState(tick, state.evaluations(),
          new CheckpointRecord(latest.step(), latest.checkpoint(), null), state.lastResult(),
          state.failures() + 1, error);
    }
  }

  private static EvalResult evaluate(ScheduleConfig config, CheckpointRecord checkpoint, String workflowId) {
    EvaluationWorkflow child = Workflow.newChildWorkflowStub(EvaluationWorkflow.class,
        ChildWorkflowOptions.newBuilder().setWorkflowId(workflowId).build());
    EvalRequest request = new EvalRequest(config.campaignId(), "scheduled-step-" + checkpoint.step(),
        checkpoint.step(), config.config(), checkpoint.checkpoint(), config.evalSet());
    return child.evaluate(
        new EvaluationRequest(request, config.taskQueue(), config.heartbeatTimeout()));
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof ApplicationFailure app ? app.getOriginalMessage() : t.getMessage();
  }
}
