package dev.tooln1.activities.benchmarks.apibank;

import dev.tooln1.reward.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * API-Bank level-1 "Call" evaluation by execution, as the official evaluator judges: extract the
 * first call, parse and coerce its parameters as the tool manager does, run it against a fresh copy
 * of the initial databases, and compare with the recorded gold result by the API's own rule.
 */
public final class ApiBankEvaluator {

  private final ApiBankDataset dataset;
  private final ApiCatalog catalog;
  private final ApiRegistry registry;
  private final ToolManager toolManager;
  private final InitialDatabases databases;
  private final RecordedResponses recorded;
  private final Map<String, ApiBankSample> byKey = new LinkedHashMap<>();

  public ApiBankEvaluator(ApiBankDataset dataset, ApiCatalog catalog, ApiRegistry registry,
      InitialDatabases databases, RecordedResponses recorded) {
    this.dataset = dataset;
    this.catalog = catalog;
    this.registry = registry;
    this.toolManager = new ToolManager(catalog, registry);
    this.databases = databases;
    this.recorded = recorded;
    dataset.samples().forEach(s -> byKey.put(s.key(), s));
  }

  /** Everything from the vendored {@code data/api-bank}. */
  public static ApiBankEvaluator vendored() {
    ApiBankDataset ds = ApiBankDataset.vendored();
    return new ApiBankEvaluator(ds, ApiCatalog.vendored(), new ApiRegistry(), InitialDatabases.vendored(),
        RecordedResponses.fromDialogTurns(ds.apiTurns()));
  }

  public List<ApiBankSample> samples() {
    return dataset.samples();
  }

  public Optional<ApiBankSample> sample(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** The prompt pieces for a sample: the benchmark's instruction and history text, and the offered tools as schemas. */
  public record Prompt(String instruction, String input, List<ToolSpec> tools) {}

  public Prompt prompt(ApiBankSample s) {
    List<ToolSpec> tools = new ArrayList<>();
    for (String api : s.dialogApis()) {
      registry.find(api).ifPresent(d -> tools.add(catalog.toolSpec(d)));
    }
    return new Prompt(s.instruction(), s.input(), tools);
  }

  /** A world for one judged call: fresh copies of the initial state, nothing shared with other calls. */
  public ApiWorld freshWorld() {
    return new ApiWorld(databases, recorded);
  }

  /** Judges one response (Tool-N1 format or raw call text) for sample {@code s}. */
  public ApiBankVerdict judge(ApiBankSample s, String response) {
    ResponseConverter.Converted c = ResponseConverter.toCallText(response == null ? "" : response);
    if (c.text().isEmpty()) {
      return wrong(s, "no API call found: " + c.problem(), null, null);
    }
    Optional<ApiCallText.Parsed> parsed = ApiCallText.extract(c.text().get());
    if (parsed.isEmpty()) {
      return wrong(s, "no API call found", null, null);
    }
    ApiCallText.Parsed call = parsed.get();
    if (!call.apiName().equals(s.apiName())) {
      return wrong(s, "API name mismatch: " + call.apiName() + " vs " + s.apiName(), call.text(), null);
    }
    Map<String, Object> result;
    try {
      result = toolManager.call(call.apiName(), call.params(), freshWorld());
    } catch (ToolManager.Rejected e) {
      return wrong(s, "call rejected: " + e.getMessage(), call.text(), null);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> gold = (Map<String, Object>) Py.fromJson(s.goldResult());
    ApiDefinition api = registry.find(call.apiName()).orElseThrow();
    String shown = Py.repr(result);
    boolean ok;
    try {
      ok = api.check(result, gold);
    } catch (Py.KeyError e) {
      return wrong(s, "checker KeyError " + e.getMessage() + " (judged wrong, as officially)", call.text(), shown);
    } catch (AssertionError | RuntimeException e) {
      return wrong(s, "checker failed: " + e.getMessage(), call.text(), shown);
    }
    if (ok) {
      return new ApiBankVerdict(s.key(), s.apiName(), true, "correct", call.text(), shown);
    }
    return wrong(s, "result differs from gold: got " + shown + ", gold " + Py.repr(gold), call.text(), shown);
  }

  private static ApiBankVerdict wrong(ApiBankSample s, String reason, String call, String result) {
    return new ApiBankVerdict(s.key(), s.apiName(), false, reason, call, result);
  }

  /** Judges every response (keyed by sample key) and aggregates. Unknown keys are the caller's to reject. */
  public ApiBankReport evaluate(Map<String, String> responses) {
    List<ApiBankVerdict> items = new ArrayList<>();
    Map<String, int[]> perApi = new TreeMap<>();
    int[] all = new int[2];
    int[] firstCall = new int[2];
    int[] singleUser = new int[2];
    int missing = 0;
    for (ApiBankSample s : dataset.samples()) {
      String response = responses.get(s.key());
      if (response == null) {
        missing++;
        continue;
      }
      ApiBankVerdict v = judge(s, response);
      items.add(v);
      int hit = v.correct() ? 1 : 0;
      add(all, hit);
      add(perApi.computeIfAbsent(s.apiName(), k -> new int[2]), hit);
      if (s.firstCallOfDialog()) {
        add(firstCall, hit);
      }
      if (s.userTurns() == 1) {
        add(singleUser, hit);
      }
    }
    Map<String, ApiBankReport.Score> apis = new LinkedHashMap<>();
    perApi.forEach((k, v) -> apis.put(k, new ApiBankReport.Score(v[0], v[1])));
    Map<String, ApiBankReport.Score> subsets = new LinkedHashMap<>();
    subsets.put(ApiBankReport.FIRST_CALL, new ApiBankReport.Score(firstCall[0], firstCall[1]));
    subsets.put(ApiBankReport.SINGLE_USER_TURN, new ApiBankReport.Score(singleUser[0], singleUser[1]));
    return new ApiBankReport(new ApiBankReport.Score(all[0], all[1]), apis, subsets, missing, items);
  }

  private static void add(int[] score, int hit) {
    score[0] += hit;
    score[1]++;
  }
}
