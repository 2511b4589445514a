package dev.tooln1.workflows.evaluation;

import dev.tooln1.workflows.dto.ScheduleConfig;
import dev.tooln1.workflows.dto.SchedulerState;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The action of a native Temporal Schedule (real clusters): each firing starts one run, which
 * resolves the campaign's newest checkpoint at that moment and evaluates it — unless the previous
 * run evaluated (or attempted) that checkpoint already. The previous run's state arrives as the
 * Schedule's last completion result, so the runs together behave like the ticks of
 * {@link EvaluationSchedulerWorkflow}; {@link ScheduleConfig#interval()} is the Schedule's and
 * unused here.
 */
@WorkflowInterface
public interface ScheduledEvaluationWorkflow {

  /** Prefix of the native Schedule's id and of its runs' workflow ids. */
  static String scheduleId(String scheduleId) {
    return EvaluationSchedulerWorkflow.workflowId(scheduleId);
  }

  /** @return the state after this run, handed to the next run */
  @WorkflowMethod
  SchedulerState run(ScheduleConfig config);
}
