package dev.tooln1.workflows.dto;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the campaign workflow needs to sequence a training run. The full user-facing campaign config
 * (model, data, reward, GRPO hyper-parameters) is the artifact {@code config}; activities read it.
 *
 * @param campaignId           unique name of the campaign (also names its directory)
 * @param config               the full campaign config file
 * @param basePolicy           the initial checkpoint (before SFT / RL)
 * @param seed                 root of every random draw of the campaign
 * @param epochs               passes over the training data
 * @param maxSteps             step limit; 0 = only the epochs limit
 * @param evalInterval         evaluate every N steps; 0 = no periodic evaluation
 * @param checkpointInterval   keep every N-th checkpoint long-term; 0 = keep only evaluated/last
 * @param continueAsNewInterval steps per workflow run before continue-as-new (bounded history)
 * @param sftWarmup            run the SFT warm-up before RL
 * @param finalEvaluation      evaluate the last checkpoint when training ends
 * @param metricsHistoryLimit  step metrics kept in the workflow state (the oldest are dropped)
 * @param taskQueue            shared task queue of the compute workers
 * @param rolloutShards        rollout activities per step (fanned out over the workers, then
 *                             merged); 1 = one rollout on the policy's worker
 * @param heartbeatTimeout     heartbeat timeout of long activities; null = default
 * @param workerStartTimeout   how long a task on a worker-specific queue may wait for its worker
 *                             before the workflow falls back to the shared queue; null = default
 * @param collapseGuard        the collapse guard; null = off (a campaign config without
 *                             {@code guard})
 */
