package dev.tooln1.activities.benchmarks.bfcl;

import dev.tooln1.activities.benchmarks.bfcl.BfclLeaderboard.Aggregate;
import dev.tooln1.activities.benchmarks.bfcl.BfclLeaderboard.CategoryResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The BFCL column of the Tool-N1 paper's Table 2 (arXiv 2505.00024), which is what a reproduction is
 * compared with:
 * <ul>
 *   <li>non-live = unweighted mean of simple (here simple_python), multiple, parallel and
 *       parallel_multiple: BFCL's non-live AST;</li>
 *   <li>live = the four live AST categories weighted by their <em>full</em> dataset sizes: BFCL's live
 *       AST on a full run, and on a sampled run the estimate of it (weighting by sample sizes would
 *       let a 2-item sample of live_parallel count as much as one of live_multiple);</li>
 *   <li>overall = the mean of the two; the paper's 7B row is (89.25 + 80.38) / 2 = 84.82.</li>
 * </ul>
 * The paper's overall is not one of BFCL's own columns (BFCL's overall also averages irrelevance and
 * the multi-turn and agentic groups), so it is kept apart from {@link BfclLeaderboard#columns()}.
 *
 * <p>As in BFCL, a category that was not evaluated counts as 0 (with its full size as weight in the
 * live mean) and every column that includes it is marked incomplete. A category evaluated without a
 * known full size weighs by the items evaluated.
 */
public record ToolN1Table2(Aggregate nonLive, Aggregate live, Aggregate overall) {

  public static final String NON_LIVE = "non_live";
  public static final String LIVE = "live";
  public static final String OVERALL = "overall";

  /**
   * @param results per evaluated category, by BFCL name
   * @param fullSizes full dataset size per category, by BFCL name ({@link BfclSuite#fullDatasetSizes})
   */
  public static ToolN1Table2 of(Map<String, CategoryResult> results, Map<String, Integer> fullSizes) {
    BfclLeaderboard board = BfclLeaderboard.weightedByDatasetSize(results, fullSizes);
    Aggregate nonLive = board.nonLiveAst();
    Aggregate live = board.liveAst();
    Aggregate overall = new Aggregate((nonLive.accuracy() + live.accuracy()) / 2,
        nonLive.totalCount() + live.totalCount(), nonLive.complete() && live.complete());
    return new ToolN1Table2(nonLive, live, overall);
  }

  /** The three columns by name, in the paper's order. */
  public Map<String, Aggregate> columns() {
    Map<String, Aggregate> m = new LinkedHashMap<>();
    m.put(NON_LIVE, nonLive);
    m.put(LIVE, live);
    m.put(OVERALL, overall);
    return m;
  }
}
