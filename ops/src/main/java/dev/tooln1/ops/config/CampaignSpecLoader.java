package dev.tooln1.ops.config;

import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.temporal.ComputeActivities;
import dev.tooln1.workflows.dto.CampaignConfig;
import static dev.tooln1.ops.config.ConfigRule.bool;
import static dev.tooln1.ops.config.ConfigRule.field;
import static dev.tooln1.ops.config.ConfigRule.integer;
import static dev.tooln1.ops.config.ConfigRule.listOf;
import static dev.tooln1.ops.config.ConfigRule.number;
import static dev.tooln1.ops.config.ConfigRule.object;
import static dev.tooln1.ops.config.ConfigRule.string;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tooln1.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads a campaign config (YAML or JSON), reports every problem with its field path, applies defaults. */
public final class CampaignSpecLoader {

  static final List<String> BFCL_CATEGORIES = List.of("simple_python", "multiple", "parallel",
      "parallel_multiple", "live_simple", "live_multiple", "live_parallel", "live_parallel_multiple",
      "irrelevance", "live_irrelevance", "live_relevance");

  /** A day: a service silent longer than that is hung, whatever the model size. */
  static final int MAX_PROGRESS_GRACE_SECONDS = 86_400;

  private final List<String> rewardNames;
  private final ObjectMapper yaml = new YAMLMapper(new YAMLFactory());
  private final ObjectMapper json = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** @param rewardNames the names a config may use for {@code reward} (the reward registry's) */
  public CampaignSpecLoader(List<String> rewardNames) {
    this.rewardNames = List.copyOf(rewardNames);
  }

  public CampaignSpec load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), List.of("file not found"));
    } catch (IOException e) {
      throw new ConfigException(file.toString(), List.of("cannot read: " + e.getMessage()));
    }
    return parse(file.toString(), text);
  }

  /** Parses YAML (a superset of JSON), so both formats work whatever the file's extension. */
  public CampaignSpec parse(String source, String text) throws ConfigException {
    JsonNode tree;
    try {
      tree = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr();
      throw new ConfigException(source, List.of("not valid YAML/JSON" + where + ": " + e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new ConfigException(source, List.of("the file is empty"));
    }
    List<String> problems = new ArrayList<>();
    schema().check("", tree, problems);
    if (tree.isObject()) {
      crossChecks(tree, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(source, problems);
    }
    ObjectNode merged = defaults();
    deepMerge(merged, (ObjectNode) tree);
    try {
      return json.treeToValue(merged, CampaignSpec.class);
    } catch (JsonProcessingException e) {
      // Unreachable when the schema above matches the records; report rather than crash.
      throw new ConfigException(source, List.of("internal: " + e.getOriginalMessage()));
    }
  }

  // Upper bounds: far beyond any sensible run, so that only typos and unit mix-ups (an lr of 1e9,
  // a temperature of 70) are refused before a cluster spends hours on them. Where the paper's value
  // is known it is in the comment.
  /** Learning rates (paper 1e-6 for GRPO; SFT of the tiny demo model 2e-3): above 1 every step diverges. */
  static final double MAX_LR = 1.0;
  /** Sampling temperature (paper 0.7): above 5 the samples are noise. */
  static final double MAX_TEMPERATURE = 5.0;
  /** KL coefficient (paper 0.001): above 10 the KL term is all the loss says. */
  static final double MAX_KL_COEF = 10.0;
  /** PPO clip range epsilon (paper 0.2; clip-higher variants ~0.28): above 1 nothing is clipped in practice. */
  static final double MAX_CLIP = 1.0;
  /** Gradient-norm clip (paper 1.0). */
  static final double MAX_GRAD_CLIP = 100.0;
  /** Responses per prompt (paper 5; large GRPO runs use up to 64). */
  static final int MAX_GROUP_SIZE = 256;
  /** Prompts per step (paper 1,024). */
  static final int MAX_PROMPTS_PER_STEP = 65_536;
  /** SFT batch size. */
  static final int MAX_BATCH_SIZE = 65_536;
  /** PPO epochs per step (paper 1). */
  static final int MAX_PPO_EPOCHS = 32;
  /** Prompt / response tokens (paper 4,096 / 8,192): Qwen2.5's longest context is 131,072 tokens. */
  static final int MAX_TOKENS = 131_072;
  /** Epochs over the data (paper 7). */
  static final int MAX_EPOCHS = 1_000;
  /**
   * Steps per workflow run: each step adds a few dozen events to the history, and Temporal refuses
   * a history past 51,200 events; 500 steps stay far below that (paper recipe 50).
   */
  static final int MAX_CONTINUE_AS_NEW_INTERVAL = 500;
  /** An hour: a longer heartbeat timeout would leave a dead worker undetected for longer than that. */
  static final int MAX_HEARTBEAT_TIMEOUT_SECONDS = 3_600;
  /** A day: the longest a step may wait for a worker to pick it up. */
  static final int MAX_WORKER_START_TIMEOUT_SECONDS = 86_400;

  private ConfigRule schema() {
    String[] presets = ModelConfig.PRESETS.keySet().stream().sorted().toArray(String[]::new);
    return object(
        field("name", string().matches("[a-z0-9][a-z0-9._-]{0,62}",
            "must be 1-63 characters of a-z, 0-9, '.', '_', '-' starting with a letter or digit")),
        field("description", string()),
        field("seed", integer().min(0)),
        field("model", object(
            field("preset", string().oneOf(presets)),
            field("checkpoint", string()),
            field("tokenizer", string()),
            field("trimVocabulary", bool()))),
        field("data", object(
            field("spec", string()),
            field("trainSplit", string().oneOf("train", "validation", "test")),
            field("evalSplit", string().oneOf("train", "validation", "test")))),
        field("reward", string().oneOf(rewardNames.toArray(String[]::new))),
        field("promptFormat", string().oneOf(CampaignSpec.PROMPT_FORMATS.toArray(String[]::new))),
        field("sft", object(
            field("enabled", bool()),
            field("maxSteps", int32().min(1)),
            field("batchSize", integer().min(1).max(MAX_BATCH_SIZE)),
            field("lr", number().greaterThan(0).max(MAX_LR)),
            field("warmupSteps", int32().min(0)),
            field("targetAccuracy", number().min(0).max(1)),
            field("evalEvery", int32().min(1)),
            field("lrSchedule", string().oneOf(CampaignSpec.LR_SCHEDULES.toArray(String[]::new))))),
        field("grpo", object(
            field("groupSize", integer().min(2).max(MAX_GROUP_SIZE)),
            field("temperature", number().greaterThan(0).max(MAX_TEMPERATURE)),
            field("topP", number().greaterThan(0).max(1)),
            field("topK", int32().min(0)),
            field("lr", number().greaterThan(0).max(MAX_LR)),
            field("klCoef", number().min(0).max(MAX_KL_COEF)),
            field("clipLow", number().greaterThan(0).max(MAX_CLIP)),
            field("clipHigh", number().greaterThan(0).max(MAX_CLIP)),
            field("promptsPerStep", integer().min(1).max(MAX_PROMPTS_PER_STEP)),
            field("miniBatchSize", integer().min(1).max(MAX_PROMPTS_PER_STEP)),
            field("ppoEpochs", integer().min(1).max(MAX_PPO_EPOCHS)),
            field("maxPromptTokens", integer().min(1).max(MAX_TOKENS)),
            field("maxResponseTokens", integer().min(1).max(MAX_TOKENS)),
            field("gradClip", number().greaterThan(0).max(MAX_GRAD_CLIP)),
            field("weightDecay", number().min(0).max(1)),
            field("warmupSteps", int32().min(0)),
            field("lossAggregation", string().oneOf(CampaignSpec.LOSS_AGGREGATIONS.toArray(String[]::new))),
            field("normalizeStd", bool()),
            field("dynamicSampling", bool()))),
        field("schedule", object(
            field("epochs", integer().min(1).max(MAX_EPOCHS)),
            field("maxSteps", int32().min(1)),
            field("evalInterval", int32().min(1)),
            field("checkpointInterval", int32().min(1)),
            field("continueAsNewInterval", integer().min(1).max(MAX_CONTINUE_AS_NEW_INTERVAL)),
            field("keepCheckpoints", int32().min(1)),
            field("heartbeatTimeoutSeconds", integer().min(1).max(MAX_HEARTBEAT_TIMEOUT_SECONDS)),
            field("workerStartTimeoutSeconds", integer().min(1).max(MAX_WORKER_START_TIMEOUT_SECONDS)),
            field("progressGraceSeconds", integer().min(1).max(MAX_PROGRESS_GRACE_SECONDS)))),
        field("evaluation", object(
            field("heldOutTasks", int32().min(0)),
            field("bfclCategories", listOf(string().oneOf(BFCL_CATEGORIES.toArray(String[]::new)))),
            field("bfclLimit", int32().min(1)),
            field("apiBank", bool()),
            field("apiBankLimit", int32().min(1)),
            field("temperature", number().min(0).max(MAX_TEMPERATURE)))),
        field("guard", object(
            field("rollbackOnCollapse", bool()),
            field("collapseFraction", number().greaterThan(0).max(1)),
            field("baselineSteps", int32().min(1)))),
        field("compute", object(
            field("threads", integer().min(1).max(64)))));
  }

  /** An integer that fits the spec's {@code int} fields (a larger one would overflow, not fail). */
  private static ConfigRule.ScalarRule int32() {
    return integer().max(Integer.MAX_VALUE);
  }

  private static void crossChecks(JsonNode t, List<String> problems) {
    if (!t.hasNonNull("name")) {
      problems.add("name: required (a short id for the campaign, e.g. \"demo\")");
    }
    JsonNode model = t.path("model");
    boolean preset = model.hasNonNull("preset");
    boolean ckpt = model.hasNonNull("checkpoint");
    if (preset == ckpt) {
      problems.add("model: set exactly one of 'preset' (a named shape, random init) or 'checkpoint' "
          + "(a Hugging Face checkpoint directory)" + (preset ? ", not both" : ""));
    }
    if (!t.path("data").hasNonNull("spec")) {
      problems.add("data.spec: required (the data-preparation spec file)");
    }
    JsonNode g = t.path("grpo");
    int prompts = positiveInt(g, "promptsPerStep", 1024);
    int mini = positiveInt(g, "miniBatchSize", Math.min(256, prompts));
    if (prompts <= 0 || mini <= 0) {
      // already reported by the schema
    } else if (mini > prompts) {
      problems.add("grpo.miniBatchSize: " + mini + " is larger than grpo.promptsPerStep " + prompts);
    } else if (prompts % mini != 0) {
      problems.add("grpo.miniBatchSize: " + mini + " must divide grpo.promptsPerStep " + prompts);
    }
    JsonNode ev = t.path("evaluation");
    if (model.path("trimVocabulary").asBoolean(false)) {
      // A trimmed vocabulary holds only the ids the campaign's own data uses: BFCL's and API-Bank's
      // prompts need tokens the model has never seen, so the evaluation would fail after training.
      if (ev.path("bfclCategories").isArray() && ev.path("bfclCategories").size() > 0) {
        problems.add("evaluation.bfclCategories: needs the full vocabulary, but model.trimVocabulary is true "
            + "(BFCL's prompts use tokens a trimmed model never saw); drop one of the two");
      }
      if (ev.path("apiBank").asBoolean(false)) {
        problems.add("evaluation.apiBank: needs the full vocabulary, but model.trimVocabulary is true; "
            + "drop one of the two");
      }
    }
    JsonNode s = t.path("schedule");
    int can = positiveInt(s, "continueAsNewInterval", 50);
    int every = positiveInt(s, "checkpointInterval", 10);
    if (can > 0 && every > 0 && can % every != 0) {
      problems.add("schedule.continueAsNewInterval: must be a multiple of schedule.checkpointInterval "
          + "(a new run starts from a checkpoint)");
    }
    // The activities heartbeat through a keep-alive between progress reports
    // (ComputeActivities.keepAliveInterval): every 5 s, or a third of a shorter timeout, but never
    // more often than once a second. A timeout shorter than three such beats fires on healthy workers.
    JsonNode hb = s.get("heartbeatTimeoutSeconds");
    long minHb = ComputeActivities.MIN_HEARTBEAT_TIMEOUT.toSeconds();
    if (hb != null && hb.isIntegralNumber() && hb.asLong() >= 1 && hb.asLong() < minHb) {
      problems.add("schedule.heartbeatTimeoutSeconds: " + hb.asLong() + " is too short: the activities "
          + "heartbeat every " + ComputeActivities.KEEP_ALIVE_EVERY.toSeconds() + " s (a third of a shorter "
          + "timeout, at most once a second), so below " + minHb + " s the timeout would fire between two "
          + "heartbeats of a healthy worker and retry work that is running fine; use at least " + minHb
          + " (default " + CampaignConfig.DEFAULT_HEARTBEAT_TIMEOUT.toSeconds() + ")");
    }
  }

  /** The field's value if it is a positive integer, {@code dflt} if absent, else -1 (a schema problem). */
  private static int positiveInt(JsonNode section, String key, int dflt) {
    JsonNode v = section.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    return v.isIntegralNumber() && v.canConvertToInt() && v.intValue() > 0 ? v.intValue() : -1;
  }

  /** The paper's recipe where it applies; see {@link CampaignSpec}. */
  private ObjectNode defaults() {
    String y = """
        description: ""
        seed: 0
        model: {tokenizer: "vendored:qwen2.5", trimVocabulary: false}
        data: {trainSplit: train, evalSplit: validation}
        reward: tooln1
        promptFormat: tooln1
        sft: {enabled: false, maxSteps: 300, batchSize: 32, lr: 2.0e-3, warmupSteps: 20, targetAccuracy: 1.0, evalEvery: 25,
              lrSchedule: constant}
        grpo: {groupSize: 5, temperature: 0.7, topP: 1.0, topK: 0, lr: 1.0e-6, klCoef: 0.001,
               clipLow: 0.2, clipHigh: 0.2, promptsPerStep: 1024, miniBatchSize: 256, ppoEpochs: 1,
               maxPromptTokens: 4096, maxResponseTokens: 8192, gradClip: 1.0, weightDecay: 0.0,
               warmupSteps: 0, lossAggregation: token-mean, normalizeStd: true, dynamicSampling: false}
        schedule: {epochs: 7, evalInterval: 10, checkpointInterval: 10, continueAsNewInterval: 50, keepCheckpoints: 3,
                   progressGraceSeconds: 120}
        evaluation: {heldOutTasks: 500, bfclCategories: [], apiBank: false, temperature: 0.0}
        guard: {rollbackOnCollapse: false, collapseFraction: 0.5, baselineSteps: 5}
        compute: {threads: 1}
        """;
    try {
      ObjectNode d = (ObjectNode) yaml.readTree(y);
      if (!rewardNames.contains("tooln1") && !rewardNames.isEmpty()) {
        d.put("reward", rewardNames.get(0));
      }
      return d;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deepMerge(ObjectNode base, ObjectNode over) {
    Iterator<Map.Entry<String, JsonNode>> it = over.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode b = base.get(e.getKey());
      if (b != null && b.isObject() && e.getValue().isObject()) {
        deepMerge((ObjectNode) b, (ObjectNode) e.getValue());
      } else if (!e.getValue().isNull()) {
        base.set(e.getKey(), e.getValue());
      }
    }
  }
}
