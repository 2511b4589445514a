package dev.tooln1.workflows.campaign;

import dev.tooln1.workflows.ActivityPolicies;
import dev.tooln1.workflows.ErrorTypes;
import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.activities.DataActivities;
import dev.tooln1.workflows.activities.EvalActivities;
import dev.tooln1.workflows.activities.TrainingActivities;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CampaignEndRequest;
import dev.tooln1.workflows.dto.CampaignOutcome;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.CampaignState;
import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.CollapseGuard;
import dev.tooln1.workflows.dto.ClaimRequest;
import dev.tooln1.workflows.dto.ConfigUpdate;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.GuardState;
import dev.tooln1.workflows.dto.MergeRolloutsRequest;
import dev.tooln1.workflows.dto.Phase;
import dev.tooln1.workflows.dto.PhaseTimings;
import dev.tooln1.workflows.dto.PrepareRequest;
import dev.tooln1.workflows.dto.PreparedData;
import dev.tooln1.workflows.dto.RolloutRequest;
import dev.tooln1.workflows.dto.RolloutResult;
import dev.tooln1.workflows.dto.ScoreRequest;
import dev.tooln1.workflows.dto.ScoreResult;
import dev.tooln1.workflows.dto.SftRequest;
import dev.tooln1.workflows.dto.SftResult;
import dev.tooln1.workflows.dto.StepMetrics;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import dev.tooln1.workflows.dto.WorkerLease;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The campaign's sequencing. Deterministic: time from {@link Workflow#currentTimeMillis()}, no IO,
 * all work in activities. See workflows/README.md for the design (state, locality, fallbacks).
 */
public final class TrainingCampaignWorkflowImpl implements TrainingCampaignWorkflow {
  private static final Logger log = Workflow.getLogger(TrainingCampaignWorkflowImpl.class);
  /** Steps whose durations the ETA averages over. */
  private static final int ETA_WINDOW = 20;
  /** {@link Workflow#getVersion} change id of the collapse guard (version 1 = guard evaluated). */
  static final String COLLAPSE_GUARD_CHANGE = "collapse-guard";
  /** {@link Workflow#getVersion} change id of the end record (version 1 = recordEnd when the run ends). */
  static final String END_RECORD_CHANGE = "end-record";

  private CampaignConfig config;
  private final List<ConfigUpdate> earlyUpdates = new ArrayList<>();

  // --- carried state (see CampaignState) ---
  private PreparedData data;
  private boolean sftDone;
  private ArtifactRef referencePolicy;
  private ArtifactRef lastCheckpoint;
  /** Step of lastCheckpoint: equals step except after a collapse rollback. */
  private int checkpointStep;
  private int step;
  private DataCursor cursor = DataCursor.start();
  private CheckpointRecord best;
  private EvalResult lastEval;
  private int lastEvalStep = -1;
  private EvalResult baselineEval;
  private final Deque<StepMetrics> history = new ArrayDeque<>();
  private WorkerLease lease;
  private boolean paused;
  private boolean stopRequested;
  private int runs = 1;
  private GuardState guard = GuardState.START;

  // --- this run only ---
  private Phase phase = Phase.STARTING;
  private String activity = "start";
  private String notice;

