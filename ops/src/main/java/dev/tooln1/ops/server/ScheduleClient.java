package dev.tooln1.ops.server;

import dev.tooln1.activities.campaign.EvalSet;
import dev.tooln1.ops.server.CampaignRegistry.ScheduleRecord;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.ScheduleConfig;
import dev.tooln1.workflows.dto.SchedulerState;
import dev.tooln1.workflows.dto.SchedulerStatus;
import dev.tooln1.workflows.evaluation.EvaluationSchedulerWorkflow;
import dev.tooln1.workflows.evaluation.ScheduledEvaluationWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Scheduled evaluations of a campaign's newest checkpoint, of two kinds, recorded in the campaigns
 * directory so that {@code schedule list} and the console find them:
 * <ul>
 *   <li><b>workflow</b>: a durable {@link EvaluationSchedulerWorkflow} (timer loop). Works on every
 *       server, including the embedded test server, which has no Schedules API; a restarted
 *       embedded server loses it and {@link #restoreLost()} starts it again.</li>
 *   <li><b>native</b>: a Temporal Schedule (real clusters) whose action starts a
 *       {@link ScheduledEvaluationWorkflow} every interval; that run resolves the newest checkpoint
 *       when it fires. Overlap policy skip (never two evaluations of one schedule at once); missed
 *       firings (cluster down) are caught up within {@link #catchupWindow(Duration)}, at most one run
 *       since the skip policy drops the rest.</li>
 * </ul>
 * {@link Mode#AUTO} tries a native Schedule and falls back to the workflow, with a note, when the
 * server answers UNIMPLEMENTED.
 */
public final class ScheduleClient {
  /** Evaluations per scheduler run before continue-as-new (keeps its history bounded). */
  static final int CONTINUE_AS_NEW_INTERVAL = 50;
  static final Duration MIN_CATCHUP_WINDOW = Duration.ofMinutes(1);
  static final Duration MAX_CATCHUP_WINDOW = Duration.ofHours(1);
  static final String MEMO_CAMPAIGN = "tooln1.campaign";
  static final String MEMO_EVAL_SET = "tooln1.evalSet";

  /** What {@code schedule create} asks for. */
  public enum Mode { AUTO, NATIVE, WORKFLOW }

  /** A created schedule, and a note for the user when AUTO fell back to the workflow. */
  public record Created(ScheduleRecord record, String note) {}

  /** A schedule with what its workflow reports; {@code status} null when its workflow is not running. */
  public record ScheduleState(ScheduleRecord record, SchedulerStatus status, String state) {}

  private final WorkflowClient client;
  private final io.temporal.client.schedules.ScheduleClient schedules;
  private final CampaignRegistry registry;
  private final String taskQueue;
  private final Clock clock;
  /** The server answered UNIMPLEMENTED to ListSchedules: do not ask again. */
  private volatile boolean noSchedulesApi;

  /** Over the workflow client's connection and namespace. */
  public ScheduleClient(WorkflowClient client, CampaignRegistry registry, String taskQueue,
      Clock clock) {
    this(client, new NativeSchedules.Sdk().client(client), registry, taskQueue, clock);
  }

  public ScheduleClient(WorkflowClient client, io.temporal.client.schedules.ScheduleClient schedules,
      CampaignRegistry registry, String taskQueue, Clock clock) {
    this.client = client;
    this.schedules = schedules;
    this.registry = registry;
    this.taskQueue = taskQueue;
    this.clock = clock;
  }

  /** As {@link #create(String, String, Duration, String, Mode)} with {@link Mode#WORKFLOW}. */
  public ScheduleRecord create(String scheduleId, String campaignId, Duration interval, String set) {
    return create(scheduleId, campaignId, interval, set, Mode.WORKFLOW).record();
  }

  /**
   * Creates the schedule: a native Schedule or the scheduler workflow, as {@code mode} says.
   *
   * @throws IllegalArgumentException unknown campaign, a schedule of that id exists, or NATIVE on a
   *     server without the Schedules API
   */
  public Created create(String scheduleId, String campaignId, Duration interval, String set, Mode mode) {
    ArtifactRef config = registry.config(campaignId).orElseThrow(() -> new IllegalArgumentException(
        "no campaign '" + campaignId + "' in " + registry.root()));
    Optional<ScheduleRecord> existing = registry.schedule(scheduleId);
    if (existing.isPresent() && (existing.get().isNative()
        ? nativeDescription(scheduleId).isPresent() : running(scheduleId))) {
      throw new IllegalArgumentException("schedule '" + scheduleId + "' exists already (delete it first)");
    }
    String createdAt = clock.instant().toString();
    if (mode != Mode.WORKFLOW) {
      ScheduleRecord record = new ScheduleRecord(scheduleId, campaignId, set, interval.toSeconds(),
          createdAt, ScheduleRecord.NATIVE);
      try {
        createNative(record, config);
        registry.putSchedule(record);
        return new Created(record, null);
      } catch (ScheduleAlreadyRunningException e) {
        throw new IllegalArgumentException("schedule '" + scheduleId + "' exists already on the "
            + "Temporal server as Schedule " + ScheduledEvaluationWorkflow.scheduleId(scheduleId)
            + " (delete it first)");
      } catch (RuntimeException e) {
        if (!hasStatus(e, Status.Code.UNIMPLEMENTED)) {
          throw e;
        }
        if (mode == Mode.NATIVE) {
          throw new IllegalArgumentException("this Temporal server has no Schedules API (CreateSchedule "
              + "answered UNIMPLEMENTED; the embedded server never has it): use --kind workflow or auto");
        }
      }
    }
    ScheduleRecord record = new ScheduleRecord(scheduleId, campaignId, set, interval.toSeconds(),
        createdAt, ScheduleRecord.WORKFLOW);
    registry.putSchedule(record);
    startWorkflow(record, config);
    return new Created(record, mode == Mode.AUTO
        ? "this Temporal server has no Schedules API (CreateSchedule answered UNIMPLEMENTED): "
            + "schedule " + scheduleId + " runs as a durable scheduler workflow instead"
        : null);
  }

  /** Missed firings older than this are dropped: the interval, within 1 min .. 1 h. */
  static Duration catchupWindow(Duration interval) {
    if (interval.compareTo(MIN_CATCHUP_WINDOW) < 0) {
      return MIN_CATCHUP_WINDOW;
    }
    return interval.compareTo(MAX_CATCHUP_WINDOW) > 0 ? MAX_CATCHUP_WINDOW : interval;
  }

  private void createNative(ScheduleRecord record, ArtifactRef config) {
    Duration interval = Duration.ofSeconds(record.intervalSeconds());
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(ScheduledEvaluationWorkflow.class)
            .setArguments(scheduleConfig(record, config, 1))
            .setOptions(WorkflowOptions.newBuilder()
                .setWorkflowId(ScheduledEvaluationWorkflow.scheduleId(record.id()))
                .setTaskQueue(taskQueue)
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder()
            .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
            .build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
            .setCatchupWindow(catchupWindow(interval))
            .setPauseOnFailure(false)
            .build())
        .setState(io.temporal.client.schedules.ScheduleState.newBuilder()
            .setNote("tooln1: evaluate the newest checkpoint of campaign " + record.campaignId()
                + " on " + record.evalSet())
            .build())
        .build();
    schedules.createSchedule(ScheduledEvaluationWorkflow.scheduleId(record.id()), schedule,
        ScheduleOptions.newBuilder()
            .setMemo(Map.of(MEMO_CAMPAIGN, record.campaignId(), MEMO_EVAL_SET, record.evalSet()))
            .build());
  }

  private ScheduleConfig scheduleConfig(ScheduleRecord record, ArtifactRef config, int continueAsNew) {
    return new ScheduleConfig(record.id(), record.campaignId(),
        Duration.ofSeconds(record.intervalSeconds()), config, EvaluationClient.evalSet(EvalSet.fromSpec(record.evalSet())),
        taskQueue, null, continueAsNew, 0);
  }

  /**
   * Starts the workflows of recorded workflow schedules that are not running (after a restart of
   * the embedded server, which lost them); returns their ids. Native Schedules live on the cluster.
   */
  public List<String> restoreLost() {
    List<String> restored = new ArrayList<>();
    for (ScheduleRecord r : registry.schedules()) {
      if (r.isNative()) {
        continue;
      }
      Optional<ArtifactRef> config = registry.config(r.campaignId());
      if (config.isPresent() && execution(r.id()).isEmpty()) {
        startWorkflow(r, config.get());
        restored.add(r.id());
      }
    }
    return restored;
  }

  private void startWorkflow(ScheduleRecord record, ArtifactRef config) {
    ScheduleConfig sc = scheduleConfig(record, config, CONTINUE_AS_NEW_INTERVAL);
    EvaluationSchedulerWorkflow stub = client.newWorkflowStub(EvaluationSchedulerWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(EvaluationSchedulerWorkflow.workflowId(record.id()))
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .build());
    try {
      WorkflowClient.start(stub::run, sc, null);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // running already (created twice concurrently): keep that one
    }
  }

  /**
   * The recorded schedules, then tooln1's native Schedules that the cluster has but this campaigns
   * directory does not record (created from another one; recognised by their memo).
   */
  public List<ScheduleState> list() {
    List<ScheduleState> all = new ArrayList<>();
    Set<String> known = new HashSet<>();
    for (ScheduleRecord r : registry.schedules()) {
      all.add(r.isNative() ? nativeState(r) : workflowState(r));
      known.add(r.id());
    }
    all.addAll(unrecordedNative(known));
    return all;
  }

  private List<ScheduleState> unrecordedNative(Set<String> known) {
    if (noSchedulesApi) {
      return List.of();
    }
    String prefix = ScheduledEvaluationWorkflow.scheduleId("");
    List<ScheduleState> out = new ArrayList<>();
    try (Stream<ScheduleListDescription> listed = schedules.listSchedules()) {
      for (ScheduleListDescription d : (Iterable<ScheduleListDescription>) listed::iterator) {
        String id = d.getScheduleId().startsWith(prefix)
            ? d.getScheduleId().substring(prefix.length()) : null;
        Object campaign = d.getMemo(MEMO_CAMPAIGN, String.class);
        Object set = d.getMemo(MEMO_EVAL_SET, String.class);
        if (id == null || known.contains(id) || campaign == null || set == null) {
          continue; // not one of ours, or listed above
        }
        List<ScheduleIntervalSpec> every = d.getSchedule() == null || d.getSchedule().getSpec() == null
            ? List.of() : d.getSchedule().getSpec().getIntervals();
        long seconds = every == null || every.isEmpty() ? 0 : every.get(0).getEvery().toSeconds();
        out.add(nativeState(new ScheduleRecord(id, campaign.toString(), set.toString(), seconds, null,
            ScheduleRecord.NATIVE)));
      }
    } catch (RuntimeException e) {
      if (!hasStatus(e, Status.Code.UNIMPLEMENTED)) {
        throw e;
      }
      noSchedulesApi = true; // the embedded server: asked once per client (the console polls)
    }
    return out;
  }

  private ScheduleState workflowState(ScheduleRecord r) {
    Optional<WorkflowExecutionStatus> e = execution(r.id());
    if (e.isEmpty()) {
      return new ScheduleState(r, null, "LOST");
    }
    SchedulerStatus status = stub(r.id()).status();
    String state = e.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        ? (status.stopRequested() ? "STOPPING" : "ACTIVE")
        : CampaignClient.describe(e.get()).toUpperCase(Locale.ROOT);
    return new ScheduleState(r, status, state);
  }

  /** A native Schedule as the cluster describes it; its last finished run's state for the results. */
  private ScheduleState nativeState(ScheduleRecord r) {
    Optional<ScheduleDescription> d = nativeDescription(r.id());
    if (d.isEmpty()) {
      return new ScheduleState(r, null, "LOST");
    }
    ScheduleInfo info = d.get().getInfo();
    SchedulerState last = lastFinishedRun(info.getRecentActions()).orElse(SchedulerState.initial());
    Long next = info.getNextActionTimes().isEmpty() ? null
        : info.getNextActionTimes().get(0).toEpochMilli();
    var scheduleState = d.get().getSchedule() == null ? null : d.get().getSchedule().getState();
    boolean paused = scheduleState != null && scheduleState.isPaused();
    SchedulerStatus status = new SchedulerStatus(r.id(), r.campaignId(),
        Duration.ofSeconds(r.intervalSeconds()), (int) info.getNumActions(), last.evaluations(),
        last.lastEvaluated(), last.lastResult(), paused ? null : next, false, last.failures(),
        last.lastError());
    return new ScheduleState(r, status, paused ? "PAUSED" : "ACTIVE");
  }

  /** The result of the newest completed run among the Schedule's recent actions. */
  private Optional<SchedulerState> lastFinishedRun(List<ScheduleActionResult> recent) {
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (!(recent.get(i).getAction() instanceof ScheduleActionExecutionStartWorkflow run)) {
        continue;
      }
      try {
        WorkflowStub stub = client.newUntypedWorkflowStub(run.getWorkflowId(),
            Optional.ofNullable(run.getFirstExecutionRunId()), Optional.empty());
        if (stub.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
          return Optional.ofNullable(stub.getResult(SchedulerState.class));
        }
      } catch (RuntimeException e) {
        // gone from the cluster's retention, or unreadable: look at the one before
      }
    }
    return Optional.empty();
  }

  /** The native Schedule of that id, if the server has it (and has the Schedules API). */
  private Optional<ScheduleDescription> nativeDescription(String scheduleId) {
    try {
      return Optional.of(schedules.getHandle(ScheduledEvaluationWorkflow.scheduleId(scheduleId)).describe());
    } catch (RuntimeException e) {
      if (hasStatus(e, Status.Code.NOT_FOUND) || hasStatus(e, Status.Code.UNIMPLEMENTED)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Deletes the schedule, of either kind, and forgets it: a native Schedule is deleted on the
   * cluster (a run in flight completes); a scheduler workflow is stopped (an evaluation in flight
   * completes).
   *
   * @throws IllegalArgumentException if there is no such schedule
   */
  public void delete(String scheduleId) {
    Optional<ScheduleRecord> record = registry.schedule(scheduleId);
    if (record.isPresent() && record.get().isNative()) {
      deleteNative(scheduleId);
      registry.removeSchedule(scheduleId);
      return;
    }
    boolean wasRunning = running(scheduleId);
    if (record.isEmpty() && !wasRunning) {
      // not recorded here: perhaps a native Schedule created from another campaigns directory
      if (deleteNative(scheduleId)) {
        return;
      }
      throw new IllegalArgumentException("no schedule '" + scheduleId + "'");
    }
    if (wasRunning) {
      stub(scheduleId).stop();
    }
    registry.removeSchedule(scheduleId);
  }

  /** @return whether the server had that native Schedule */
  private boolean deleteNative(String scheduleId) {
    try {
      schedules.getHandle(ScheduledEvaluationWorkflow.scheduleId(scheduleId)).delete();
      return true;
    } catch (RuntimeException e) {
      if (hasStatus(e, Status.Code.NOT_FOUND) || hasStatus(e, Status.Code.UNIMPLEMENTED)) {
        return false;
      }
      throw e;
    }
  }

  /** Whether a gRPC status of that code is somewhere in the cause chain (the SDK wraps them). */
  static boolean hasStatus(Throwable e, Status.Code code) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == code) {
        return true;
      }
    }
    return false;
  }

  private boolean running(String scheduleId) {
    return execution(scheduleId)
        .map(s -> s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING).orElse(false);
  }

  private Optional<WorkflowExecutionStatus> execution(String scheduleId) {
    try {
      return Optional.of(client.newUntypedWorkflowStub(EvaluationSchedulerWorkflow.workflowId(scheduleId))
          .describe().getStatus());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private EvaluationSchedulerWorkflow stub(String scheduleId) {
    return client.newWorkflowStub(EvaluationSchedulerWorkflow.class,
        EvaluationSchedulerWorkflow.workflowId(scheduleId));
  }
}
