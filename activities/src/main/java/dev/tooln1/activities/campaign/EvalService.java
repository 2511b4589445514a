package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.ModelResponseGenerator;
import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.activities.benchmarks.apibank.ApiBankEvaluator;
import dev.tooln1.activities.benchmarks.apibank.ApiBankItemResult;
import dev.tooln1.activities.benchmarks.apibank.ApiBankReportWriter;
import dev.tooln1.activities.benchmarks.apibank.ApiBankResultsFile;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunReport;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunner;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSample;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSubsets;
import dev.tooln1.activities.benchmarks.bfcl.BfclEvaluator;
import dev.tooln1.activities.benchmarks.bfcl.BfclItem;
import dev.tooln1.activities.benchmarks.bfcl.BfclItemResult;
import dev.tooln1.activities.benchmarks.bfcl.BfclReport;
import dev.tooln1.activities.benchmarks.bfcl.BfclReportWriter;
import dev.tooln1.activities.benchmarks.bfcl.BfclResultsFile;
import dev.tooln1.activities.benchmarks.bfcl.BfclSuite;
import dev.tooln1.activities.campaign.checkpoints.CheckpointLeases;
import dev.tooln1.activities.campaign.prompts.PromptCodec;
import dev.tooln1.activities.data.TaskRecord;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a checkpoint of a campaign on an evaluation set and writes {@code eval/<label>[-<set>]-step-NNNNNN.json}
 * (no timings in it, so a duplicate run writes the same bytes); idempotent per report name.
 *
 * <ul>
 *   <li>The campaign's own evaluation (the request names its eval split): held-out accuracy (greedy,
 *       or sampled at {@code evaluation.temperature} with per-task seeds) on the first
 *       {@code evaluation.heldOutTasks} tasks (correct = format valid and the calls match) with its
 *       Wilson interval and per-task {@code verdicts} for paired comparisons, plus the BFCL subset
 *       ({@code evaluation.bfclCategories}, {@code bfclLimit} per category) and API-Bank
 *       ({@code evaluation.apiBank}, {@code apiBankLimit} samples) when configured.
 *   <li>A named set ({@link EvalSet}, {@code set:<name>[?limit=N]}) from {@code tooln1 eval}, a
 *       schedule or the console: resolved here from the campaign's own record; the headline accuracy
 *       is over every item of the set.
 * </ul>
 *
 * Benchmark items are judged into resumable work files beside the report ({@code .bfcl.jsonl},
 * {@code .apibank.jsonl}), so a retried attempt continues where the last one stopped.
 */
public final class EvalService {

  static final int SAMPLES = 8;

  private final PolicyCache cache;
  private final ScoreService scores;
  private final WorkLog work;
  private ApiBankEvaluator apiBank; // read once per worker, on first use

  public EvalService(PolicyCache cache, ScoreService scores, WorkLog work) {
    this.cache = cache;
    this.scores = scores;
    this.work = work;
  }

