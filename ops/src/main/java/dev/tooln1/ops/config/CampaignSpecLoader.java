package dev.tooln1.ops.config;

import dev.tooln1.activities.campaign.CampaignSpec;
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
            field("maxSteps", integer().min(1)),
            field("batchSize", integer().min(1)),
            field("lr", number().greaterThan(0)),
            field("warmupSteps", integer().min(0)),
            field("targetAccuracy", number().min(0).max(1)),
            field("evalEvery", integer().min(1)),
            field("lrSchedule", string().oneOf(CampaignSpec.LR_SCHEDULES.toArray(String[]::new))))),
        field("grpo", object(
            field("groupSize", integer().min(2)),
            field("temperature", number().greaterThan(0)),
            field("topP", number().greaterThan(0).max(1)),
            field("topK", integer().min(0)),
            field("lr", number().greaterThan(0)),
            field("klCoef", number().min(0)),
            field("clipLow", number().greaterThan(0).max(1)),
            field("clipHigh", number().greaterThan(0)),
            field("promptsPerStep", integer().min(1)),
            field("miniBatchSize", integer().min(1)),
            field("ppoEpochs", integer().min(1)),
            field("maxPromptTokens", integer().min(1)),
            field("maxResponseTokens", integer().min(1)),
            field("gradClip", number().greaterThan(0)),
            field("weightDecay", number().min(0)),
            field("warmupSteps", integer().min(0)),
            field("lossAggregation", string().oneOf(CampaignSpec.LOSS_AGGREGATIONS.toArray(String[]::new))),
            field("normalizeStd", bool()),
            field("dynamicSampling", bool()))),
        field("schedule", object(
            field("epochs", integer().min(1)),
            field("maxSteps", integer().min(1)),
            field("evalInterval", integer().min(1)),
            field("checkpointInterval", integer().min(1)),
            field("continueAsNewInterval", integer().min(1)),
            field("keepCheckpoints", integer().min(1)),
            field("heartbeatTimeoutSeconds", integer().min(1)),
            field("workerStartTimeoutSeconds", integer().min(1)),
            field("progressGraceSeconds", integer().min(1).max(MAX_PROGRESS_GRACE_SECONDS)))),
        field("evaluation", object(
            field("heldOutTasks", integer().min(0)),
            field("bfclCategories", listOf(string().oneOf(BFCL_CATEGORIES.toArray(String[]::new)))),
            field("bfclLimit", integer().min(1)),
            field("apiBank", bool()),
            field("apiBankLimit", integer().min(1)),
            field("temperature", number().min(0)))),
        field("guard", object(
            field("rollbackOnCollapse", bool()),
            field("collapseFraction", number().greaterThan(0).max(1)),
            field("baselineSteps", integer().min(1)))),
        field("compute", object(
            field("threads", integer().min(1).max(64)))));
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
