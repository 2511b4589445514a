package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.eval.BfclEvaluator;
import dev.tooln1.activities.eval.BfclItem;
import dev.tooln1.activities.eval.BfclItemResult;
import dev.tooln1.activities.eval.BfclReport;
import dev.tooln1.activities.eval.BfclResultsFile;
import dev.tooln1.activities.eval.BfclSuite;
import dev.tooln1.activities.eval.ModelResponseGenerator;
import dev.tooln1.activities.eval.Proportion;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a checkpoint: held-out accuracy (greedy, or sampled at {@code evaluation.temperature}
 * with per-task seeds) on the first {@code evaluation.heldOutTasks}
 * tasks of the eval split (correct = format valid and the calls match), with its Wilson 95% interval,
 * plus a BFCL subset ({@code evaluation.bfclCategories}, {@code bfclLimit} per category) through
 * the {@link BfclEvaluator} when configured. Writes {@code eval/<label>-step-NNNNNN.json} (no
 * timings in it, so a duplicate run writes the same bytes), with {@code verdicts}: one '0'/'1' per
 * task in eval-set order, for paired comparisons between checkpoints; idempotent per (label, step).
 */
public final class EvalService {

  static final int SAMPLES = 8;

  private final PolicyCache cache;
  private final ScoreService scores;
  private final WorkLog work;

  public EvalService(PolicyCache cache, ScoreService scores, WorkLog work) {
    this.cache = cache;
    this.scores = scores;
    this.work = work;
  }

  public EvalResult evaluate(CampaignRuntime rt, EvalRequest req, Progress progress) throws IOException {
    long t0 = System.nanoTime();
    String uri = CampaignLayout.evalUri(req.label(), req.step());
    if (rt.store().exists(uri)) {
      try {
        var ref = rt.store().verify(uri);
        JsonNode r = Json.MAPPER.readTree(rt.store().get(uri));
        return new EvalResult(JsonLines.ref(ref), r.path("accuracy").asDouble(), r.path("examples").asInt(),
            (System.nanoTime() - t0) / 1_000_000);
      } catch (dev.tooln1.activities.store.ArtifactIntegrityException e) {
        // a corrupt report is redone (the store replaces it)
      }
    }
    // The checkpoint is leased while it is evaluated, so that an update's pruning cannot remove it
    // under this read (see CheckpointLeases).
    CheckpointLeases.Lease lease = lease(rt, req);
    try {
      Progress reporting = lease == null ? progress : (what, done, total) -> {
        lease.refresh();
        progress.report(what, done, total);
      };
      return evaluateLeased(rt, req, reporting, uri, t0);
    } finally {
      if (lease != null) {
        lease.close();
      }
    }
  }

  /** A lease on a step checkpoint; null for other policies (base: never pruned). */
  private static CheckpointLeases.Lease lease(CampaignRuntime rt, EvalRequest req) throws IOException {
    String prefix = CampaignLayout.CHECKPOINTS + "/";
    String uri = req.checkpoint().uri();
    int step = uri.startsWith(prefix) ? CampaignLayout.stepOf(uri.substring(prefix.length())) : -1;
    if (step < 0) {
      return null;
    }
    return new CheckpointLeases(rt.layout().checkpointsDir()).acquire(step, "eval-" + req.label());
  }