public record CampaignConfig(
    String campaignId,
    ArtifactRef config,
    ArtifactRef basePolicy,
    long seed,
    int epochs,
    int maxSteps,
    int evalInterval,
    int checkpointInterval,
    int continueAsNewInterval,
    boolean sftWarmup,
    boolean finalEvaluation,
    int metricsHistoryLimit,
    String taskQueue,
    int rolloutShards,
    Duration heartbeatTimeout,
    Duration workerStartTimeout,
    CollapseGuard collapseGuard) {

  /** The collapse guard when it is on, else null. */
  public CollapseGuard activeCollapseGuard() {
    return collapseGuard != null && collapseGuard.rollbackOnCollapse() ? collapseGuard : null;
  }

  public static final String DEFAULT_TASK_QUEUE = "tooln1-compute";
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_WORKER_START_TIMEOUT = Duration.ofSeconds(15);

  public Duration heartbeatTimeoutOrDefault() {
    return heartbeatTimeout == null ? DEFAULT_HEARTBEAT_TIMEOUT : heartbeatTimeout;
  }

  public Duration workerStartTimeoutOrDefault() {
    return workerStartTimeout == null ? DEFAULT_WORKER_START_TIMEOUT : workerStartTimeout;
  }

  /** Problems that make this config unusable, each naming its field; empty when valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (campaignId == null || campaignId.isBlank()) {
      p.add("campaignId: must not be blank");
    }
    if (config == null) {
      p.add("config: missing");
    }
    if (basePolicy == null) {
      p.add("basePolicy: missing");
    }
    if (epochs < 1) {
      p.add("epochs: must be >= 1, was " + epochs);
    }
    if (maxSteps < 0) {
      p.add("maxSteps: must be >= 0, was " + maxSteps);
    }
    if (evalInterval < 0) {
      p.add("evalInterval: must be >= 0, was " + evalInterval);
    }
    if (checkpointInterval < 0) {
      p.add("checkpointInterval: must be >= 0, was " + checkpointInterval);
    }
    if (continueAsNewInterval < 1) {
      p.add("continueAsNewInterval: must be >= 1, was " + continueAsNewInterval);
    }
    if (metricsHistoryLimit < 1) {
      p.add("metricsHistoryLimit: must be >= 1, was " + metricsHistoryLimit);
    }
    if (taskQueue == null || taskQueue.isBlank()) {
      p.add("taskQueue: must not be blank");
    }
    if (rolloutShards < 1) {
      p.add("rolloutShards: must be >= 1, was " + rolloutShards);
    }
    if (heartbeatTimeout != null && (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero())) {
      p.add("heartbeatTimeout: must be positive, was " + heartbeatTimeout);
    }
    if (workerStartTimeout != null
        && (workerStartTimeout.isNegative() || workerStartTimeout.isZero())) {
      p.add("workerStartTimeout: must be positive, was " + workerStartTimeout);
    }
    if (collapseGuard != null) {
      p.addAll(collapseGuard.problems());
    }
    return p;
  }

  public CampaignConfig withEvalInterval(int value) {
    return new CampaignConfig(campaignId, config, basePolicy, seed, epochs, maxSteps, value,
        checkpointInterval, continueAsNewInterval, sftWarmup, finalEvaluation, metricsHistoryLimit,
        taskQueue, rolloutShards, heartbeatTimeout, workerStartTimeout, collapseGuard);
  }

  public CampaignConfig withMaxSteps(int value) {
    return new CampaignConfig(campaignId, config, basePolicy, seed, epochs, value, evalInterval,
        checkpointInterval, continueAsNewInterval, sftWarmup, finalEvaluation, metricsHistoryLimit,
        taskQueue, rolloutShards, heartbeatTimeout, workerStartTimeout, collapseGuard);
  }

  public static Builder builder(String campaignId, ArtifactRef config, ArtifactRef basePolicy) {
    return new Builder(campaignId, config, basePolicy);
  }

  /** Defaults follow the paper's schedule where it has one (evaluate and keep every 10 steps). */
  public static final class Builder {
    private final String campaignId;
    private final ArtifactRef config;
    private final ArtifactRef basePolicy;
    private long seed = 42;
    private int epochs = 1;
    private int maxSteps = 0;
    private int evalInterval = 10;
    private int checkpointInterval = 10;
    private int continueAsNewInterval = 100;
    private boolean sftWarmup = false;
    private boolean finalEvaluation = true;
    private int metricsHistoryLimit = 500;
    private String taskQueue = DEFAULT_TASK_QUEUE;
    private int rolloutShards = 1;
    private Duration heartbeatTimeout;
    private Duration workerStartTimeout;
    private CollapseGuard collapseGuard;

    private Builder(String campaignId, ArtifactRef config, ArtifactRef basePolicy) {
      this.campaignId = campaignId;
      this.config = config;
      this.basePolicy = basePolicy;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder maxSteps(int v) {
      maxSteps = v;
      return this;
    }

    public Builder evalInterval(int v) {
      evalInterval = v;
      return this;
    }

    public Builder checkpointInterval(int v) {
      checkpointInterval = v;
      return this;
    }

    public Builder continueAsNewInterval(int v) {
      continueAsNewInterval = v;
      return this;
    }

    public Builder sftWarmup(boolean v) {
      sftWarmup = v;
      return this;
    }

    public Builder finalEvaluation(boolean v) {
      finalEvaluation = v;
      return this;
    }

    public Builder metricsHistoryLimit(int v) {
      metricsHistoryLimit = v;
      return this;
    }

    public Builder taskQueue(String v) {
      taskQueue = v;
      return this;
    }

    public Builder rolloutShards(int v) {
      rolloutShards = v;
      return this;
    }

    public Builder heartbeatTimeout(Duration v) {
      heartbeatTimeout = v;
      return this;
    }

    public Builder workerStartTimeout(Duration v) {
      workerStartTimeout = v;
      return this;
    }

    public Builder collapseGuard(CollapseGuard v) {
      collapseGuard = v;
      return this;
    }

    public CampaignConfig build() {
      return new CampaignConfig(campaignId, config, basePolicy, seed, epochs, maxSteps,
          evalInterval, checkpointInterval, continueAsNewInterval, sftWarmup, finalEvaluation,
          metricsHistoryLimit, taskQueue, rolloutShards, heartbeatTimeout, workerStartTimeout, collapseGuard);
    }
  }
}