  public EvalResult evaluate(CampaignRuntime rt, EvalRequest req, Progress progress) throws IOException {
    long t0 = System.nanoTime();
    EvalSet named = namedSet(rt, req);
    String uri = CampaignLayout.evalUri(reportLabel(req.label(), named), req.step());
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
      return evaluateLeased(rt, req, named, reporting, uri, t0);
    } finally {
      if (lease != null) {
        lease.close();
      }
    }
  }

  /**
   * The named set of an on-demand or scheduled evaluation ({@code set:<name>[?limit=N]}), checked
   * against the campaign; null for the campaign's own evaluation (its eval split's data ref).
   */
  static EvalSet namedSet(CampaignRuntime rt, EvalRequest req) {
    if (req.evalSet() == null || req.evalSet().uri() == null) {
      throw CampaignError.invalidConfig("evaluation of " + rt.campaignId() + ": no evaluation set given");
    }
    EvalSet set;
    try {
      set = EvalSet.fromUri(req.evalSet().uri()).orElse(null);
    } catch (IllegalArgumentException e) {
      throw CampaignError.invalidConfig(e.getMessage());
    }
    if (set != null && set.needsFullVocabulary() && rt.spec().model().trimVocabulary()) {
      throw CampaignError.invalidConfig("campaign " + rt.campaignId() + " cannot be evaluated on " + set.name()
          + ": its model has a trimmed vocabulary (model.trimVocabulary), and " + set.kind().word()
          + " prompts need tokens it never saw");
    }
    return set;
  }

  /** Report names carry the set, so that two schedules on different sets of one campaign do not collide. */
  static String reportLabel(String label, EvalSet set) {
    if (set == null || set.kind() == EvalSet.Kind.HELDOUT && set.limit() == 0 || label.endsWith(set.slug())) {
      return label;
    }
    return label + "-" + set.slug();
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

  private EvalResult evaluateLeased(CampaignRuntime rt, EvalRequest req, EvalSet named, Progress progress,
      String uri, long t0) throws IOException {
    CampaignSpec.Evaluation ev = rt.spec().evaluation();
    ObjectNode report = Json.MAPPER.createObjectNode();
    report.put("campaign", rt.campaignId());
    report.put("label", req.label());
    report.put("step", req.step());
    report.put("checkpoint", req.checkpoint().uri());
    report.put("checkpoint_sha256", req.checkpoint().sha256());
    report.put("eval_set", req.evalSet().uri());
    report.put("set", named == null ? "campaign" : named.name());
    if (named != null && named.limit() > 0) {
      report.put("limit", named.limit());
    }
    Proportion headline;
    synchronized (cache.lock(rt.campaignId())) {
      Qwen2Weights weights = cache.policy(rt, req.checkpoint());
      String work = uri.substring(0, uri.length() - ".json".length());
      if (named == null) {
        // The campaign's own evaluation: held-out, plus the benchmarks its config names.
        List<TaskRecord> all = rt.records(req.evalSet());
        headline = heldOut(rt, weights, all.subList(0, Math.min(all.size(), Math.max(0, ev.heldOutTasks()))),
            report, progress);
        if (ev.bfclCategories() != null && !ev.bfclCategories().isEmpty()) {
          List<BfclCategory> cats = new ArrayList<>();
          ev.bfclCategories().forEach(c -> cats.add(BfclCategory.fromName(c)));
          report.set("bfcl", bfcl(rt, weights, cats, ev.bfclLimit() == null ? 0 : ev.bfclLimit(), work, req.label(),
              progress).json());
        }
        if (ev.apiBank()) {
          report.set("apibank", apiBank(rt, weights, ApiBankSubsets.ALL,
              ev.apiBankLimit() == null ? 0 : ev.apiBankLimit(), work, req.label(), progress).json());
        }
      } else {
        headline = switch (named.kind()) {
          case HELDOUT -> {
            List<TaskRecord> all = rt.records(heldOutSplit(rt));
            int n = Math.min(all.size(), Math.max(0, ev.heldOutTasks()));
            yield heldOut(rt, weights, all.subList(0, named.limit() > 0 ? Math.min(n, named.limit()) : n), report,
                progress);
          }
          case BFCL -> {
            BenchmarkRun r = bfcl(rt, weights, named.bfclCategories(), named.limit(), work, req.label(), progress);
            report.set("bfcl", r.json());
            yield r.overall();
          }
          case APIBANK -> {
            BenchmarkRun r = apiBank(rt, weights, named.part() == null ? ApiBankSubsets.ALL : named.part(),
                named.limit(), work, req.label(), progress);
            report.set("apibank", r.json());
            yield r.overall();
          }
        };
        report.put("examples", headline.n());
        report.put("correct", headline.correct());
        report.put("accuracy", headline.accuracy());
        report.put("ci95_low", headline.lower());
        report.put("ci95_high", headline.upper());
      }
    }
    var ref = rt.store().put(uri,
        (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8));
    work.worked("evaluate");
    return new EvalResult(JsonLines.ref(ref), headline.accuracy(), headline.n(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** The campaign's held-out split as a data ref, its manifest verified (what {@code prepareData} returned). */
  private static ArtifactRef heldOutSplit(CampaignRuntime rt) throws IOException {
    try {
      var manifest = rt.store().verify(CampaignLayout.MANIFEST);
      return new ArtifactRef(CampaignLayout.MANIFEST + "#" + rt.spec().data().evalSplit(), manifest.sha256());
    } catch (java.nio.file.NoSuchFileException e) {
      throw CampaignError.invalidConfig("campaign " + rt.campaignId() + " has no prepared data yet ("
          + rt.layout().dir().resolve(CampaignLayout.MANIFEST) + " is missing): nothing held out to evaluate on");
    } catch (dev.tooln1.activities.store.ArtifactIntegrityException e) {
      throw CampaignError.corruptData(e.getMessage(), e);
    }
  }

  /** Held-out accuracy of {@code tasks} into {@code report}; the headline proportion. */
  private Proportion heldOut(CampaignRuntime rt, Qwen2Weights weights, List<TaskRecord> tasks, ObjectNode report,
      Progress progress) throws IOException {
    CampaignSpec.Evaluation ev = rt.spec().evaluation();
    GreedyJudge.Verdicts v = GreedyJudge.judge(weights, rt.codec(), scores.rewardOf(rt), tasks,
        rt.spec().grpo().maxResponseTokens(), SAMPLES, progress, "held-out", ev.temperature(), rt.seed(),
        rt.spec().computeThreads());
    Proportion p = Proportion.of(v.correct(), v.n());
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
    return p;
  }

  private synchronized ApiBankEvaluator apiBankEvaluator() {
    if (apiBank == null) {
      apiBank = ApiBankEvaluator.vendored();
    }
    return apiBank;
  }

  /** A benchmark run's report as JSON and its accuracy over every item of the set. */
  private record BenchmarkRun(JsonNode json, Proportion overall) {}

  /** The campaign's policy answering in the campaign's own prompt format, greedy. */
  private static ModelResponseGenerator generator(CampaignRuntime rt, Qwen2Weights weights) throws IOException {
    PromptCodec codec = rt.codec();
    return new ModelResponseGenerator(codec.tokenizer(), rt.template(), new Generator(new Qwen2Model(weights)),
        SamplingParams.greedy(rt.spec().grpo().maxResponseTokens(), codec.stopIds()), "campaign " + rt.campaignId());
  }

  /**
   * API-Bank level-1 call mode: the dialog's APIs offered as tools in the campaign's prompt format,
   * the call extracted and executed as the official evaluator does; over the whole selected set (a
   * sample without a verdict would count as wrong, see {@link ApiBankRunReport}).
   */
  private BenchmarkRun apiBank(CampaignRuntime rt, Qwen2Weights weights, String subset, int limit,
      String workName, String label, Progress progress) throws IOException {
    ApiBankEvaluator evaluator = apiBankEvaluator();
    List<ApiBankSample> samples = ApiBankSubsets.select(evaluator.samples(), subset, limit, rt.seed());
    ModelResponseGenerator gen = generator(rt, weights);
    Path results = rt.layout().dir().resolve(workName + ".apibank.jsonl");
    Files.createDirectories(results.getParent());
    List<ApiBankItemResult> verdicts = new ApiBankRunner(evaluator, gen, GreedyJudge.BATCH)
        .run(samples, new ApiBankResultsFile(results), e -> progress.report("apibank-samples", e.done(), e.total()));
    ApiBankRunReport r = ApiBankRunReport.of(label, Map.of("generator", gen.describe()),
        ApiBankRunReport.Scope.of(subset, limit, rt.seed(), samples.size(), evaluator.samples().size()), samples,
        verdicts);
    return new BenchmarkRun(ApiBankReportWriter.json(r), r.overall());
  }

  private static BenchmarkRun bfcl(CampaignRuntime rt, Qwen2Weights weights, List<BfclCategory> cats, int limit,
      String workName, String label, Progress progress) throws IOException {
    BfclDataFiles files = BfclDataFiles.vendored();
    BfclSuite suite = BfclSuite.load(files, cats);
    List<BfclItem> items = suite.sample(limit, rt.seed());
    ModelResponseGenerator gen = generator(rt, weights);
    // Resumable per item; the file is a work file beside the report, not an artifact.
    Path results = rt.layout().dir().resolve(workName + ".bfcl.jsonl");
    Files.createDirectories(results.getParent());
    List<BfclItemResult> verdicts = new BfclEvaluator(gen, BfclEvaluator.Options.defaults())
        .run(items, new BfclResultsFile(results), e -> progress.report("bfcl-items", e.done(), e.total()));
    // Live categories are weighted by their full dataset sizes, as the leaderboard (and bfcl-eval) does,
    // whatever subset of categories this run covers.
    BfclReport r = BfclReport.of(label, Map.of("generator", gen.describe()), verdicts,
        BfclSuite.fullDatasetSizes(files));
    int correct = 0;
    for (BfclItemResult v : verdicts) {
      correct += v.valid() ? 1 : 0;
    }
    return new BenchmarkRun(BfclReportWriter.json(r), Proportion.of(correct, verdicts.size()));
  }
}