  private EvalResult evaluateLeased(CampaignRuntime rt, EvalRequest req, Progress progress, String uri,
      long t0) throws IOException {
    CampaignSpec.Evaluation ev = rt.spec().evaluation();
    List<TaskRecord> all = rt.records(req.evalSet());
    List<TaskRecord> tasks = all.subList(0, Math.min(all.size(), Math.max(0, ev.heldOutTasks())));
    PromptCodec codec = rt.codec();
    ObjectNode report = Json.MAPPER.createObjectNode();
    double headline;
    int examples;
    synchronized (cache.lock(rt.campaignId())) {
      Qwen2Weights weights = cache.policy(rt, req.checkpoint());
      GreedyJudge.Verdicts v = GreedyJudge.judge(weights, codec, scores.rewardOf(rt), tasks,
          rt.spec().grpo().maxResponseTokens(), SAMPLES, progress, "held-out", ev.temperature(), rt.seed(),
          rt.spec().computeThreads());
      Proportion p = Proportion.of(v.correct(), v.n());
      report.put("campaign", rt.campaignId());
      report.put("label", req.label());
      report.put("step", req.step());
      report.put("checkpoint", req.checkpoint().uri());
      report.put("checkpoint_sha256", req.checkpoint().sha256());
      report.put("eval_set", req.evalSet().uri());
      report.put("temperature", ev.temperature());
      report.put("examples", v.n());
      report.put("correct", v.correct());
      report.put("accuracy", p.accuracy());
      report.put("ci95_low", p.lower());
      report.put("ci95_high", p.upper());
      report.put("format_valid_rate", v.n() == 0 ? 0 : (double) v.formatValid() / v.n());
      report.put("mean_response_tokens", v.n() == 0 ? 0 : (double) v.tokens() / v.n());
      report.putArray("samples").addAll(v.samples());
      // Per-task verdicts in eval-set order, so two checkpoints can be compared pairwise (McNemar).
      report.put("verdicts", v.perTask());
      // Tasks that need a call vs tasks where no tool fits: a policy that learned to always answer
      // [] gains on the second and loses everything on the first.
      int calls = 0;
      int callsRight = 0;
      for (int i = 0; i < tasks.size(); i++) {
        if (!tasks.get(i).isNoCall()) {
          calls++;
          callsRight += v.perTask().charAt(i) == '1' ? 1 : 0;
        }
      }
      ObjectNode kinds = report.putObject("by_kind");
      kinds.putObject("call").put("examples", calls).put("correct", callsRight);
      kinds.putObject("no_call").put("examples", v.n() - calls).put("correct", v.correct() - callsRight);
      headline = p.accuracy();
      examples = v.n();
      if (ev.bfclCategories() != null && !ev.bfclCategories().isEmpty()) {
        report.set("bfcl", bfcl(rt, req, weights, codec, ev, progress));
      }
    }
    var ref = rt.store().put(uri,
        (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8));
    work.worked("evaluate");
    return new EvalResult(JsonLines.ref(ref), headline, examples, (System.nanoTime() - t0) / 1_000_000);
  }

  private static JsonNode bfcl(CampaignRuntime rt, EvalRequest req, Qwen2Weights weights, PromptCodec codec,
      CampaignSpec.Evaluation ev, Progress progress) throws IOException {
    List<BfclCategory> cats = new ArrayList<>();
    for (String c : ev.bfclCategories()) {
      cats.add(BfclCategory.fromName(c));
    }
    BfclSuite suite = BfclSuite.load(BfclDataFiles.vendored(), cats);
    List<BfclItem> items = ev.bfclLimit() == null ? suite.all() : suite.sample(ev.bfclLimit(), rt.seed());
    ModelResponseGenerator gen = new ModelResponseGenerator(codec.tokenizer(), rt.template(),
        new Generator(new Qwen2Model(weights)),
        SamplingParams.greedy(rt.spec().grpo().maxResponseTokens(), codec.stopIds()), "campaign " + rt.campaignId());
    // Resumable per item; the file is a work file beside the report, not an artifact.
    java.nio.file.Path results = rt.layout().dir().resolve("eval")
        .resolve(req.label() + "-" + CampaignLayout.stepName(req.step()) + ".bfcl.jsonl");
    java.nio.file.Files.createDirectories(results.getParent());
    List<BfclItemResult> verdicts = new BfclEvaluator(gen, BfclEvaluator.Options.defaults())
        .run(items, new BfclResultsFile(results), e -> progress.report("bfcl-items", e.done(), e.total()));
    BfclReport r = BfclReport.of(req.label(), Map.of("generator", gen.describe()), verdicts, suite.datasetSizes());
    return dev.tooln1.activities.eval.BfclReportWriter.json(r);
  }
}
