package dev.tooln1.activities.campaign.temporal;

import dev.tooln1.activities.campaign.CampaignError;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.campaign.CampaignRuntime;
import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.CampaignStoreService;
import dev.tooln1.activities.campaign.DataRoots;
import dev.tooln1.activities.campaign.DataService;
import dev.tooln1.activities.campaign.EvalService;
import dev.tooln1.activities.campaign.PolicyCache;
import dev.tooln1.activities.campaign.Progress;
import dev.tooln1.activities.campaign.RolloutService;
import dev.tooln1.activities.campaign.ScoreService;
import dev.tooln1.activities.campaign.SftService;
import dev.tooln1.activities.campaign.UpdateService;
import dev.tooln1.activities.campaign.WorkLog;
import dev.tooln1.activities.campaign.prompts.TokenizerCache;
import dev.tooln1.activities.store.ArtifactIntegrityException;
import dev.tooln1.model.checkpoint.CorruptCheckpointException;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.workflows.ErrorTypes;
import dev.tooln1.workflows.dto.ArtifactRef;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compute side of a worker process: the Temporal activity implementations of
 * {@code DataActivities}, {@code TrainingActivities}, {@code EvalActivities} and
 * {@code CampaignStoreActivities}, over one set of services that share this worker's policy cache,
 * tokenizers and campaign runtimes. Register {@link #activities()} on the shared compute queue
 * <b>and</b> on {@link #workerQueue()} (what {@code claimWorker} hands out):
 *
 * <pre>
 * ComputeActivities compute = new ComputeActivities(campaignsRoot, WorkflowRegistry.workerQueue(id));
 * factory.newWorker(CampaignConfig.DEFAULT_TASK_QUEUE).registerActivitiesImplementations(compute.activities().toArray());
 * factory.newWorker(compute.workerQueue()).registerActivitiesImplementations(compute.activities().toArray());
 * </pre>
 */
public final class ComputeActivities {

  /**
   * Default of {@link #keepAliveGrace()} (and of a campaign's {@code schedule.progressGraceSeconds}):
   * covers one GRPO step of the CPU demo several times over.
   */
  public static final Duration DEFAULT_KEEP_ALIVE_GRACE = Duration.ofMinutes(2);
  /** How often the keep-alive repeats the last report at most (for a heartbeat timeout of 15 s or more). */
  public static final Duration KEEP_ALIVE_EVERY = Duration.ofSeconds(5);
  /** The keep-alive's shortest period: it never heartbeats more than once a second. */
  public static final Duration MIN_KEEP_ALIVE_EVERY = Duration.ofSeconds(1);
  /**
   * Heartbeats per heartbeat timeout the keep-alive aims at: Temporal's SDK sends the buffered
   * heartbeat after 80% of the timeout, so two beats per timeout leave no room for a late one.
   */
  static final int BEATS_PER_TIMEOUT = 3;
  /**
   * The shortest heartbeat timeout a campaign may set: {@link #BEATS_PER_TIMEOUT} keep-alive periods
   * of {@link #MIN_KEEP_ALIVE_EVERY}; below it a healthy worker's activity would time out between
   * two heartbeats.
   */
  public static final Duration MIN_HEARTBEAT_TIMEOUT = MIN_KEEP_ALIVE_EVERY.multipliedBy(BEATS_PER_TIMEOUT);

  private final Path campaignsRoot;
  private final DataRoots dataRoots;
  private final Duration keepAliveGrace;
  private final String workerQueue;
  private final WorkLog work = new WorkLog();
  private final PolicyCache cache = new PolicyCache();
  private final TokenizerCache tokenizers = new TokenizerCache();
  private final Map<String, CampaignRuntime> runtimes = new HashMap<>();
  final DataService data = new DataService(work);
  final ScoreService scores;
  final RolloutService rollouts;
  final UpdateService updates;
  final SftService sft;
  final EvalService evals;
  final CampaignStoreService campaignStore = new CampaignStoreService();
  private final List<Object> activities;

  /** A worker that reads campaign inputs only from {@link DataRoots#defaults} (data/ and the campaigns). */
  public ComputeActivities(Path campaignsRoot, String workerQueue) {
    this(campaignsRoot, workerQueue, RewardRegistry.standard(), DEFAULT_KEEP_ALIVE_GRACE);
  }

  /**
   * @param keepAliveGrace how long a service may run without reporting progress (one optimizer step
   *     over a large mini-batch) before its heartbeats stop and the heartbeat timeout treats it as hung;
   *     a campaign's {@code schedule.progressGraceSeconds} overrides it for that campaign's activities
   */
  public ComputeActivities(Path campaignsRoot, String workerQueue, RewardRegistry rewards, Duration keepAliveGrace) {
    this(campaignsRoot, workerQueue, rewards, keepAliveGrace, DataRoots.defaults(campaignsRoot, List.of()));
  }

  /**
   * @param dataRoots the folders campaign inputs (data spec sources, a Hugging Face checkpoint, a
   *     tokenizer) may be read from; anything else fails the activity as an invalid config
   */
  public ComputeActivities(Path campaignsRoot, String workerQueue, RewardRegistry rewards, Duration keepAliveGrace,
      DataRoots dataRoots) {
    this.dataRoots = dataRoots;
    this.keepAliveGrace = keepAliveGrace;
    this.campaignsRoot = campaignsRoot.toAbsolutePath().normalize();
    this.workerQueue = workerQueue;
    this.scores = new ScoreService(rewards, work);
    this.rollouts = new RolloutService(cache, work);
    this.updates = new UpdateService(cache, work);
    this.sft = new SftService(cache, scores, work);
    this.evals = new EvalService(cache, scores, work);
    this.activities = List.of(new DataActivitiesImpl(this), new TrainingActivitiesImpl(this),
        new EvalActivitiesImpl(this), new CampaignStoreActivitiesImpl(this));
  }

  /** One instance of each activity implementation (register the same instances on both queues). */
  public List<Object> activities() {
    return activities;
  }

  /** Registers {@link #activities()} on a worker (call for the shared queue's and the own queue's). */
  public void registerOn(Worker worker) {
    worker.registerActivitiesImplementations(activities.toArray());
  }

  public String workerQueue() {
    return workerQueue;
  }

  public Path campaignsRoot() {
    return campaignsRoot;
  }

  /** Where this worker reads campaign inputs from. */
  public DataRoots dataRoots() {
    return dataRoots;
  }

  /** What this worker really computed (not counting returns of existing outputs). */
  public WorkLog workLog() {
    return work;
  }

  public PolicyCache policyCache() {
    return cache;
  }

  CampaignLayout layout(String campaignId) {
    try {
      return new CampaignLayout(campaignsRoot, campaignId);
    } catch (IllegalArgumentException e) {
      throw CampaignError.invalidConfig(e.getMessage());
    }
  }

  /** The campaign's runtime for this config (opened once per worker and config). */
  synchronized CampaignRuntime runtime(String campaignId, ArtifactRef config) {
    String key = campaignId + "@" + (config == null ? "" : config.sha256());
    CampaignRuntime rt = runtimes.get(key);
    if (rt == null) {
      rt = CampaignRuntime.open(layout(campaignId), config, tokenizers, dataRoots);
      runtimes.put(key, rt);
    }
    return rt;
  }

  /** The runtime opened earlier for this campaign, if any (for requests that carry no config). */
  synchronized CampaignRuntime openedRuntime(String campaignId) {
    for (Map.Entry<String, CampaignRuntime> e : runtimes.entrySet()) {
      if (e.getKey().startsWith(campaignId + "@")) {
        return e.getValue();
      }
    }
    return null;
  }

  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException;
  }

  @FunctionalInterface
  interface CampaignWork<T> {
    T run(CampaignRuntime runtime, Progress progress) throws IOException;
  }

  /**
   * Runs a long service call of one campaign with heartbeats: its progress reports, and a keep-alive
   * between them (see {@link KeepAlive}) for at most the campaign's
   * {@code schedule.progressGraceSeconds} (the worker's {@link #keepAliveGrace()} while its runtime
   * opens, and for configs without the setting).
   */
  <T> T withHeartbeats(String activity, String campaignId, ArtifactRef config, CampaignWork<T> work) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    return withHeartbeats(ctx, keepAliveInterval(ctx.getInfo().getHeartbeatTimeout()), activity, campaignId,
        config, work);
  }

  /**
   * The keep-alive period for an activity with this heartbeat timeout: {@link #KEEP_ALIVE_EVERY}, or a
   * {@link #BEATS_PER_TIMEOUT}-th of a shorter timeout (fault tests use 3 s), never below
   * {@link #MIN_KEEP_ALIVE_EVERY}. A fixed 5 s period would let a 3 s timeout fire on a healthy
   * worker whenever its service paused between progress reports (a checkpoint load).
   */
  public static Duration keepAliveInterval(Duration heartbeatTimeout) {
    if (heartbeatTimeout == null || heartbeatTimeout.isZero() || heartbeatTimeout.isNegative()) {
      return KEEP_ALIVE_EVERY; // no heartbeat timeout: beats only report progress
    }
    Duration third = heartbeatTimeout.dividedBy(BEATS_PER_TIMEOUT);
    if (third.compareTo(MIN_KEEP_ALIVE_EVERY) < 0) {
      return MIN_KEEP_ALIVE_EVERY;
    }
    return third.compareTo(KEEP_ALIVE_EVERY) > 0 ? KEEP_ALIVE_EVERY : third;
  }

  <T> T withHeartbeats(ActivityExecutionContext ctx, Duration every, String activity, String campaignId,
      ArtifactRef config, CampaignWork<T> work) {
    try (KeepAlive keepAlive = new KeepAlive(ctx, keepAliveGrace, every)) {
      return call(activity, () -> {
        CampaignRuntime rt = runtime(campaignId, config);
        keepAlive.setGrace(progressGrace(rt.spec(), keepAliveGrace));
        return work.run(rt, keepAlive);
      });
    }
  }

  /** The campaign's keep-alive grace, or {@code fallback} when its config predates the setting. */
  static Duration progressGrace(CampaignSpec spec, Duration fallback) {
    Integer seconds = spec.schedule() == null ? null : spec.schedule().progressGraceSeconds();
    return seconds == null || seconds < 1 ? fallback : Duration.ofSeconds(seconds);
  }

  /** How long a service may go without a progress report before its heartbeats stop. */
  public Duration keepAliveGrace() {
    return keepAliveGrace;
  }

  /** Runs a service call, mapping bad input to the workflow's non-retryable failure types. */
  static <T> T call(String activity, Work<T> work) {
    try {
      return work.run();
    } catch (CampaignError e) {
      throw failure(e);
    } catch (CorruptCheckpointException e) {
      throw ErrorTypes.corruptCheckpoint(activity + ": " + e.getMessage());
    } catch (ArtifactIntegrityException e) {
      throw ErrorTypes.corruptData(activity + ": " + e.getMessage());
    } catch (ActivityCompletionException | ApplicationFailure e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // e.g. a token outside the trimmed vocabulary, a malformed record: retrying cannot help
      throw ErrorTypes.invalidConfig(activity + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(activity + ": " + e.getMessage(), e);
    }
  }

  static ApplicationFailure failure(CampaignError e) {
    return switch (e.kind()) {
      case INVALID_CONFIG -> ErrorTypes.invalidConfig(e.getMessage());
      case CORRUPT_DATA -> ErrorTypes.corruptData(e.getMessage());
      case CORRUPT_CHECKPOINT -> ErrorTypes.corruptCheckpoint(e.getMessage());
    };
  }
}
