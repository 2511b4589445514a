package dev.tooln1.workflows.evaluation;

import dev.tooln1.workflows.ActivityPolicies;
import dev.tooln1.workflows.ErrorTypes;
import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.dto.ScheduleConfig;
import dev.tooln1.workflows.dto.SchedulerState;
import io.temporal.workflow.Workflow;

public final class ScheduledEvaluationWorkflowImpl implements ScheduledEvaluationWorkflow {

  @Override
  public SchedulerState run(ScheduleConfig config) {
    if (config == null || config.campaignId() == null || config.taskQueue() == null) {
      throw ErrorTypes.invalidConfig("scheduled evaluation: the schedule's action lacks its campaign "
          + "or task queue: " + config);
    }
    SchedulerState previous = Workflow.getLastCompletionResult(SchedulerState.class);
    CampaignStoreActivities store = Workflow.newActivityStub(CampaignStoreActivities.class,
        ActivityPolicies.storeLookup(config.taskQueue()));
    SchedulerState state = previous == null ? SchedulerState.initial() : previous;
    // from the input and workflow time, not the run's own id, so that recorded histories replay
    String child = ScheduledEvaluationWorkflow.scheduleId(config.scheduleId()) + "-tick-"
        + (state.ticks() + 1) + "-" + Workflow.currentTimeMillis();
    return ScheduledTick.fire(config, state, store, child);
  }
}
