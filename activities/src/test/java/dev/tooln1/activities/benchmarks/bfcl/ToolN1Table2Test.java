package dev.tooln1.activities.benchmarks.bfcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tooln1.activities.benchmarks.bfcl.BfclLeaderboard.CategoryResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolN1Table2Test {

  /** BFCL v4's sizes (the vendored data; BfclSuiteTest checks them against the files). */
  static final Map<String, Integer> FULL = Map.ofEntries(
      Map.entry("simple_python", 400), Map.entry("multiple", 200), Map.entry("parallel", 200),
      Map.entry("parallel_multiple", 200), Map.entry("irrelevance", 240), Map.entry("live_simple", 258),
      Map.entry("live_multiple", 1053), Map.entry("live_parallel", 16), Map.entry("live_parallel_multiple", 24),
      Map.entry("live_irrelevance", 884), Map.entry("live_relevance", 16));

  /**
   * Category counts of a full run whose columns come out as the paper's Tool-N1-7B row: non-live
   * (89.5 + 90 + 88.5 + 89) / 4 = 89.25, live (220 + 830 + 14 + 22) / 1351 = 1086 / 1351 = 80.38 %,
   * overall (89.25 + 80.385) / 2 = 84.82 % as printed with two decimals.
   */
  static Map<String, CategoryResult> paper7bRow() {
    Map<String, CategoryResult> m = new LinkedHashMap<>();
    m.put("simple_python", new CategoryResult(358, 400));
    m.put("multiple", new CategoryResult(180, 200));
    m.put("parallel", new CategoryResult(177, 200));
    m.put("parallel_multiple", new CategoryResult(178, 200));
    m.put("live_simple", new CategoryResult(220, 258));
    m.put("live_multiple", new CategoryResult(830, 1053));
    m.put("live_parallel", new CategoryResult(14, 16));
    m.put("live_parallel_multiple", new CategoryResult(22, 24));
    // irrelevance is not part of the column: any value leaves it unchanged
    m.put("irrelevance", new CategoryResult(3, 240));
    return m;
  }

  @Test
  void countsThatMatchThePaper7bRowGiveItsThreeFigures() {
    ToolN1Table2 t = ToolN1Table2.of(paper7bRow(), FULL);
    assertThat(t.nonLive().accuracy()).isCloseTo(0.8925, within(1e-12));
    assertThat(t.live().accuracy()).isCloseTo(1086.0 / 1351, within(1e-12));
    assertThat(t.overall().accuracy()).isCloseTo((0.8925 + 1086.0 / 1351) / 2, within(1e-12));
    assertThat(BfclReportWriter.pct(t.nonLive().accuracy())).isEqualTo("89.25%");
    assertThat(BfclReportWriter.pct(t.live().accuracy())).isEqualTo("80.38%");
    assertThat(BfclReportWriter.pct(t.overall().accuracy())).isEqualTo("84.82%");
    assertThat(t.overall().complete()).isTrue();
    assertThat(t.live().totalCount()).isEqualTo(1351);
    assertThat(t.overall().totalCount()).isEqualTo(1000 + 1351);
    assertThat(t.columns()).containsOnlyKeys("non_live", "live", "overall");
  }

  @Test
  void onAFullRunNonLiveAndLiveAreTheLeaderboardsAstColumns() {
    BfclLeaderboard board = new BfclLeaderboard(paper7bRow(), FULL);
    ToolN1Table2 t = ToolN1Table2.of(paper7bRow(), FULL);
    assertThat(t.nonLive()).isEqualTo(board.nonLiveAst());
    assertThat(t.live()).isEqualTo(board.liveAst());
  }

  @Test
  void aSampledRunWeightsLiveByFullSizesNotBySampleSizes() {
    Map<String, CategoryResult> sample = Map.of(
        "simple_python", new CategoryResult(3, 4), "multiple", new CategoryResult(1, 2),
        "parallel", new CategoryResult(2, 2), "parallel_multiple", new CategoryResult(0, 2),
        "live_simple", new CategoryResult(1, 2), "live_multiple", new CategoryResult(1, 2),
        "live_parallel", new CategoryResult(2, 2), "live_parallel_multiple", new CategoryResult(0, 2));
    ToolN1Table2 t = ToolN1Table2.of(sample, FULL);
    double nonLive = (0.75 + 0.5 + 1 + 0) / 4;
    double live = (0.5 * 258 + 0.5 * 1053 + 1.0 * 16 + 0 * 24) / 1351; // = 671.5 / 1351
    assertThat(t.nonLive().accuracy()).isCloseTo(nonLive, within(1e-12));
    assertThat(t.live().accuracy()).isCloseTo(live, within(1e-12));
    assertThat(t.overall().accuracy()).isCloseTo((nonLive + live) / 2, within(1e-12));
    // by sample sizes the live mean would be 4 / 8 = 0.5
    assertThat(t.live().accuracy()).isNotCloseTo(0.5, within(1e-3));
  }

  @Test
  void aMissingCategoryCountsAsZeroAndMarksTheColumnsIncomplete() {
    Map<String, CategoryResult> results = new LinkedHashMap<>(paper7bRow());
    results.remove("live_parallel");
    ToolN1Table2 t = ToolN1Table2.of(results, FULL);
    assertThat(t.nonLive().complete()).isTrue();
    assertThat(t.live().complete()).isFalse();
    assertThat(t.overall().complete()).isFalse();
    // live_parallel weighs in with its 16 items at accuracy 0: (220 + 830 + 22) / 1351
    assertThat(t.live().accuracy()).isCloseTo(1072.0 / 1351, within(1e-12));
    assertThat(t.overall().accuracy()).isCloseTo((0.8925 + 1072.0 / 1351) / 2, within(1e-12));
  }

  @Test
  void withoutFullSizesEvaluatedCategoriesWeighByTheirItems() {
    Map<String, CategoryResult> results = Map.of(
        "simple_python", new CategoryResult(1, 2), "multiple", new CategoryResult(1, 1),
        "parallel", new CategoryResult(1, 1), "parallel_multiple", new CategoryResult(1, 1),
        "live_simple", new CategoryResult(1, 4), "live_multiple", new CategoryResult(3, 4),
        "live_parallel", new CategoryResult(1, 1), "live_parallel_multiple", new CategoryResult(0, 1));
    ToolN1Table2 t = ToolN1Table2.of(results, Map.of());
    assertThat(t.nonLive().accuracy()).isCloseTo(0.875, within(1e-12));
    assertThat(t.live().accuracy()).isCloseTo(5.0 / 10, within(1e-12));
    assertThat(t.overall().accuracy()).isCloseTo((0.875 + 0.5) / 2, within(1e-12));
    assertThat(t.overall().complete()).isTrue();
  }
}
