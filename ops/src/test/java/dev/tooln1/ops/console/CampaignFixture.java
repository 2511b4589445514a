package dev.tooln1.ops.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.activities.benchmarks.bfcl.BfclItemResult;
import dev.tooln1.activities.benchmarks.bfcl.BfclReport;
import dev.tooln1.activities.benchmarks.bfcl.BfclReportWriter;
import dev.tooln1.activities.benchmarks.bfcl.BfclResultsFile;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.store.LocalArtifactStore;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.bfcl.BfclCategory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a campaign directory the way the activities and the BFCL commands do (same layout, same
 * artifact store with its sidecars, same report writers), so the console reads real files.
 */
final class CampaignFixture {

  final Path root;
  final String id;
  final Path dir;
  final LocalArtifactStore store;

  CampaignFixture(Path root, String id) throws IOException {
    this.root = root;
    this.id = id;
    this.dir = new CampaignLayout(root, id).dir();
    this.store = new LocalArtifactStore(dir);
    Files.writeString(dir.resolve("campaign.json"), "{}\n");
    Files.writeString(dir.resolve("campaign.json.sha256"), "0".repeat(64) + "  campaign.json\n");
  }

  /** The response text of sample {@code s} of prompt {@code p} at {@code step}. */
  static String response(int step, int p, int s) {
    return "<think>step " + step + " prompt " + p + " sample " + s + "</think>\n<tool_call>\n[]\n</tool_call>";
  }

  /** A step's rollouts and scores as RolloutService and ScoreService write them: G samples per prompt. */
  void step(int step, int prompts, int groupSize) throws IOException {
    StringBuilder rollouts = new StringBuilder();
    StringBuilder rewards = new StringBuilder();
    for (int p = 0; p < prompts; p++) {
      for (int s = 0; s < groupSize; s++) {
        rollouts.append(Json.compact(rollout(step, p, s, response(step, p, s)))).append('\n');
        rewards.append(Json.compact(reward(p, s, (p + s) % 2, "reason " + p + "/" + s))).append('\n');
      }
    }
    store.put(CampaignLayout.rolloutUri(step, 0, 1), rollouts.toString().getBytes(StandardCharsets.UTF_8));
    store.put(CampaignLayout.rewardsUri(step), rewards.toString().getBytes(StandardCharsets.UTF_8));
  }

  static ObjectNode rollout(int step, int p, int s, String response) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("prompt_index", p);
    o.put("sample", s);
    o.put("task_id", "task-" + p);
    o.putArray("ground_truth").addObject().put("name", "f").putObject("arguments");
    o.put("prompt", "<|im_start|>system\nYou are a tool user.<|im_end|>\n");
    var ids = o.putArray("prompt_ids");
    for (int i = 0; i < 300; i++) {
      ids.add(i);
    }
    o.putArray("response_ids").add(1).add(2);
    o.put("response", response);
    o.put("finish", "STOP");
    var lp = o.putArray("logprobs");
    for (int i = 0; i < 300; i++) {
      lp.add(-0.25f * i);
    }
    o.putArray("model_logprobs").add(-1.5f);
    return o;
  }

  static ObjectNode reward(int p, int s, int reward, String reason) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("prompt_index", p);
    o.put("sample", s);
    o.put("task_id", "task-" + p);
    o.put("reward", (double) reward);
    o.put("format_valid", true);
    o.put("correct", reward == 1);
    o.put("reason", reason);
    return o;
  }

  /** The metrics of the update that produced checkpoint {@code step}, as UpdateService writes them. */
  void metrics(int step, double meanReward, double kl, double seconds) throws IOException {
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("step", step);
    m.put("policy", CampaignLayout.checkpointUri(step - 1));
    m.put("checkpoint", CampaignLayout.checkpointUri(step));
    m.put("checkpoint_sha256", "cd".repeat(32));
    m.put("prompts", 4);
    m.put("responses", 20);
    m.put("mean_reward", meanReward);
    m.put("accuracy", meanReward);
    m.put("format_valid_rate", 0.9);
    m.put("mean_response_tokens", 30.0 + step);
    m.put("kl", kl);
    m.put("loss", 0.1);
    m.put("seconds", seconds);
    putJson(CampaignLayout.metricsUri(step), m);
  }

  /** A held-out evaluation report as EvalService writes it, optionally with BFCL results. */
  void heldOut(String label, int step, int correct, int n, List<BfclItemResult> bfcl) throws IOException {
    Proportion p = Proportion.of(correct, n);
    ObjectNode r = Json.MAPPER.createObjectNode();
    r.put("campaign", id);
    r.put("label", label);
    r.put("step", step);
    r.put("checkpoint", CampaignLayout.checkpointUri(step));
    r.put("checkpoint_sha256", "ab".repeat(32));
    r.put("eval_set", "data/validation.jsonl");
    r.put("examples", n);
    r.put("correct", correct);
    r.put("accuracy", p.accuracy());
    r.put("ci95_low", p.lower());
    r.put("ci95_high", p.upper());
    r.putArray("samples");
    if (bfcl != null) {
      BfclReport report = BfclReport.of(label, Map.of("generator", "tiny model"), bfcl, Map.of());
      r.set("bfcl", BfclReportWriter.json(report));
      BfclResultsFile results = new BfclResultsFile(dir.resolve("eval")
          .resolve(label + "-" + CampaignLayout.stepName(step) + ".bfcl.jsonl"));
      try (var out = results.appender()) {
        bfcl.forEach(out::append);
      }
    }
    putJson(CampaignLayout.evalUri(label, step), r);
  }

  void putJson(String uri, ObjectNode o) throws IOException {
    store.put(uri, (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Verdicts: {@code correct} of {@code total} simple_python items and one irrelevance item. */
  static List<BfclItemResult> verdicts(int correct, int total) {
    List<BfclItemResult> out = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      boolean ok = i < correct;
      out.add(new BfclItemResult("simple_python_" + i, BfclCategory.SIMPLE_PYTHON, ok,
          ok ? "" : "simple_function_checker:wrong_count", ok ? "ok" : "wrong number of calls", "[]"));
    }
    out.add(new BfclItemResult("irrelevance_0", BfclCategory.IRRELEVANCE, true, "", "ok", "[]"));
    return out;
  }

  /** What {@code tooln1 bfcl-eval --model <checkpoint> --out eval/<folder>} leaves behind. */
  Path bfclEvalFolder(String folder, int step, List<BfclItemResult> verdicts) throws IOException {
    Path out = dir.resolve("eval").resolve(folder);
    Files.createDirectories(out);
    String model = dir.resolve(CampaignLayout.checkpointUri(step)).toString();
    Files.writeString(out.resolve("run.json"), "{\"model\": " + Json.MAPPER.writeValueAsString(model) + "}\n");
    try (var a = new BfclResultsFile(out.resolve("results.jsonl")).appender()) {
      verdicts.forEach(a::append);
    }
    BfclReportWriter.writeAll(List.of(BfclReport.of(folder, Map.of("model", model), verdicts, Map.of())), out);
    return out;
  }
}
