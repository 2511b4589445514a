package dev.tooln1.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.bfcl.BfclItemResult;
import dev.tooln1.activities.benchmarks.bfcl.BfclReport;
import dev.tooln1.activities.benchmarks.bfcl.BfclReportWriter;
import dev.tooln1.reward.bfcl.BfclCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headline columns the console lists per BFCL report, Tool-N1 Table 2 among them. */
class BfclReportsHeadlineTest {

  private static final Map<String, Integer> SIZES = Map.of("simple_python", 4, "multiple", 2, "parallel", 2,
      "parallel_multiple", 2, "live_simple", 4, "live_multiple", 4, "live_parallel", 2,
      "live_parallel_multiple", 2);

  /** correct/total per category; live_parallel_multiple left out when {@code complete} is false. */
  private static List<BfclItemResult> verdicts(boolean complete) {
    Map<BfclCategory, int[]> table = new java.util.LinkedHashMap<>();
    table.put(BfclCategory.SIMPLE_PYTHON, new int[] {3, 4});
    table.put(BfclCategory.MULTIPLE, new int[] {1, 2});
    table.put(BfclCategory.PARALLEL, new int[] {2, 2});
    table.put(BfclCategory.PARALLEL_MULTIPLE, new int[] {0, 2});
    table.put(BfclCategory.LIVE_SIMPLE, new int[] {1, 4});
    table.put(BfclCategory.LIVE_MULTIPLE, new int[] {3, 4});
    table.put(BfclCategory.LIVE_PARALLEL, new int[] {2, 2});
    if (complete) {
      table.put(BfclCategory.LIVE_PARALLEL_MULTIPLE, new int[] {0, 2});
    }
    List<BfclItemResult> out = new ArrayList<>();
    table.forEach((c, n) -> {
      for (int i = 0; i < n[1]; i++) {
        out.add(new BfclItemResult(c.bfclName() + "_" + i, c, i < n[0], i < n[0] ? "" : "value_error:string", "r", "r"));
      }
    });
    return out;
  }

  @Test
  void theRecordedTable2ColumnIsShownWithItsCompleteness() {
    ObjectNode run = BfclReportWriter.json(BfclReport.of("s", Map.of(), verdicts(true), SIZES));
    BfclReports.Headline h = BfclReports.headline(run);
    // non-live (0.75 + 0.5 + 1 + 0) / 4 = 0.5625; live (1 + 3 + 2 + 0) / 12 = 0.5
    assertThat(h.values()).containsEntry("non_live_ast", 0.5625).containsEntry("tool_n1_non_live", 0.5625)
        .containsEntry("tool_n1_live", 0.5).containsEntry("tool_n1_overall", (0.5625 + 0.5) / 2);
    assertThat(h.incomplete()).doesNotContain("tool_n1_overall", "non_live_ast", "live_ast")
        .contains("irrelevance", "relevance");
  }

  @Test
  void aReportWrittenBeforeTheColumnExistedGetsItFromItsCategoryRows() {
    ObjectNode recorded = BfclReportWriter.json(BfclReport.of("s", Map.of(), verdicts(true), SIZES));
    BfclReports.Headline before = BfclReports.headline(withoutTable2(recorded));
    assertThat(before).isEqualTo(BfclReports.headline(recorded));
  }

  @Test
  void anOldReportMissingACategoryIsMarkedIncomplete() {
    ObjectNode recorded = BfclReportWriter.json(BfclReport.of("s", Map.of(), verdicts(false), SIZES));
    BfclReports.Headline now = BfclReports.headline(recorded);
    BfclReports.Headline before = BfclReports.headline(withoutTable2(recorded));
    // recorded: live_parallel_multiple counts 0 with its 2 items, (1 + 3 + 2) / 12
    assertThat(now.values()).containsEntry("tool_n1_live", 0.5);
    // an old report kept no size of a category it did not evaluate: weight 0, (1 + 3 + 2) / 10; the
    // figure is flagged incomplete either way
    assertThat(before.values()).containsEntry("tool_n1_live", 0.6).containsEntry("tool_n1_overall", (0.5625 + 0.6) / 2);
    assertThat(before.incomplete()).contains("tool_n1_live", "tool_n1_overall").doesNotContain("tool_n1_non_live");
    assertThat(now.incomplete()).contains("tool_n1_live", "tool_n1_overall").doesNotContain("tool_n1_non_live");
  }

  private static ObjectNode withoutTable2(ObjectNode run) {
    ObjectNode old = run.deepCopy();
    old.remove(BfclReportWriter.TOOL_N1_JSON);
    return old;
  }

  @Test
  void aRunWithoutCategoryRowsHasNoTable2Column() {
    ObjectNode bare = dev.tooln1.reward.Json.MAPPER.createObjectNode();
    bare.putObject("aggregates").putObject("non_live_ast").put("accuracy", 0.5).put("complete", true);
    BfclReports.Headline h = BfclReports.headline(bare);
    assertThat(h.values()).containsOnlyKeys("non_live_ast");
    assertThat(h.incomplete()).isEmpty();
  }
}
