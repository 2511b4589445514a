package dev.tooln1.activities.benchmarks.bfcl;

import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.reward.bfcl.BfclCategory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's BFCL results summed up: accuracy per category with its Wilson interval, the error types
 * seen, the leaderboard's aggregates computed by {@link BfclLeaderboard}, and the column of the
 * Tool-N1 paper's Table 2 ({@link ToolN1Table2}).
 *
 * @param label names the run (a checkpoint, a model) in comparisons
 * @param provenance what produced the results (model, prompt style, seed, limit, ...), shown as given
 * @param subset whether some category was evaluated on fewer items than its dataset has; the
 *     aggregates then weight categories by their dataset sizes (see
 *     {@link BfclLeaderboard#weightedByDatasetSize})
 * @param toolN1 non-live, live and overall as the Tool-N1 paper's Table 2 reports them (live weighted
 *     by full dataset sizes)
 * @param items every item's verdict, in the order given
 */
public record BfclReport(String label, Map<String, String> provenance, List<CategoryRow> categories,
    Map<String, BfclLeaderboard.Aggregate> aggregates, ToolN1Table2 toolN1, boolean subset,
    List<BfclItemResult> items) {

  /** Number of failing items listed per category. */
  static final int EXAMPLES = 5;

  /**
   * @param errorTypes count of each error type among the failures, most frequent first
   * @param failures the first few failing items
   */
  public record CategoryRow(BfclCategory category, Proportion accuracy, int datasetSize,
      Map<String, Integer> errorTypes, List<BfclItemResult> failures) {}

  public BfclReport {
    provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    categories = List.copyOf(categories);
    aggregates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aggregates));
    items = List.copyOf(items);
  }

  /**
   * @param datasetSizes full dataset size per category by BFCL name (all categories the leaderboard
   *     uses, so that a category not evaluated gets its weight, as in BFCL)
   */
  public static BfclReport of(String label, Map<String, String> provenance, List<BfclItemResult> results,
      Map<String, Integer> datasetSizes) {
    Map<BfclCategory, List<BfclItemResult>> byCategory = new EnumMap<>(BfclCategory.class);
    for (BfclItemResult r : results) {
      byCategory.computeIfAbsent(r.category(), c -> new ArrayList<>()).add(r);
    }
    List<CategoryRow> rows = new ArrayList<>();
    Map<String, BfclLeaderboard.CategoryResult> counts = new LinkedHashMap<>();
    boolean subset = false;
    for (Map.Entry<BfclCategory, List<BfclItemResult>> e : byCategory.entrySet()) {
      List<BfclItemResult> list = e.getValue();
      int correct = 0;
      Map<String, Integer> errorTypes = new TreeMap<>();
      List<BfclItemResult> failures = new ArrayList<>();
      for (BfclItemResult r : list) {
        if (r.valid()) {
          correct++;
        } else {
          errorTypes.merge(r.errorType(), 1, Integer::sum);
          if (failures.size() < EXAMPLES) {
            failures.add(r);
          }
        }
      }
      int size = datasetSizes.getOrDefault(e.getKey().bfclName(), list.size());
      subset |= list.size() < size;
      rows.add(new CategoryRow(e.getKey(), Proportion.of(correct, list.size()), size, byCount(errorTypes), failures));
      counts.put(e.getKey().bfclName(), new BfclLeaderboard.CategoryResult(correct, list.size()));
    }
    BfclLeaderboard board = subset ? BfclLeaderboard.weightedByDatasetSize(counts, datasetSizes)
        : new BfclLeaderboard(counts, datasetSizes);
    return new BfclReport(label, provenance, rows, board.columns(), ToolN1Table2.of(counts, datasetSizes), subset,
        results);
  }

  private static Map<String, Integer> byCount(Map<String, Integer> counts) {
    Map<String, Integer> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** The row of one category, if it was evaluated. */
  public java.util.Optional<CategoryRow> row(BfclCategory category) {
    return categories.stream().filter(r -> r.category() == category).findFirst();
  }

  /** Verdict per item id. */
  public Map<String, Boolean> validById() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    items.forEach(r -> out.put(r.id(), r.valid()));
    return out;
  }

  public int correct() {
    return (int) items.stream().filter(BfclItemResult::valid).count();
  }
}
