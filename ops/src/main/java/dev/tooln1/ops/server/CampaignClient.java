package dev.tooln1.ops.server;

import dev.tooln1.workflows.campaign.TrainingCampaignWorkflow;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.StepMetrics;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The campaign workflows as the CLI and the console drive them: start (or attach), describe,
 * status and history queries, pause/resume/stop signals. Campaign ids are the user's names; the
 * workflow id is {@link TrainingCampaignWorkflow#workflowId(String)}.
 */
public final class CampaignClient {
  private static final DataConverter DETAILS = DefaultDataConverter.newDefaultInstance();
  private static final int CONTINUE_AS_NEW_RETRIES = 40;
  private final WorkflowClient client;
  private final String taskQueue;

  /** @param taskQueue the queue of the orchestrator's workflow worker (the shared queue) */
  public CampaignClient(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** What {@link #start} did. */
  public enum StartOutcome {
    /** a new workflow run was started (a fresh campaign, or one whose earlier run was lost, failed or stopped) */
    STARTED,
    /** the campaign was running already; nothing was started */
    ATTACHED,
    /** the campaign has completed already; nothing was started */
    ALREADY_COMPLETED
  }

  /** The state of a campaign's latest workflow run, as Temporal reports it. */
  public record Execution(WorkflowExecutionStatus status, Instant startTime, Instant closeTime) {
    public boolean running() {
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }
  }

  /**
   * Starts the campaign unless it runs already (then attaches) or has completed. A campaign that
   * is unknown to this server (e.g. the embedded server lost it on restart), failed, or was stopped
   * is started again; its activities find their verified outputs and it fast-forwards.
   */
  public StartOutcome start(CampaignConfig config) {
    String id = config.campaignId();
    Optional<Execution> previous = execution(id);
    if (previous.isPresent() && previous.get().running()) {
      return StartOutcome.ATTACHED;
    }
    if (previous.isPresent()
        && previous.get().status() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        && !result(id).stopped()) {
      return StartOutcome.ALREADY_COMPLETED;
    }
    TrainingCampaignWorkflow stub = client.newWorkflowStub(TrainingCampaignWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(TrainingCampaignWorkflow.workflowId(id))
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .build());
    try {
      WorkflowClient.start(stub::run, config, null);
      return StartOutcome.STARTED;
    } catch (WorkflowExecutionAlreadyStarted e) {
      return StartOutcome.ATTACHED; // started by someone else in the meantime
    }
  }

  /** The latest run of the campaign; empty if this Temporal server does not know it. */
  public Optional<Execution> execution(String campaignId) {
    try {
      WorkflowExecutionDescription d = untyped(campaignId).describe();
      // a run that has just continued as new may be described before its successor exists
      for (int i = 0; i < CONTINUE_AS_NEW_RETRIES
          && d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW; i++) {
        sleepBriefly();
        d = untyped(campaignId).describe();
      }
      return Optional.of(new Execution(d.getStatus(), d.getStartTime(), d.getCloseTime()));
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * What the campaign's running activities last said in their heartbeats, one entry per activity:
   * {@code "sftWarmup: sft-steps 125/300"}, with the attempt when it is a retry. Empty when nothing
   * runs or the server cannot be asked (progress is a nicety, never a reason to fail).
   */
  public List<String> activityProgress(String campaignId) {
    try {
      List<String> out = new ArrayList<>();
      for (PendingActivityInfo a : untyped(campaignId).describe().getRawDescription().getPendingActivitiesList()) {
        StringBuilder b = new StringBuilder(a.getActivityType().getName());
        if (a.hasHeartbeatDetails() && a.getHeartbeatDetails().getPayloadsCount() > 0) {
          b.append(": ").append(DETAILS.fromPayloads(0, Optional.of(a.getHeartbeatDetails()), String.class,
              String.class));
        }
        if (a.getAttempt() > 1) {
          b.append(" (attempt ").append(a.getAttempt()).append(')');
        }
        out.add(b.toString());
      }
      return out;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** The status query (works on running and closed runs). */
  public CampaignStatus status(String campaignId) {
    return stub(campaignId).status();
  }

  public List<StepMetrics> history(String campaignId) {
    return stub(campaignId).metricsHistory();
  }

  /** Blocks until the campaign's latest run ends; throws its failure. */
  public CampaignResult result(String campaignId) {
    return untyped(campaignId).getResult(CampaignResult.class);
  }

  public void pause(String campaignId) {
    requireRunning(campaignId).pause();
  }

  public void resume(String campaignId) {
    requireRunning(campaignId).resume();
  }

  public void stop(String campaignId) {
    requireRunning(campaignId).stop();
  }

  /** @throws IllegalArgumentException if the campaign is unknown or not running */
  private TrainingCampaignWorkflow requireRunning(String campaignId) {
    Optional<Execution> e = execution(campaignId);
    if (e.isEmpty()) {
      throw new IllegalArgumentException("no campaign '" + campaignId + "' on this Temporal server");
    }
    if (!e.get().running()) {
      throw new IllegalArgumentException("campaign '" + campaignId + "' is not running ("
          + describe(e.get().status()) + ")");
    }
    return stub(campaignId);
  }

  private TrainingCampaignWorkflow stub(String campaignId) {
    return client.newWorkflowStub(TrainingCampaignWorkflow.class,
        TrainingCampaignWorkflow.workflowId(campaignId));
  }

  private WorkflowStub untyped(String campaignId) {
    return client.newUntypedWorkflowStub(TrainingCampaignWorkflow.workflowId(campaignId));
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(25);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** "running", "completed", "failed", ... */
  public static String describe(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(java.util.Locale.ROOT)
        .replace('_', ' ');
  }
}
