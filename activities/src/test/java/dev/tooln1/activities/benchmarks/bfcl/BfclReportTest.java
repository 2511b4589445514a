package dev.tooln1.activities.benchmarks.bfcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.bfcl.BfclCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BfclReportTest {

  @TempDir
  Path tmp;

  /** correct, total per category: a hand-made verdict table. */
  private static final Map<BfclCategory, int[]> TABLE = new LinkedHashMap<>();

  static {
    TABLE.put(BfclCategory.SIMPLE_PYTHON, new int[] {3, 4});
    TABLE.put(BfclCategory.MULTIPLE, new int[] {1, 2});
    TABLE.put(BfclCategory.PARALLEL, new int[] {2, 2});
    TABLE.put(BfclCategory.PARALLEL_MULTIPLE, new int[] {0, 1});
    TABLE.put(BfclCategory.LIVE_SIMPLE, new int[] {1, 2});
    TABLE.put(BfclCategory.LIVE_MULTIPLE, new int[] {3, 4});
    TABLE.put(BfclCategory.IRRELEVANCE, new int[] {2, 2});
    TABLE.put(BfclCategory.LIVE_IRRELEVANCE, new int[] {1, 4});
  }

  private static List<BfclItemResult> verdicts(Map<BfclCategory, int[]> table) {
    List<BfclItemResult> out = new ArrayList<>();
    table.forEach((c, n) -> {
      for (int i = 0; i < n[1]; i++) {
        boolean valid = i < n[0];
        String type = valid ? "" : (i % 2 == 0 ? "type_error:simple" : "value_error:string");
        out.add(new BfclItemResult(c.bfclName() + "_" + i, c, valid, type, valid ? "ok" : type + ": hand-made", "r"));
      }
    });
    return out;
  }

  /** A full run: dataset sizes equal the totals; live_parallel(_multiple) not evaluated. */
  private static Map<String, Integer> fullSizes() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    TABLE.forEach((c, n) -> sizes.put(c.bfclName(), n[1]));
    sizes.put("live_parallel", 16);
    sizes.put("live_parallel_multiple", 24);
    sizes.put("live_relevance", 16);
    return sizes;
  }

  @Test
  void aggregatesFollowTheLeaderboardFormulasOnAHandMadeTable() throws IOException {
    BfclReport report = BfclReport.of("step-100", Map.of("prompt", "tooln1"), verdicts(TABLE), fullSizes());
    assertThat(report.subset()).isFalse();
    Map<String, BfclLeaderboard.Aggregate> a = report.aggregates();
    // Non-live AST: unweighted mean of 3/4, 1/2, 2/2, 0/1.
    assertThat(a.get("non_live_ast").accuracy()).isCloseTo((0.75 + 0.5 + 1 + 0) / 4, within(1e-12));
    assertThat(a.get("non_live_ast").complete()).isTrue();
    assertThat(a.get("non_live_overall").accuracy()).isCloseTo((0.75 + 0.5 + 1 + 0 + 1) / 5, within(1e-12));
    // Live AST: count-weighted, the two missing live categories count 0 with their dataset sizes.
    assertThat(a.get("live_ast").accuracy()).isCloseTo((1.0 + 3) / (2 + 4 + 16 + 24), within(1e-12));
    assertThat(a.get("live_ast").complete()).isFalse();
    assertThat(a.get("irrelevance").accuracy()).isCloseTo((1.0 + 0.25) / 2, within(1e-12));
    assertThat(a.get("relevance").complete()).isFalse();

    BfclReport.CategoryRow simple = report.row(BfclCategory.SIMPLE_PYTHON).orElseThrow();
    assertThat(simple.accuracy()).isEqualTo(Proportion.of(3, 4));
    assertThat(simple.errorTypes()).containsExactly(Map.entry("value_error:string", 1));
    BfclReport.CategoryRow liveIrr = report.row(BfclCategory.LIVE_IRRELEVANCE).orElseThrow();
    assertThat(liveIrr.errorTypes()).containsExactly(Map.entry("value_error:string", 2), Map.entry("type_error:simple", 1));

    List<Path> files = BfclReportWriter.writeAll(List.of(report), tmp);
    JsonNode json = Json.parse(Files.readString(tmp.resolve("report.json")));
    JsonNode run = json.get("runs").get(0);
    assertThat(run.get("label").asText()).isEqualTo("step-100");
    assertThat(run.get("aggregates").get("non_live_ast").get("accuracy").asDouble()).isEqualTo(0.5625);
    assertThat(run.get("aggregates").get("live_ast").get("complete").asBoolean()).isFalse();
    assertThat(run.get("categories").get(0).get("ci95_low").asDouble()).isEqualTo(Proportion.of(3, 4).lower());
    assertThat(run.get("correct").asInt()).isEqualTo(13);

    String md = Files.readString(tmp.resolve("report.md"));
    assertThat(md).contains("| Non-live AST (mean of 4) | 56.25% | 9 |")
        .contains("| Live AST (count-weighted) | " + BfclReportWriter.pct(4.0 / 46) + " * |")
        .contains("| simple_python | 3 | 4 | 4 | 75.00% |");
    // Tool-N1 Table 2: the same non-live, live by full sizes, overall their mean; incomplete like live AST.
    ToolN1Table2 paper = report.toolN1();
    double overall = (0.5625 + 4.0 / 46) / 2;
    assertThat(paper.overall().accuracy()).isCloseTo(overall, within(1e-12));
    assertThat(paper.overall().complete()).isFalse();
    assertThat(run.get("tool_n1_table2").get("non_live").get("accuracy").asDouble()).isEqualTo(0.5625);
    assertThat(run.get("tool_n1_table2").get("non_live").get("complete").asBoolean()).isTrue();
    assertThat(run.get("tool_n1_table2").get("overall").get("accuracy").asDouble()).isCloseTo(overall, within(1e-15));
    assertThat(run.get("tool_n1_table2").get("overall").get("complete").asBoolean()).isFalse();
    assertThat(md).contains("| Tool-N1 Table 2 | accuracy | items |")
        .contains("| Non-live AST (Tool-N1 Table 2) | 56.25% | 9 |")
        .contains("| Overall (Tool-N1 Table 2) | " + BfclReportWriter.pct(overall) + " * | 55 |");
    String html = Files.readString(tmp.resolve("report.html"));
    assertThat(html).contains("<table class=\"tool-n1\">")
        .contains("<td>Overall (Tool-N1 Table 2)</td><td>" + BfclReportWriter.pct(overall) + " *</td>");
    assertThat(html).startsWith("<!DOCTYPE html>").contains("56.25%").contains("62.50%")
        .contains("<td class=\"err\">type_error:simple</td>").doesNotContain("<script").doesNotContain("http");
    assertThat(files).hasSize(3);
  }

  @Test
  void aSubsetRunWeightsLiveCategoriesByTheirFullDatasetSizes() {
    Map<BfclCategory, int[]> table = new LinkedHashMap<>();
    table.put(BfclCategory.LIVE_SIMPLE, new int[] {1, 2});
    table.put(BfclCategory.LIVE_MULTIPLE, new int[] {3, 4});
    table.put(BfclCategory.LIVE_PARALLEL, new int[] {0, 2});
    table.put(BfclCategory.LIVE_PARALLEL_MULTIPLE, new int[] {2, 2});
    Map<String, Integer> sizes = Map.of("live_simple", 258, "live_multiple", 1053, "live_parallel", 16,
        "live_parallel_multiple", 24);
    BfclReport report = BfclReport.of("sample", Map.of(), verdicts(table), sizes);
    assertThat(report.subset()).isTrue();
    BfclLeaderboard.Aggregate live = report.aggregates().get("live_ast");
    assertThat(live.accuracy()).isCloseTo((0.5 * 258 + 0.75 * 1053 + 0 * 16 + 1.0 * 24) / (258 + 1053 + 16 + 24),
        within(1e-12));
    assertThat(live.totalCount()).isEqualTo(258 + 1053 + 16 + 24);
    assertThat(live.complete()).isTrue();
    // The plain leaderboard over the same counts weights by sample size: a different number.
    Map<String, BfclLeaderboard.CategoryResult> counts = new LinkedHashMap<>();
    table.forEach((c, n) -> counts.put(c.bfclName(), new BfclLeaderboard.CategoryResult(n[0], n[1])));
    assertThat(new BfclLeaderboard(counts, sizes).liveAst().accuracy()).isCloseTo(6.0 / 10, within(1e-12));
    assertThat(BfclLeaderboard.weightedByDatasetSize(counts, sizes).liveAst().accuracy())
        .isEqualTo(live.accuracy());
  }

  @Test
  void severalRunsAreComparedColumnByColumnAndPairedWithTheFirst() throws IOException {
    List<BfclItemResult> before = verdicts(TABLE);
    List<BfclItemResult> after = new ArrayList<>();
    for (BfclItemResult r : before) {
      // The later checkpoint fixes every live_irrelevance item.
      boolean fixed = r.category() == BfclCategory.LIVE_IRRELEVANCE;
      after.add(fixed ? new BfclItemResult(r.id(), r.category(), true, "", "ok", "r") : r);
    }
    BfclReport a = BfclReport.of("step-0", Map.of(), before, fullSizes());
    BfclReport b = BfclReport.of("step-200", Map.of(), after, fullSizes());
    BfclReportWriter.writeAll(List.of(a, b), tmp);

    String md = Files.readString(tmp.resolve("report.md"));
    assertThat(md).contains("| | step-0 | step-200 |")
        .contains("| live_irrelevance | 25.00% (4) | 100.00% (4) |")
        .contains("| Irrelevance (hallucination) | 62.50% | 100.00% |")
        // fixing irrelevance items moves no Tool-N1 Table 2 column
        .contains("| Overall (Tool-N1 Table 2) | " + BfclReportWriter.pct((0.5625 + 4.0 / 46) / 2) + " * | "
            + BfclReportWriter.pct((0.5625 + 4.0 / 46) / 2) + " * |")
        .contains("step-200 vs step-0: 21 shared items, +14.29 points (only step-0 right: 0, only step-200 right: 3), p = 0.25");
    String html = Files.readString(tmp.resolve("report.html"));
    assertThat(html).contains("<table id=\"comparison\">").contains("<th>step-0</th><th>step-200</th>");
    JsonNode json = Json.parse(Files.readString(tmp.resolve("report.json")));
    assertThat(json.get("runs")).hasSize(2);
    assertThat(json.get("paired_vs_first").get(0).get("only_run_correct").asInt()).isEqualTo(3);
    assertThat(json.get("paired_vs_first").get(0).get("p_value").asDouble()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void aFullRunWithThePaper7bCategoryAccuraciesReportsItsTable2Row() throws IOException {
    List<BfclItemResult> verdicts = new ArrayList<>();
    ToolN1Table2Test.paper7bRow().forEach((name, r) -> {
      BfclCategory c = BfclCategory.fromName(name);
      for (int i = 0; i < ToolN1Table2Test.FULL.get(name); i++) {
        boolean valid = i < r.correct();
        verdicts.add(new BfclItemResult(name + "_" + i, c, valid, valid ? "" : "value_error:string", "r", "r"));
      }
    });
    BfclReport report = BfclReport.of("tool-n1-7b", Map.of(), verdicts, ToolN1Table2Test.FULL);
    assertThat(report.subset()).isFalse();
    BfclReportWriter.writeAll(List.of(report), tmp);
    String md = Files.readString(tmp.resolve("report.md"));
    assertThat(md).contains("| Non-live AST (Tool-N1 Table 2) | 89.25% | 1000 |")
        .contains("| Live AST (Tool-N1 Table 2, full-size weights) | 80.38% | 1351 |")
        .contains("| Overall (Tool-N1 Table 2) | 84.82% | 2351 |");
    JsonNode paper = Json.parse(Files.readString(tmp.resolve("report.json"))).get("runs").get(0).get("tool_n1_table2");
    assertThat(paper.get("overall").get("complete").asBoolean()).isTrue();
    assertThat(Files.readString(tmp.resolve("report.html"))).contains("<td>Overall (Tool-N1 Table 2)</td><td>84.82%</td>");
  }

  @Test
  void labelsAndReasonsAreEscapedInHtml() {
    BfclItemResult bad = new BfclItemResult("x<1>", BfclCategory.MULTIPLE, false, "value_error:string",
        "value_error:string: expected '<b>'", "r");
    String html = BfclReportWriter.html(List.of(BfclReport.of("a&b", Map.of(), List.of(bad), Map.of())));
    assertThat(html).contains("a&amp;b").contains("x&lt;1&gt;").contains("&#39;&lt;b&gt;&#39;").doesNotContain("<b>");
  }
}
