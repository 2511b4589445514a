package dev.tooln1.activities.benchmarks.bfcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tooln1.activities.benchmarks.bfcl.BfclLeaderboard.CategoryResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BfclLeaderboardTest {

  private static final Map<String, Integer> SIZES = Map.ofEntries(
      Map.entry("simple_python", 400), Map.entry("multiple", 200), Map.entry("parallel", 200),
      Map.entry("parallel_multiple", 200), Map.entry("irrelevance", 240), Map.entry("live_simple", 258),
      Map.entry("live_multiple", 1053), Map.entry("live_parallel", 16), Map.entry("live_parallel_multiple", 24),
      Map.entry("live_irrelevance", 884), Map.entry("live_relevance", 16));

  // A hand-made verdict table; expected values computed by hand below.
  private static final Map<String, CategoryResult> TABLE = Map.ofEntries(
      Map.entry("simple_python", new CategoryResult(380, 400)),        // 0.95
      Map.entry("multiple", new CategoryResult(180, 200)),             // 0.90
      Map.entry("parallel", new CategoryResult(170, 200)),             // 0.85
      Map.entry("parallel_multiple", new CategoryResult(160, 200)),    // 0.80
      Map.entry("irrelevance", new CategoryResult(180, 240)),          // 0.75
      Map.entry("live_simple", new CategoryResult(200, 258)),
      Map.entry("live_multiple", new CategoryResult(750, 1053)),
      Map.entry("live_parallel", new CategoryResult(12, 16)),
      Map.entry("live_parallel_multiple", new CategoryResult(15, 24)),
      Map.entry("live_irrelevance", new CategoryResult(700, 884)),
      Map.entry("live_relevance", new CategoryResult(12, 16)));

  @Test
  void nonLiveIsTheUnweightedMeanOfCategories() {
    BfclLeaderboard lb = new BfclLeaderboard(TABLE, SIZES);
    assertThat(lb.nonLiveAst().accuracy()).isCloseTo((0.95 + 0.90 + 0.85 + 0.80) / 4, within(1e-12));
    assertThat(lb.nonLiveOverall().accuracy()).isCloseTo((0.95 + 0.90 + 0.85 + 0.80 + 0.75) / 5, within(1e-12));
    assertThat(lb.nonLiveAst().complete()).isTrue();
  }

  @Test
  void liveIsCountWeighted() {
    BfclLeaderboard lb = new BfclLeaderboard(TABLE, SIZES);
    // (200 + 750 + 12 + 15) / (258 + 1053 + 16 + 24) = 977 / 1351
    assertThat(lb.liveAst().accuracy()).isCloseTo(977.0 / 1351.0, within(1e-12));
    assertThat(lb.liveAst().totalCount()).isEqualTo(1351);
    // plus live_irrelevance 700/884 and live_relevance 12/16: 1689 / 2251
    assertThat(lb.liveOverall().accuracy()).isCloseTo(1689.0 / 2251.0, within(1e-12));
  }

  @Test
  void hallucinationColumns() {
    BfclLeaderboard lb = new BfclLeaderboard(TABLE, SIZES);
    assertThat(lb.irrelevance().accuracy()).isCloseTo((0.75 + 700.0 / 884) / 2, within(1e-12));
    assertThat(lb.relevance().accuracy()).isCloseTo(0.75, within(1e-12));
    assertThat(lb.columns()).containsOnlyKeys("non_live_ast", "non_live_overall", "live_ast", "live_overall",
        "irrelevance", "relevance");
  }

  @Test
  void missingCategoryCountsAsZeroAndMarksTheAggregateIncomplete() {
    BfclLeaderboard lb = new BfclLeaderboard(Map.of(
        "simple_python", new CategoryResult(40, 40), "live_simple", new CategoryResult(10, 10)), SIZES);
    assertThat(lb.nonLiveAst().accuracy()).isCloseTo(0.25, within(1e-12));
    assertThat(lb.nonLiveAst().complete()).isFalse();
    // live_multiple etc. weigh in with their full dataset size at accuracy 0.
    assertThat(lb.liveAst().accuracy()).isCloseTo(10.0 / (10 + 1053 + 16 + 24), within(1e-12));
  }
}