  @Override
  public CampaignResult run(CampaignConfig campaignConfig, CampaignState carried) {
    config = campaignConfig;
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw ErrorTypes.invalidConfig("campaign " + config.campaignId() + ": invalid config: "
          + String.join("; ", problems));
    }
    earlyUpdates.forEach(this::apply);
    earlyUpdates.clear();
    if (carried != null) {
      restore(carried);
    } else {
      lastCheckpoint = config.basePolicy();
      referencePolicy = config.basePolicy();
    }
    // How the campaign ended is also written into its directory, which outlives this history (the
    // embedded server keeps it in memory). Continue-as-new is not an end: it leaves by an Error that
    // passes these catches.
    try {
      CampaignResult result = campaign();
      recordEnd(result.stopped() ? CampaignOutcome.STOPPED : CampaignOutcome.COMPLETED, null);
      return result;
    } catch (ActivityFailure failure) {
      ApplicationFailure described = describe(failure);
      recordEnd(CampaignOutcome.FAILED, described.getOriginalMessage());
      throw described;
    } catch (ApplicationFailure failure) {
      // bad input the workflow found itself (e.g. data without a single batch)
      recordEnd(CampaignOutcome.FAILED, failure.getOriginalMessage());
      throw failure;
    }
  }

  /**
   * Records the end in the campaign directory ({@code recordEnd} on the shared queue). Histories
   * recorded before this existed replay without it (getVersion). A record that cannot be written
   * (no worker within {@link ActivityPolicies#END_RECORD_LIMIT}) is logged and skipped: it never
   * changes how the campaign ends.
   */
  private void recordEnd(CampaignOutcome outcome, String error) {
    if (Workflow.getVersion(END_RECORD_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
      return;
    }
    CampaignEndRequest request = new CampaignEndRequest(config.campaignId(), outcome, step,
        Workflow.currentTimeMillis(), error);
    try {
      Workflow.newActivityStub(CampaignStoreActivities.class,
          ActivityPolicies.endRecord(config.taskQueue())).recordEnd(request);
    } catch (ActivityFailure failure) {
      log.warn("campaign {}: its end ({} at step {}) was not recorded in the campaign directory: {}",
          config.campaignId(), outcome, step, failure.getCause() == null ? failure.getMessage()
              : failure.getCause().getMessage());
    }
  }

  private CampaignResult campaign() {
    if (data == null) {
      phase = Phase.PREPARING;
      activity = "prepareData";
      data = dataActivities().prepareData(
          new PrepareRequest(config.campaignId(), config.config(), config.seed()));
      if (data.batchesPerEpoch() < 1) {
        throw ErrorTypes.corruptData("campaign " + config.campaignId()
            + ": prepareData produced " + data.batchesPerEpoch() + " batches per epoch ("
            + data.trainExamples() + " training examples); need at least 1");
      }
    }
    if (config.sftWarmup() && !sftDone) {
      phase = Phase.SFT_WARMUP;
      activity = "sftWarmup";
      SftResult sft = onCampaignWorker(TrainingActivities.class, a -> a.sftWarmup(new SftRequest(
          config.campaignId(), config.config(), config.basePolicy(), data.trainSet(),
          config.seed())));
      lastCheckpoint = sft.checkpoint();
      referencePolicy = sft.checkpoint();
      sftDone = true;
    }
    // The policy RL starts from (the SFT warm-up's, or the base model) is evaluated before the
    // first step, so every later evaluation has a baseline on the same tasks. Histories recorded
    // before this existed replay without it.
    if (step == 0 && lastEvalStep != 0 && config.evalInterval() > 0
        && Workflow.getVersion("baseline-evaluation", Workflow.DEFAULT_VERSION, 1) == 1) {
      phase = Phase.EVALUATING;
      baselineEval = evaluate("baseline");
    }
    int stepsThisRun = 0;
    boolean stopped = false;
    while (true) {
      if (stopRequested) {
        stopped = true;
        break;
      }
      if (trainingDone()) {
        break;
      }
      if (paused) {
        phase = Phase.PAUSED;
        Workflow.await(() -> !paused || stopRequested);
        continue;
      }
      if (stepsThisRun >= config.continueAsNewInterval()) {
        Workflow.continueAsNew(config, snapshot());
      }
      phase = Phase.TRAINING;
      trainOneStep();
      stepsThisRun++;
    }
    EvalResult finalEval = null;
    if (!stopped && config.finalEvaluation()) {
      phase = Phase.FINAL_EVALUATION;
      finalEval = lastEvalStep == step ? lastEval : evaluate("final");
    }
    phase = stopped ? Phase.STOPPED : Phase.COMPLETED;
    return new CampaignResult(config.campaignId(), step, lastCheckpoint, best, finalEval, stopped,
        baselineEval);
  }

  private boolean trainingDone() {
    return cursor.epoch() >= config.epochs()
        || (config.maxSteps() > 0 && step >= config.maxSteps());
  }

  private void trainOneStep() {
    final int k = step;
    final DataCursor at = cursor;
    final ArtifactRef policy = lastCheckpoint;
    long t0 = Workflow.currentTimeMillis();

    activity = "rollout";
    RolloutResult rollout = config.rolloutShardsOrDefault() > 1
        ? shardedRollout(k, at, policy)
        : onCampaignWorker(TrainingActivities.class, a -> a.rollout(new RolloutRequest(
            config.campaignId(), k, at, config.config(), policy, data.trainSet(), config.seed(),
            0, 1)));
    long t1 = Workflow.currentTimeMillis();

    activity = "score";
    ScoreResult score = trainingOnShared(ActivityPolicies.score(config.taskQueue(), heartbeat()))
        .score(new ScoreRequest(config.campaignId(), k, config.config(), rollout.rollouts()));
    long t2 = Workflow.currentTimeMillis();

    CollapseEvent collapse = checkCollapse(k, policy, score.meanReward());
    if (collapse != null) {
      skipCollapsedStep(k, at, collapse, rollout, score, t0, t1, t2);
      return;
    }

    activity = "update";
    int produced = k + 1;
    boolean evaluateNow = config.evalInterval() > 0 && produced % config.evalInterval() == 0;
    boolean keep = evaluateNow
        || (config.checkpointInterval() > 0 && produced % config.checkpointInterval() == 0)
        || produced == totalSteps();
    UpdateResult update = onCampaignWorker(TrainingActivities.class, a -> a.update(
        new UpdateRequest(config.campaignId(), k, config.config(), policy, referencePolicy,
            rollout.rollouts(), score.rewards(), config.seed(), keep, retained())));
    long t3 = Workflow.currentTimeMillis();

    step = produced;
    cursor = at.next(data.batchesPerEpoch());
    lastCheckpoint = update.checkpoint();
    checkpointStep = produced;

    Double evalAccuracy = null;
    long evalCompute = 0;
    if (evaluateNow) {
      phase = Phase.EVALUATING;
      EvalResult eval = evaluate("step-" + produced);
      evalAccuracy = eval.accuracy();
      evalCompute = eval.computeMillis();
      phase = Phase.TRAINING;
    }
    long t4 = Workflow.currentTimeMillis();
    PhaseTimings timings = new PhaseTimings(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0,
        rollout.computeMillis() + score.computeMillis() + update.computeMillis() + evalCompute);
    remember(new StepMetrics(produced, at.epoch(), at.batch(), score.meanReward(),
        score.accuracy(), score.formatValidRate(), update.kl(), rollout.meanResponseTokens(),
        evalAccuracy, timings));
  }

  /** Older checkpoints this workflow may still come back to: never pruned by the update. */
  private List<ArtifactRef> retained() {
    List<ArtifactRef> refs = new ArrayList<>();
    if (best != null && best.checkpoint() != null) {
      refs.add(best.checkpoint());
    }
    if (guard.lastGood() != null && guard.lastGood().checkpoint() != null) {
      refs.add(guard.lastGood().checkpoint());
    }
    return refs;
  }

  // --- collapse guard ---

  /**
   * Checks step {@code k}'s mean rollout reward against the baseline (the mean over the first
   * {@code baselineSteps} steps). Returns the intervention when the policy that made the rollouts
   * collapsed, else null; updates the guard's state either way. "Good" = a checkpoint whose own
   * rollouts reached the threshold (every policy of the baseline steps counts as good). A step at
   * or above the threshold makes its policy the last good one. A low step of the last good policy
   * itself (rolled back to, then unlucky on a hard batch) is trained on: there is nothing better to
   * go back to. A baseline of 0 or less (no reward yet) never triggers.
   */
  private CollapseEvent checkCollapse(int k, ArtifactRef policy, double reward) {
    CollapseGuard g = config.activeCollapseGuard();
    if (g == null
        || Workflow.getVersion(COLLAPSE_GUARD_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
      return null;
    }
    CheckpointRecord current = new CheckpointRecord(checkpointStep, policy, reward);
    GuardState s = guard;
    if (s.baselineCount() < g.baselineSteps()) {
      guard = new GuardState(s.baselineCount() + 1, s.baselineSum() + reward, current,
          s.rollbacks(), s.lastEvent());
      return null;
    }
    double baseline = s.baselineSum() / s.baselineCount();
    double threshold = g.collapseFraction() * baseline;
    if (baseline > 0 && reward < threshold) {
      if (s.lastGood() == null || s.lastGood().checkpoint().equals(policy)) {
        return null;
      }
      CollapseEvent event = new CollapseEvent(k, checkpointStep, reward, baseline, threshold,
          s.lastGood());
      guard = new GuardState(s.baselineCount(), s.baselineSum(), s.lastGood(), s.rollbacks() + 1,
          event);
      return event;
    }
    guard = new GuardState(s.baselineCount(), s.baselineSum(), current, s.rollbacks(),
        s.lastEvent());
    return null;
  }

  /**
   * The rollouts of step k came from a collapsed policy: no update on them (the batch counts as
   * consumed, so the data cursor and the step number move on), and the next step samples with the
   * last good checkpoint. Deterministic: a fast-forwarding restart re-reads the same rewards and
   * takes the same decision.
   */
  private void skipCollapsedStep(int k, DataCursor at, CollapseEvent collapse,
      RolloutResult rollout, ScoreResult score, long t0, long t1, long t2) {
    step = k + 1;
    cursor = at.next(data.batchesPerEpoch());
    lastCheckpoint = collapse.rolledBackTo().checkpoint();
    checkpointStep = collapse.rolledBackTo().step();
    notice = String.format(java.util.Locale.ROOT,
        "collapse at step %d: mean reward %.4f < %.4f (%.2f x baseline %.4f); update skipped, "
            + "rolled back to checkpoint step %d", k, collapse.meanReward(), collapse.threshold(),
        config.activeCollapseGuard().collapseFraction(), collapse.baseline(), checkpointStep);
    log.warn("campaign {}: {}", config.campaignId(), notice);
    long t3 = Workflow.currentTimeMillis();
    PhaseTimings timings = new PhaseTimings(t1 - t0, t2 - t1, 0, t3 - t2, t3 - t0,
        rollout.computeMillis() + score.computeMillis());
    remember(new StepMetrics(k + 1, at.epoch(), at.batch(), score.meanReward(), score.accuracy(),
        score.formatValidRate(), 0, rollout.meanResponseTokens(), null, timings, collapse));
  }

  /**
   * Fans a large batch out over the workers of the shared queue (each loads the checkpoint; the
   * policy's holder polls that queue too), then merges the shards into one rollouts artifact.
   */
  private RolloutResult shardedRollout(int k, DataCursor at, ArtifactRef policy) {
    int shards = config.rolloutShardsOrDefault();
    TrainingActivities any =
        trainingOnShared(ActivityPolicies.modelWork(config.taskQueue(), heartbeat()));
    List<Promise<RolloutResult>> parts = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      parts.add(Async.function(any::rollout, new RolloutRequest(config.campaignId(), k, at,
          config.config(), policy, data.trainSet(), config.seed(), shard, shards)));
    }
    List<RolloutResult> results = new ArrayList<>();
    for (Promise<RolloutResult> part : parts) {
      results.add(part.get());
    }
    activity = "mergeRollouts";
    RolloutResult merged = trainingOnShared(ActivityPolicies.score(config.taskQueue(), heartbeat()))
        .mergeRollouts(new MergeRolloutsRequest(config.campaignId(), k, results));
    activity = "rollout";
    long shardCompute = results.stream().mapToLong(RolloutResult::computeMillis).max().orElse(0);
    // the shards ran in parallel: count the slowest one, plus the merge
    return new RolloutResult(merged.rollouts(), merged.prompts(), merged.responses(),
        merged.generatedTokens(), merged.meanResponseTokens(),
        shardCompute + merged.computeMillis());
  }

  private EvalResult evaluate(String label) {
    activity = "evaluate";
    final EvalRequest request = new EvalRequest(config.campaignId(), label, step, config.config(),
        lastCheckpoint, data.evalSet());
    EvalResult eval = onCampaignWorker(EvalActivities.class, a -> a.evaluate(request));
    lastEval = eval;
    lastEvalStep = step;
    if (best == null || best.score() == null || eval.accuracy() > best.score()) {
      best = new CheckpointRecord(checkpointStep, lastCheckpoint, eval.accuracy());
    }
    return eval;
  }

  private void remember(StepMetrics metrics) {
    history.addLast(metrics);
    while (history.size() > config.metricsHistoryLimit()) {
      history.removeFirst();
    }
  }

  // --- model locality ---

  /**
   * Runs model-bound work on the worker that holds the campaign's policy. If that fails for any
   * reason other than bad input (the worker died or hung: heartbeat or schedule-to-start timeout;
   * or it kept failing, e.g. out of memory), the lease is dropped and the same request goes to the
   * shared queue with the full retry policy, where any worker loads the checkpoint named in it; the
   * next model-bound activity claims a worker again.
   */
  private <A, R> R onCampaignWorker(Class<A> activities, Function<A, R> call) {
    WorkerLease holder = ensureLease();
    try {
      return call.apply(Workflow.newActivityStub(activities, ActivityPolicies.onWorker(
          holder.taskQueue(), heartbeat(), config.workerStartTimeoutOrDefault())));
    } catch (ActivityFailure failure) {
      if (!worthAnotherWorker(failure.getCause())) {
        throw failure;
      }
      String how = failure.getCause() instanceof TimeoutFailure ? "timed out" : "failed";
      notice = activity + " at step " + step + " " + how + " on worker " + holder.workerId()
          + " (" + failure.getCause().getMessage() + "); retrying on the shared queue";
      log.warn("campaign {}: {}", config.campaignId(), notice);
      lease = null;
      return call.apply(Workflow.newActivityStub(activities,
          ActivityPolicies.modelWork(config.taskQueue(), heartbeat())));
    }
  }

  /** Timeouts and retryable errors may go away on another worker; bad input and cancellation not. */
  private static boolean worthAnotherWorker(Throwable cause) {
    if (cause instanceof TimeoutFailure) {
      return true;
    }
    if (cause instanceof ApplicationFailure app) {
      return !app.isNonRetryable() && !ErrorTypes.NON_RETRYABLE.contains(app.getType());
    }
    return false;
  }

  private WorkerLease ensureLease() {
    if (lease == null) {
      String was = activity;
      activity = "claimWorker";
      lease = trainingOnShared(ActivityPolicies.claimWorker(config.taskQueue(), heartbeat()))
          .claimWorker(new ClaimRequest(config.campaignId(), lastCheckpoint));
      activity = was;
    }
    return lease;
  }

  private TrainingActivities trainingOnShared(io.temporal.activity.ActivityOptions options) {
    return Workflow.newActivityStub(TrainingActivities.class, options);
  }

  private DataActivities dataActivities() {
    return Workflow.newActivityStub(DataActivities.class,
        ActivityPolicies.prepareData(config.taskQueue(), heartbeat()));
  }

  private Duration heartbeat() {
    return config.heartbeatTimeoutOrDefault();
  }

  // --- failures ---

  /** A failure naming the campaign, activity and step, keeping the cause's type and message. */
  private ApplicationFailure describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    String type = "ActivityFailed";
    String detail = failure.getMessage();
    if (cause instanceof ApplicationFailure app) {
      type = app.getType();
      detail = app.getOriginalMessage();
    } else if (cause != null) {
      detail = cause.getMessage();
    }
    String message = "campaign " + config.campaignId() + " failed in " + activity + " at step "
        + step + " (" + type + "): " + detail;
    return ApplicationFailure.newNonRetryableFailureWithCause(message, type, failure);
  }

  // --- state ---

  private int totalSteps() {
    if (data == null) {
      return -1;
    }
    long planned = (long) config.epochs() * data.batchesPerEpoch();
    if (config.maxSteps() > 0) {
      planned = Math.min(planned, config.maxSteps());
    }
    return (int) Math.min(planned, Integer.MAX_VALUE);
  }

  private CampaignState snapshot() {
    return new CampaignState(data, sftDone, referencePolicy, lastCheckpoint, step, cursor, best,
        lastEval, lastEvalStep, List.copyOf(history), lease, paused, stopRequested, runs + 1,
        checkpointStep, guard, baselineEval);
  }

  private void restore(CampaignState s) {
    data = s.data();
    sftDone = s.sftDone();
    referencePolicy = s.referencePolicy() != null ? s.referencePolicy() : config.basePolicy();
    lastCheckpoint = s.lastCheckpoint() != null ? s.lastCheckpoint() : config.basePolicy();
    step = s.step();
    checkpointStep = s.checkpointStep() != null ? s.checkpointStep() : s.step();
    guard = s.guard() != null ? s.guard() : GuardState.START;
    cursor = s.cursor() != null ? s.cursor() : DataCursor.start();
    best = s.best();
    lastEval = s.lastEval();
    lastEvalStep = s.lastEvalStep();
    baselineEval = s.baselineEval();
    if (s.history() != null) {
      s.history().forEach(this::remember);
    }
    lease = s.lease();
    paused = paused || s.paused();
    stopRequested = stopRequested || s.stopRequested();
    runs = Math.max(1, s.runs());
  }

  private Long etaMillis() {
    int total = totalSteps();
    if (total < 0 || history.isEmpty()) {
      return null;
    }
    int remaining = Math.max(0, total - step);
    long sum = 0;
    int n = 0;
    var it = history.descendingIterator();
    while (it.hasNext() && n < ETA_WINDOW) {
      sum += it.next().timings().stepMs();
      n++;
    }
    return remaining * (sum / n);
  }

  // --- signals and queries ---

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public void stop() {
    stopRequested = true;
  }

  @Override
  public void updateConfig(ConfigUpdate update) {
    if (config == null) {
      earlyUpdates.add(update);
    } else {
      apply(update);
    }
  }

  private void apply(ConfigUpdate update) {
    List<String> rejected = new ArrayList<>();
    if (update.evalInterval() != null) {
      if (update.evalInterval() < 0) {
        rejected.add("evalInterval must be >= 0, was " + update.evalInterval());
      } else {
        config = config.withEvalInterval(update.evalInterval());
      }
    }
    if (update.maxSteps() != null) {
      if (update.maxSteps() < 0) {
        rejected.add("maxSteps must be >= 0, was " + update.maxSteps());
      } else {
        config = config.withMaxSteps(update.maxSteps());
      }
    }
    if (!rejected.isEmpty()) {
      notice = "config update rejected: " + String.join("; ", rejected);
      log.warn("campaign {}: {}", config.campaignId(), notice);
    }
  }

  @Override
  public CampaignStatus status() {
    return new CampaignStatus(
        config == null ? null : config.campaignId(),
        phase,
        step,
        config == null ? -1 : totalSteps(),
        cursor,
        paused,
        stopRequested,
        history.isEmpty() ? null : history.peekLast(),
        lastCheckpoint,
        best,
        config == null ? null : etaMillis(),
        lease == null ? null : lease.taskQueue(),
        config == null ? 0 : config.evalInterval(),
        config == null ? 0 : config.maxSteps(),
        runs,
        notice,
        guard.rollbacks(),
        guard.lastEvent());
  }

  @Override
  public List<StepMetrics> metricsHistory() {
    return List.copyOf(history);
  }
}
