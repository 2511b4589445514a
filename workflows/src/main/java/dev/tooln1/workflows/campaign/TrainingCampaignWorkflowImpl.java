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
import dev.tooln1.workflows.dto.ClaimRequest;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.ConfigUpdate;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
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
import dev.tooln1.workflows.dto.StepMetrics;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The campaign's sequencing: prepare data, SFT warm-up, a baseline evaluation, GRPO steps (rollout,
 * score, update, periodic evaluation) with continue-as-new every few steps, a final evaluation, and
 * the end recorded in the campaign directory. What needs no Temporal call is in plain helpers
 * beside it: {@link CampaignProgress} (where training stands), {@link CampaignPlan} (step count,
 * evaluation and keep schedule, config updates), {@link CollapseDetector} (the collapse guard),
 * {@link PolicyHolder} (which queue model-bound work goes to) and {@link StepHistory} (metrics and
 * ETA). Deterministic: time from {@link Workflow#currentTimeMillis()}, no IO. Design:
 * workflows/README.md.
 */
public final class TrainingCampaignWorkflowImpl implements TrainingCampaignWorkflow {
  private static final Logger log = Workflow.getLogger(TrainingCampaignWorkflowImpl.class);

  private CampaignConfig config;
  /** updateConfig signals that came before {@code run} started: applied once the config is known. */
  private final List<ConfigUpdate> earlyUpdates = new ArrayList<>();

  // carried across continue-as-new (CampaignState)
  private PreparedData data;
  private boolean sftDone;
  private ArtifactRef referencePolicy;
  private EvalResult baselineEval;
  private CampaignProgress progress = CampaignProgress.start(null);
  private final StepHistory history = new StepHistory();
  private PolicyHolder holder = new PolicyHolder(null);
  private boolean paused;
  private boolean stopRequested;
  private int runs = 1;

  // this run only
  private Phase phase = Phase.STARTING;
  /** The activity in flight, named in failure messages and notices. */
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
      progress = CampaignProgress.start(config.basePolicy());
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

  private CampaignResult campaign() {
    if (data == null) {
      phase = Phase.PREPARING;
      activity = "prepareData";
      data = Workflow.newActivityStub(DataActivities.class,
              ActivityPolicies.prepareData(config.taskQueue(), heartbeat()))
          .prepareData(new PrepareRequest(config.campaignId(), config.config(), config.seed()));
      if (data.batchesPerEpoch() < 1) {
        throw ErrorTypes.corruptData("campaign " + config.campaignId()
            + ": prepareData produced " + data.batchesPerEpoch() + " batches per epoch ("
            + data.trainExamples() + " training examples); need at least 1");
      }
    }
    if (config.sftWarmup() && !sftDone) {
      phase = Phase.SFT_WARMUP;
      activity = "sftWarmup";
      referencePolicy = onPolicyHolder(TrainingActivities.class, a -> a.sftWarmup(new SftRequest(
          config.campaignId(), config.config(), config.basePolicy(), data.trainSet(),
          config.seed()))).checkpoint();
      progress = progress.warmedUp(referencePolicy);
      sftDone = true;
    }
    // The policy RL starts from (the SFT warm-up's, or the base model) is evaluated before the
    // first step, so every later evaluation has a baseline on the same tasks.
    if (progress.step() == 0 && progress.evaluationOfThisStep() == null
        && config.evalInterval() > 0) {
      phase = Phase.EVALUATING;
      baselineEval = evaluate("baseline");
    }
    int stepsThisRun = 0;
    while (!stopRequested && !CampaignPlan.trainingDone(config, progress.step(), progress.cursor())) {
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
    boolean stopped = stopRequested;
    EvalResult finalEval = null;
    if (!stopped && config.finalEvaluation()) {
      phase = Phase.FINAL_EVALUATION;
      finalEval = progress.evaluationOfThisStep() != null ? progress.evaluationOfThisStep()
          : evaluate("final");
    }
    phase = stopped ? Phase.STOPPED : Phase.COMPLETED;
    return new CampaignResult(config.campaignId(), progress.step(), progress.checkpoint(),
        progress.best(), finalEval, stopped, baselineEval);
  }

  /**
   * Step k: rollouts of the current policy on the cursor's batch, their rewards, then the GRPO
   * update into checkpoint k+1 (evaluated when the plan says so); or, when the collapse guard finds
   * the policy collapsed, no update and a rollback to the last good checkpoint.
   */
  private void trainOneStep() {
    final int k = progress.step();
    final DataCursor at = progress.cursor();
    final ArtifactRef policy = progress.checkpoint();
    long t0 = Workflow.currentTimeMillis();
    RolloutResult rollout = rollout(k, at, policy);
    long t1 = Workflow.currentTimeMillis();
    activity = "score";
    ScoreResult score = training(ActivityPolicies.score(config.taskQueue(), heartbeat()))
        .score(new ScoreRequest(config.campaignId(), k, config.config(), rollout.rollouts()));
    long t2 = Workflow.currentTimeMillis();

    CollapseDetector.Decision guard =
        progress.collapseCheck(config.activeCollapseGuard(), score.meanReward());
    progress = progress.guarded(guard.state());
    if (guard.rollsBack()) {
      CollapseEvent collapse = guard.rollback();
      progress = progress.rolledBack(collapse, data.batchesPerEpoch());
      notice = CollapseDetector.notice(collapse, config.activeCollapseGuard().collapseFraction());
      log.warn("campaign {}: {}", config.campaignId(), notice);
      long t3 = Workflow.currentTimeMillis();
      record(new StepMetrics(k + 1, at.epoch(), at.batch(), score.meanReward(), score.accuracy(),
          score.formatValidRate(), 0, rollout.meanResponseTokens(), null,
          new PhaseTimings(t1 - t0, t2 - t1, 0, t3 - t2, t3 - t0,
              rollout.computeMillis() + score.computeMillis()), collapse));
      return;
    }

    activity = "update";
    boolean evaluateNow = CampaignPlan.evaluatesAfter(config, k + 1);
    UpdateRequest request = new UpdateRequest(config.campaignId(), k, config.config(), policy,
        referencePolicy, rollout.rollouts(), score.rewards(), config.seed(),
        CampaignPlan.keeps(config, data, k + 1), progress.retained());
    UpdateResult update = onPolicyHolder(TrainingActivities.class, a -> a.update(request));
    long t3 = Workflow.currentTimeMillis();
    progress = progress.trained(update.checkpoint(), data.batchesPerEpoch());

    EvalResult eval = null;
    if (evaluateNow) {
      phase = Phase.EVALUATING;
      eval = evaluate("step-" + (k + 1));
      phase = Phase.TRAINING;
    }
    long t4 = Workflow.currentTimeMillis();
    record(new StepMetrics(k + 1, at.epoch(), at.batch(), score.meanReward(), score.accuracy(),
        score.formatValidRate(), update.kl(), rollout.meanResponseTokens(),
        eval == null ? null : eval.accuracy(),
        new PhaseTimings(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0, rollout.computeMillis()
            + score.computeMillis() + update.computeMillis()
            + (eval == null ? 0 : eval.computeMillis()))));
  }

  /**
   * One rollout on the policy's holder, or, with {@code rolloutShards > 1}, shards fanned out over
   * the shared queue (every worker loads the checkpoint; the holder polls that queue too) and merged
   * into one rollouts artifact. The shards run in parallel, so their compute is the slowest one's.
   */
  private RolloutResult rollout(int k, DataCursor at, ArtifactRef policy) {
    activity = "rollout";
    int shards = config.rolloutShards();
    if (shards == 1) {
      return onPolicyHolder(TrainingActivities.class, a -> a.rollout(new RolloutRequest(
          config.campaignId(), k, at, config.config(), policy, data.trainSet(), config.seed(), 0, 1)));
    }
    TrainingActivities any = training(ActivityPolicies.modelWork(config.taskQueue(), heartbeat()));
    List<Promise<RolloutResult>> parts = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      parts.add(Async.function(any::rollout, new RolloutRequest(config.campaignId(), k, at,
          config.config(), policy, data.trainSet(), config.seed(), shard, shards)));
    }
    List<RolloutResult> results = parts.stream().map(Promise::get).toList();
    activity = "mergeRollouts";
    RolloutResult merged = training(ActivityPolicies.score(config.taskQueue(), heartbeat()))
        .mergeRollouts(new MergeRolloutsRequest(config.campaignId(), k, results));
    activity = "rollout";
    long slowest = results.stream().mapToLong(RolloutResult::computeMillis).max().orElse(0);
    return new RolloutResult(merged.rollouts(), merged.prompts(), merged.responses(),
        merged.generatedTokens(), merged.meanResponseTokens(), slowest + merged.computeMillis());
  }

  /** Evaluates the current checkpoint on the eval set. */
  private EvalResult evaluate(String label) {
    activity = "evaluate";
    EvalRequest request = new EvalRequest(config.campaignId(), label, progress.step(),
        config.config(), progress.checkpoint(), data.evalSet());
    EvalResult eval = onPolicyHolder(EvalActivities.class, a -> a.evaluate(request));
    progress = progress.evaluated(eval);
    return eval;
  }

  /**
   * Model-bound work on the worker that holds the policy (claimed first if none does). A failure
   * there that another worker may not have sends the same request to the shared queue with the full
   * retry policy, where any worker loads the checkpoint it names (see {@link PolicyHolder}).
   */
  private <A, R> R onPolicyHolder(Class<A> activities, Function<A, R> call) {
    if (!holder.held()) {
      String was = activity;
      activity = "claimWorker";
      holder.claimed(training(ActivityPolicies.claimWorker(config.taskQueue(), heartbeat()))
          .claimWorker(new ClaimRequest(config.campaignId(), progress.checkpoint())));
      activity = was;
    }
    try {
      return call.apply(Workflow.newActivityStub(activities, ActivityPolicies.onWorker(
          holder.lease().taskQueue(), heartbeat(), config.workerStartTimeoutOrDefault())));
    } catch (ActivityFailure failure) {
      notice = holder.fallBack(activity, progress.step(), failure.getCause())
          .orElseThrow(() -> failure);
      log.warn("campaign {}: {}", config.campaignId(), notice);
      return call.apply(Workflow.newActivityStub(activities,
          ActivityPolicies.modelWork(config.taskQueue(), heartbeat())));
    }
  }

  private TrainingActivities training(ActivityOptions options) {
    return Workflow.newActivityStub(TrainingActivities.class, options);
  }

  private Duration heartbeat() {
    return config.heartbeatTimeoutOrDefault();
  }

  /**
   * Records the end in the campaign directory ({@code recordEnd} on the shared queue). A record that
   * cannot be written (no worker within {@link ActivityPolicies#END_RECORD_LIMIT}) is logged and
   * skipped: it never changes how the campaign ends.
   */
  private void recordEnd(CampaignOutcome outcome, String error) {
    int step = progress.step();
    try {
      Workflow.newActivityStub(CampaignStoreActivities.class,
          ActivityPolicies.endRecord(config.taskQueue())).recordEnd(new CampaignEndRequest(
          config.campaignId(), outcome, step, Workflow.currentTimeMillis(), error));
    } catch (ActivityFailure failure) {
      log.warn("campaign {}: its end ({} at step {}) was not recorded in the campaign directory: {}",
          config.campaignId(), outcome, step, failure.getCause() == null ? failure.getMessage()
              : failure.getCause().getMessage());
    }
  }

  /** A failure naming the campaign, activity and step, keeping the cause's type and message. */
  private ApplicationFailure describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    String type = cause instanceof ApplicationFailure app ? app.getType() : "ActivityFailed";
    String detail = cause instanceof ApplicationFailure app ? app.getOriginalMessage()
        : cause != null ? cause.getMessage() : failure.getMessage();
    return ApplicationFailure.newNonRetryableFailureWithCause("campaign " + config.campaignId()
        + " failed in " + activity + " at step " + progress.step() + " (" + type + "): " + detail,
        type, failure);
  }

  private void record(StepMetrics metrics) {
    history.add(metrics, config.metricsHistoryLimit());
  }

  private CampaignState snapshot() {
    CampaignProgress p = progress;
    return new CampaignState(data, sftDone, referencePolicy, p.checkpoint(), p.step(), p.cursor(),
        p.best(), p.lastEval(), p.lastEvalStep(), history.list(), holder.lease(), paused,
        stopRequested, runs + 1, p.checkpointStep(), p.guard(), baselineEval);
  }

  private void restore(CampaignState s) {
    data = s.data();
    sftDone = s.sftDone();
    referencePolicy = s.referencePolicy();
    baselineEval = s.baselineEval();
    progress = CampaignProgress.carried(s);
    s.history().forEach(this::record);
    holder = new PolicyHolder(s.lease());
    // signals that arrived before this run started count too
    paused = paused || s.paused();
    stopRequested = stopRequested || s.stopRequested();
    runs = s.runs();
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
    CampaignPlan.Updated updated = CampaignPlan.apply(config, update);
    config = updated.config();
    if (updated.rejected() != null) {
      notice = updated.rejected();
      log.warn("campaign {}: {}", config.campaignId(), notice);
    }
  }

  @Override
  public CampaignStatus status() {
    boolean started = config != null;
    CampaignProgress p = progress;
    int total = started ? CampaignPlan.totalSteps(config, data) : -1;
    return new CampaignStatus(started ? config.campaignId() : null, phase, p.step(), total,
        p.cursor(), paused, stopRequested, history.last(), p.checkpoint(), p.best(),
        history.etaMillis(total, p.step()), holder.held() ? holder.lease().taskQueue() : null,
        started ? config.evalInterval() : 0, started ? config.maxSteps() : 0, runs, notice,
        p.guard().rollbacks(), p.guard().lastEvent());
  }

  @Override
  public List<StepMetrics> metricsHistory() {
    return history.list();
  }
}
