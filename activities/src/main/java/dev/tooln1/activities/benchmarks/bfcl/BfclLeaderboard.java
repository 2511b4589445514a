package dev.tooln1.activities.benchmarks.bfcl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BFCL's leaderboard aggregates over per-category results, by the formulas of BFCL's own
 * eval runner (bfcl_eval/eval_checker/eval_runner_helper.py):
 * <ul>
 *   <li>non-live AST = unweighted mean of simple, multiple, parallel, parallel_multiple;</li>
 *   <li>non-live overall = unweighted mean of those four and irrelevance;</li>
 *   <li>live AST = count-weighted mean of live_simple, live_multiple, live_parallel,
 *       live_parallel_multiple;</li>
 *   <li>live overall = count-weighted mean of those four, live_irrelevance and live_relevance;</li>
 *   <li>irrelevance (hallucination) = unweighted mean of irrelevance and live_irrelevance;
 *       relevance = live_relevance.</li>
 * </ul>
 * BFCL's "simple" is itself the unweighted mean of its Python, Java and JavaScript categories; tooln1
 * evaluates the Python AST categories only, so here simple = simple_python. As in BFCL, a category
 * that was not evaluated counts as 0 in a mean that includes it, and the aggregate is marked
 * incomplete (BFCL displays "N/A").
 */
public final class BfclLeaderboard {

  public static final List<String> NON_LIVE_AST = List.of("simple_python", "multiple", "parallel", "parallel_multiple");
  public static final List<String> LIVE_AST = List.of("live_simple", "live_multiple", "live_parallel", "live_parallel_multiple");

  /** Correct and total items of one category. */
  public record CategoryResult(int correct, int total) {
    public CategoryResult {
      if (total < 0 || correct < 0 || correct > total) {
        throw new IllegalArgumentException("bad counts " + correct + "/" + total);
      }
    }

    public double accuracy() {
      return total == 0 ? 0.0 : (double) correct / total;
    }
  }

  /** An aggregate's value and whether every category it includes was evaluated. */
  public record Aggregate(double accuracy, int totalCount, boolean complete) {}

  private final Map<String, CategoryResult> results;
  private final Map<String, Integer> datasetSizes;
  private final boolean weightByDatasetSize;

  /**
   * @param results per evaluated category
   * @param datasetSizes full size of each category's dataset, used as the weight of a category that
   *     was not evaluated (it then counts as accuracy 0, as in BFCL)
   */
  public BfclLeaderboard(Map<String, CategoryResult> results, Map<String, Integer> datasetSizes) {
    this(results, datasetSizes, false);
  }

  private BfclLeaderboard(Map<String, CategoryResult> results, Map<String, Integer> datasetSizes,
      boolean weightByDatasetSize) {
    this.results = Map.copyOf(results);
    this.datasetSizes = Map.copyOf(datasetSizes);
    this.weightByDatasetSize = weightByDatasetSize;
  }

  /**
   * The same formulas for a run on a sample of each category: a count-weighted mean then weights each
   * category's sample accuracy by its full dataset size (an aggregate's {@code totalCount} is then the
   * number of dataset items it stands for), which estimates what the full run would report; weighting
   * by sample sizes would let a small category such as live_parallel count as much as live_multiple.
   * On a full run both weightings are the same.
   */
  public static BfclLeaderboard weightedByDatasetSize(Map<String, CategoryResult> results,
      Map<String, Integer> datasetSizes) {
    return new BfclLeaderboard(results, datasetSizes, true);
  }

  private Optional<CategoryResult> get(String category) {
    return Optional.ofNullable(results.get(category));
  }

  private Aggregate single(String category) {
    return get(category).map(r -> new Aggregate(r.accuracy(),
            weightByDatasetSize ? datasetSizes.getOrDefault(category, r.total()) : r.total(), true))
        .orElseGet(() -> new Aggregate(0.0, datasetSizes.getOrDefault(category, 0), false));
  }

  private static Aggregate unweighted(List<Aggregate> parts) {
    double sum = 0;
    int count = 0;
    boolean complete = true;
    for (Aggregate a : parts) {
      sum += a.accuracy();
      count += a.totalCount();
      complete &= a.complete();
    }
    return new Aggregate(sum / parts.size(), count, complete);
  }

  private static Aggregate weighted(List<Aggregate> parts) {
    double sum = 0;
    int count = 0;
    boolean complete = true;
    for (Aggregate a : parts) {
      sum += a.accuracy() * a.totalCount();
      count += a.totalCount();
      complete &= a.complete();
    }
    return new Aggregate(count == 0 ? 0.0 : sum / count, count, complete);
  }

  private List<Aggregate> all(List<String> categories) {
    return categories.stream().map(this::single).toList();
  }

  public Aggregate nonLiveAst() {
    return unweighted(all(NON_LIVE_AST));
  }

  public Aggregate nonLiveOverall() {
    return unweighted(all(List.of("simple_python", "multiple", "parallel", "parallel_multiple", "irrelevance")));
  }

  public Aggregate liveAst() {
    return weighted(all(LIVE_AST));
  }

  public Aggregate liveOverall() {
    return weighted(all(List.of("live_simple", "live_multiple", "live_parallel", "live_parallel_multiple",
        "live_irrelevance", "live_relevance")));
  }

  public Aggregate irrelevance() {
    return unweighted(all(List.of("irrelevance", "live_irrelevance")));
  }

  public Aggregate relevance() {
    return single("live_relevance");
  }

  /** Every aggregate by its column name, in leaderboard order. */
  public Map<String, Aggregate> columns() {
    Map<String, Aggregate> m = new LinkedHashMap<>();
    m.put("non_live_ast", nonLiveAst());
    m.put("non_live_overall", nonLiveOverall());
    m.put("live_ast", liveAst());
    m.put("live_overall", liveOverall());
    m.put("irrelevance", irrelevance());
    m.put("relevance", relevance());
    return m;
  }
}
