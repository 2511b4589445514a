package dev.tooln1.activities.campaign;

import java.util.List;

/**
 * A training campaign as the user writes it (YAML or JSON). Every field has a default: the paper's
 * recipe for GRPO (G = 5, temperature 0.7, lr 1e-6, KL 0.001, clip 0.2, 1,024 prompts per step in
 * mini-batches of 256, 7 epochs, evaluate and checkpoint every 10 steps). Built by the ops module's
 * {@code CampaignSpecLoader}, which validates before anything starts; stored in the campaign
 * directory as {@code campaign.json} (defaults applied, paths absolute), which the activities read.
 */
public record CampaignSpec(
    String name,
    String description,
    long seed,
    Model model,
    Data data,
    String reward,
    String promptFormat,
    Sft sft,
    Grpo grpo,
    Schedule schedule,
    Evaluation evaluation,
    Guard guard,
    Compute compute) {

  /** Without compute settings (one thread; campaign.json files written before they existed). */
  public CampaignSpec(String name, String description, long seed, Model model, Data data, String reward,
      String promptFormat, Sft sft, Grpo grpo, Schedule schedule, Evaluation evaluation, Guard guard) {
    this(name, description, seed, model, data, reward, promptFormat, sft, grpo, schedule, evaluation, guard, null);
  }

  /** Threads a compute worker uses for this campaign's work (1 when not set). */
  public int computeThreads() {
    return compute == null ? 1 : compute.threads();
  }

  /**
   * How a worker spreads this campaign's work over CPU threads: training micro-batches over
   * {@code threads} gradient accumulators (summed in a fixed order, so the numbers depend on this
   * setting, never on timing), and sampling/evaluation batches over as many threads (each batch is
   * the same whichever thread runs it). For CPU workers; one thread each for ND4J ops, so set
   * OMP_NUM_THREADS=1 alongside.
   */
  public record Compute(int threads) {}

  /** tooln1 = the Tool-N1 system prompt; native = the model's own template; compact = see CompactToolPrompt. */
  public static final List<String> PROMPT_FORMATS = List.of("tooln1", "native", "compact");
  public static final List<String> LOSS_AGGREGATIONS =
      List.of("token-mean", "seq-mean-token-mean", "seq-mean-token-sum");

  /** Which policy to start from: a named preset shape (random init) or a Hugging Face checkpoint directory. */
  public record Model(String preset, String checkpoint, String tokenizer, boolean trimVocabulary) {}

  /** The data-preparation spec file (sources, filters, split) and which splits train and evaluate. */
  public record Data(String spec, String trainSplit, String evalSplit) {}

  /** Optional supervised warm-up, stopped at a held-out accuracy target or a step limit. */
  public record Sft(boolean enabled, int maxSteps, int batchSize, double lr, int warmupSteps,
      double targetAccuracy, int evalEvery, String lrSchedule) {

    /** With a constant learning rate after the warm-up. */
    public Sft(boolean enabled, int maxSteps, int batchSize, double lr, int warmupSteps, double targetAccuracy,
        int evalEvery) {
      this(enabled, maxSteps, batchSize, lr, warmupSteps, targetAccuracy, evalEvery, "constant");
    }
  }

  /** constant after the warm-up, or cosine decay to a tenth of the peak at {@code maxSteps}. */
  public static final List<String> LR_SCHEDULES = List.of("constant", "cosine");

  public record Grpo(int groupSize, double temperature, double topP, int topK, double lr,
      double klCoef, double clipLow, double clipHigh, int promptsPerStep, int miniBatchSize,
      int ppoEpochs, int maxPromptTokens, int maxResponseTokens, double gradClip, double weightDecay,
      int warmupSteps, String lossAggregation, boolean normalizeStd, boolean dynamicSampling) {}

  /**
   * The step loop: how long, and how often to evaluate, checkpoint and continue-as-new.
   *
   * @param progressGraceSeconds how long a service may run without a progress report before its
   *     activity's heartbeats stop (a hung activity is then caught after this grace plus the
   *     heartbeat timeout); null (configs written before the field existed) = the worker's default,
   *     120 s
   */
  public record Schedule(int epochs, Integer maxSteps, int evalInterval, int checkpointInterval,
      int continueAsNewInterval, int keepCheckpoints, Integer heartbeatTimeoutSeconds,
      Integer workerStartTimeoutSeconds, Integer progressGraceSeconds) {

    /** Without the timeout overrides (the workflow's defaults: 60 s heartbeat, 15 s worker start). */
    public Schedule(int epochs, Integer maxSteps, int evalInterval, int checkpointInterval,
        int continueAsNewInterval, int keepCheckpoints) {
      this(epochs, maxSteps, evalInterval, checkpointInterval, continueAsNewInterval, keepCheckpoints,
          null, null, null);
    }

    /** Without a progress grace (the worker's default). */
    public Schedule(int epochs, Integer maxSteps, int evalInterval, int checkpointInterval,
        int continueAsNewInterval, int keepCheckpoints, Integer heartbeatTimeoutSeconds,
        Integer workerStartTimeoutSeconds) {
      this(epochs, maxSteps, evalInterval, checkpointInterval, continueAsNewInterval, keepCheckpoints,
          heartbeatTimeoutSeconds, workerStartTimeoutSeconds, null);
    }

    public Schedule withProgressGraceSeconds(Integer value) {
      return new Schedule(epochs, maxSteps, evalInterval, checkpointInterval, continueAsNewInterval,
          keepCheckpoints, heartbeatTimeoutSeconds, workerStartTimeoutSeconds, value);
    }
  }

  public record Evaluation(int heldOutTasks, List<String> bfclCategories, Integer bfclLimit,
      boolean apiBank, Integer apiBankLimit, double temperature) {}

  /** Roll back to the last good checkpoint when mean reward collapses below a fraction of its early level. */
  public record Guard(boolean rollbackOnCollapse, double collapseFraction, int baselineSteps) {}
}
