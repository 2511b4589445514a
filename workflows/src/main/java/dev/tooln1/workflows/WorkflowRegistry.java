package dev.tooln1.workflows;

import dev.tooln1.workflows.campaign.TrainingCampaignWorkflowImpl;
import dev.tooln1.workflows.evaluation.EvaluationSchedulerWorkflowImpl;
import dev.tooln1.workflows.evaluation.EvaluationWorkflowImpl;
import dev.tooln1.workflows.evaluation.ScheduledEvaluationWorkflowImpl;
import io.temporal.worker.Worker;
import java.util.List;

/**
 * The workflow implementations and the task-queue naming, in one place, so that the orchestrator's
 * workflow worker and the compute workers agree without repeating lists.
 */
public final class WorkflowRegistry {
  /** Every workflow implementation; the orchestrator's workflow worker registers all of them. */
  public static final List<Class<?>> IMPLEMENTATIONS = List.of(TrainingCampaignWorkflowImpl.class,
      EvaluationWorkflowImpl.class, EvaluationSchedulerWorkflowImpl.class,
      ScheduledEvaluationWorkflowImpl.class);

  private WorkflowRegistry() {}

  /** Registers every workflow implementation on {@code worker} (the orchestrator's). */
  public static void registerWorkflows(Worker worker) {
    worker.registerWorkflowImplementationTypes(IMPLEMENTATIONS.toArray(Class<?>[]::new));
  }

  /**
   * The per-process task queue of a compute worker, returned by its {@code claimWorker}. The id
   * must be unique per process (e.g. host, pid and a random suffix), so that a restarted worker
   * never receives tasks meant for its dead predecessor.
   */
  public static String workerQueue(String workerId) {
    if (workerId == null || workerId.isBlank()) {
      throw new IllegalArgumentException("worker id must not be blank");
    }
    return "tooln1-worker-" + workerId;
  }
}
