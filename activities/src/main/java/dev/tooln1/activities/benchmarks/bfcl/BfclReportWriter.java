package dev.tooln1.activities.benchmarks.bfcl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.PairedComparison;
import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.bfcl.BfclCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one or several runs' reports as JSON, Markdown and a self-contained HTML page: per category,
 * BFCL's leaderboard aggregates, and the column of the Tool-N1 paper's Table 2 next to them. With
 * several runs (checkpoints of a campaign, or models) the Markdown and HTML add a comparison table
 * with one column per run, and each later run is compared with the first on their shared items by the
 * exact McNemar test ({@link PairedComparison}).
 */
public final class BfclReportWriter {

  /** Leaderboard columns and the names BFCL's table gives them. */
  public static final Map<String, String> AGGREGATE_TITLES = titles();

  /** The Tool-N1 Table 2 columns ({@link ToolN1Table2#columns()}) and their titles. */
  public static final Map<String, String> TOOL_N1_TITLES = toolN1Titles();

  /** Key of the Table 2 column in a run's JSON. */
  public static final String TOOL_N1_JSON = "tool_n1_table2";

  private static Map<String, String> toolN1Titles() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ToolN1Table2.NON_LIVE, "Non-live AST (Tool-N1 Table 2)");
    m.put(ToolN1Table2.LIVE, "Live AST (Tool-N1 Table 2, full-size weights)");
    m.put(ToolN1Table2.OVERALL, "Overall (Tool-N1 Table 2)");
    return m;
  }

  private static Map<String, String> titles() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("non_live_ast", "Non-live AST (mean of 4)");
    m.put("non_live_overall", "Non-live overall (with irrelevance)");
    m.put("live_ast", "Live AST (count-weighted)");
    m.put("live_overall", "Live overall (count-weighted)");
    m.put("irrelevance", "Irrelevance (hallucination)");
    m.put("relevance", "Relevance");
    return m;
  }

  private BfclReportWriter() {}

  /** Writes {@code report.json}, {@code report.md} and {@code report.html} into {@code dir}. */
  public static List<Path> writeAll(List<BfclReport> reports, Path dir) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("report.json");
      Path md = dir.resolve("report.md");
      Path html = dir.resolve("report.html");
      Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(reports)) + "\n",
          StandardCharsets.UTF_8);
      Files.writeString(md, markdown(reports), StandardCharsets.UTF_8);
      Files.writeString(html, html(reports), StandardCharsets.UTF_8);
      return List.of(json, md, html);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot write the report: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------------------- JSON

  public static ObjectNode json(List<BfclReport> reports) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode runs = root.putArray("runs");
    reports.forEach(r -> runs.add(json(r)));
    if (reports.size() > 1) {
      ArrayNode paired = root.putArray("paired_vs_first");
      for (int i = 1; i < reports.size(); i++) {
        PairedComparison pc = paired(reports.get(0), reports.get(i));
        ObjectNode o = paired.addObject();
        o.put("baseline", reports.get(0).label());
        o.put("run", reports.get(i).label());
        o.put("shared_items", pc.n());
        o.put("only_baseline_correct", pc.onlyA());
        o.put("only_run_correct", pc.onlyB());
        o.put("difference", pc.difference());
        o.put("p_value", pc.pValue());
      }
    }
    return root;
  }

  public static ObjectNode json(BfclReport r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("label", r.label());
    ObjectNode prov = o.putObject("provenance");
    r.provenance().forEach(prov::put);
    o.put("items", r.items().size());
    o.put("correct", r.correct());
    o.put("subset", r.subset());
    ArrayNode cats = o.putArray("categories");
    for (BfclReport.CategoryRow row : r.categories()) {
      ObjectNode c = cats.addObject();
      c.put("category", row.category().bfclName());
      c.put("correct", row.accuracy().correct());
      c.put("total", row.accuracy().n());
      c.put("dataset_size", row.datasetSize());
      c.put("accuracy", row.accuracy().accuracy());
      c.put("ci95_low", row.accuracy().lower());
      c.put("ci95_high", row.accuracy().upper());
      ObjectNode errors = c.putObject("error_types");
      row.errorTypes().forEach(errors::put);
    }
    ObjectNode aggs = o.putObject("aggregates");
    r.aggregates().forEach((name, a) -> put(aggs, name, a));
    ObjectNode paper = o.putObject(TOOL_N1_JSON);
    r.toolN1().columns().forEach((name, a) -> put(paper, name, a));
    return o;
  }

  private static void put(ObjectNode into, String name, BfclLeaderboard.Aggregate a) {
    ObjectNode n = into.putObject(name);
    n.put("accuracy", a.accuracy());
    n.put("count", a.totalCount());
    n.put("complete", a.complete());
  }

  // --------------------------------------------------------------------------------------- Markdown

  public static String markdown(List<BfclReport> reports) {
    StringBuilder sb = new StringBuilder("# BFCL evaluation\n\n");
    for (BfclReport r : reports) {
      sb.append("## ").append(r.label()).append("\n\n");
      r.provenance().forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
      sb.append("- items: ").append(r.items().size()).append(", correct: ").append(r.correct()).append('\n');
      if (r.subset()) {
        sb.append("- subset run: aggregates weight each category's sample accuracy by its full dataset size\n");
      }
      sb.append("\n| category | correct | total | dataset | accuracy | 95% CI | top error |\n");
      sb.append("|---|---:|---:|---:|---:|---|---|\n");
      for (BfclReport.CategoryRow row : r.categories()) {
        Proportion p = row.accuracy();
        sb.append("| ").append(row.category().bfclName()).append(" | ").append(p.correct()).append(" | ")
            .append(p.n()).append(" | ").append(row.datasetSize()).append(" | ").append(pct(p.accuracy()))
            .append(" | ").append(pct(p.lower())).append(" – ").append(pct(p.upper())).append(" | ")
            .append(row.errorTypes().isEmpty() ? "" : mdEscape(row.errorTypes().keySet().iterator().next())
                + " (" + row.errorTypes().values().iterator().next() + ")")
            .append(" |\n");
      }
      sb.append("\n| aggregate | accuracy | items |\n|---|---:|---:|\n");
      r.aggregates().forEach((name, a) -> sb.append("| ").append(AGGREGATE_TITLES.getOrDefault(name, name))
          .append(" | ").append(aggregate(a)).append(" | ").append(a.totalCount()).append(" |\n"));
      sb.append("\n| Tool-N1 Table 2 | accuracy | items |\n|---|---:|---:|\n");
      r.toolN1().columns().forEach((name, a) -> sb.append("| ").append(TOOL_N1_TITLES.get(name))
          .append(" | ").append(aggregate(a)).append(" | ").append(a.totalCount()).append(" |\n"));
      sb.append('\n');
    }
    if (reports.size() > 1) {
      sb.append("## Comparison\n\n| | ");
      reports.forEach(r -> sb.append(mdEscape(r.label())).append(" | "));
      sb.append("\n|---|");
      reports.forEach(r -> sb.append("---:|"));
      sb.append('\n');
      for (List<String> row : comparisonRows(reports)) {
        sb.append("| ").append(String.join(" | ", row)).append(" |\n");
      }
      sb.append("\nPaired with the first run on shared items (exact McNemar):\n\n");
      for (int i = 1; i < reports.size(); i++) {
        sb.append("- ").append(pairedLine(reports.get(0), reports.get(i))).append('\n');
      }
      sb.append('\n');
    }
    sb.append("Aggregates follow BFCL's leaderboard: non-live AST is the unweighted mean of simple_python, "
        + "multiple, parallel and parallel_multiple; live AST the count-weighted mean of the four live AST "
        + "categories; irrelevance the unweighted mean of irrelevance and live_irrelevance. "
        + TOOL_N1_NOTE + " "
        + "* marks an aggregate with a category not evaluated (counted as 0, as BFCL does).\n");
    return sb.toString();
  }

  private static final String TOOL_N1_NOTE = "The Tool-N1 Table 2 column is the paper's BFCL column: "
      + "non-live AST as above, live AST weighted by each category's full dataset size, overall the mean "
      + "of the two.";

  /** Rows of the comparison table: categories, then aggregates, then Tool-N1 Table 2; first cell the row name. */
  static List<List<String>> comparisonRows(List<BfclReport> reports) {
    Set<BfclCategory> seen = EnumSet.noneOf(BfclCategory.class);
    reports.forEach(r -> r.categories().forEach(c -> seen.add(c.category())));
    List<List<String>> rows = new ArrayList<>();
    for (BfclCategory c : seen) {
      List<String> row = new ArrayList<>();
      row.add(c.bfclName());
      for (BfclReport r : reports) {
        row.add(r.row(c).map(x -> pct(x.accuracy().accuracy()) + " (" + x.accuracy().n() + ")").orElse("–"));
      }
      rows.add(row);
    }
    for (String name : AGGREGATE_TITLES.keySet()) {
      List<String> row = new ArrayList<>();
      row.add(AGGREGATE_TITLES.get(name));
      for (BfclReport r : reports) {
        BfclLeaderboard.Aggregate a = r.aggregates().get(name);
        row.add(a == null ? "–" : aggregate(a));
      }
      rows.add(row);
    }
    for (Map.Entry<String, String> name : TOOL_N1_TITLES.entrySet()) {
      List<String> row = new ArrayList<>();
      row.add(name.getValue());
      for (BfclReport r : reports) {
        row.add(aggregate(r.toolN1().columns().get(name.getKey())));
      }
      rows.add(row);
    }
    return rows;
  }

  static PairedComparison paired(BfclReport baseline, BfclReport run) {
    Map<String, Boolean> a = baseline.validById();
    Map<String, Boolean> b = run.validById();
    List<Boolean> va = new ArrayList<>();
    List<Boolean> vb = new ArrayList<>();
    a.forEach((id, v) -> {
      Boolean other = b.get(id);
      if (other != null) {
        va.add(v);
        vb.add(other);
      }
    });
    return PairedComparison.of(va, vb);
  }

  private static String pairedLine(BfclReport baseline, BfclReport run) {
    PairedComparison pc = paired(baseline, run);
    return String.format(Locale.ROOT, "%s vs %s: %d shared items, %+.2f points (only %s right: %d, only %s right: %d), p = %.4g",
        run.label(), baseline.label(), pc.n(), 100 * pc.difference(), baseline.label(), pc.onlyA(), run.label(),
        pc.onlyB(), pc.pValue());
  }

  // ------------------------------------------------------------------------------------------- HTML

  public static String html(List<BfclReport> reports) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>BFCL evaluation</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0.5em 0 1.5em}")
        .append("th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}th:first-child,td:first-child{text-align:left}")
        .append("th{background:#f0f0f0}td.err{text-align:left;font-family:monospace;font-size:0.85em}")
        .append(".bar{display:inline-block;height:0.7em;background:#4a7;vertical-align:middle;margin-right:0.4em}")
        .append("caption{text-align:left;font-weight:bold;padding:0.3em 0}\n</style></head><body>\n")
        .append("<h1>BFCL evaluation</h1>\n");
    if (reports.size() > 1) {
      sb.append("<h2>Comparison</h2>\n<table id=\"comparison\"><tr><th></th>");
      reports.forEach(r -> sb.append("<th>").append(esc(r.label())).append("</th>"));
      sb.append("</tr>\n");
      for (List<String> row : comparisonRows(reports)) {
        sb.append("<tr>");
        row.forEach(cell -> sb.append("<td>").append(esc(cell)).append("</td>"));
        sb.append("</tr>\n");
      }
      sb.append("</table>\n<ul>\n");
      for (int i = 1; i < reports.size(); i++) {
        sb.append("<li>").append(esc(pairedLine(reports.get(0), reports.get(i)))).append("</li>\n");
      }
      sb.append("</ul>\n");
    }
    for (BfclReport r : reports) {
      sb.append("<h2>").append(esc(r.label())).append("</h2>\n<ul>\n");
      r.provenance().forEach((k, v) -> sb.append("<li>").append(esc(k)).append(": ").append(esc(v)).append("</li>\n"));
      sb.append("<li>items: ").append(r.items().size()).append(", correct: ").append(r.correct()).append("</li>\n");
      if (r.subset()) {
        sb.append("<li>subset run: aggregates weight each category's sample accuracy by its full dataset size</li>\n");
      }
      sb.append("</ul>\n<table class=\"aggregates\"><caption>Leaderboard aggregates</caption>")
          .append("<tr><th>aggregate</th><th>accuracy</th><th>items</th></tr>\n");
      r.aggregates().forEach((name, a) -> sb.append("<tr><td>").append(esc(AGGREGATE_TITLES.getOrDefault(name, name)))
          .append("</td><td>").append(esc(aggregate(a))).append("</td><td>").append(a.totalCount()).append("</td></tr>\n"));
      sb.append("</table>\n<table class=\"tool-n1\"><caption>Tool-N1 Table 2 (the paper's BFCL column)</caption>")
          .append("<tr><th>column</th><th>accuracy</th><th>items</th></tr>\n");
      r.toolN1().columns().forEach((name, a) -> sb.append("<tr><td>").append(esc(TOOL_N1_TITLES.get(name)))
          .append("</td><td>").append(esc(aggregate(a))).append("</td><td>").append(a.totalCount()).append("</td></tr>\n"));
      sb.append("</table>\n<table class=\"categories\"><caption>Per category</caption>")
          .append("<tr><th>category</th><th>accuracy</th><th>95% CI</th><th>correct</th><th>total</th><th>dataset</th></tr>\n");
      for (BfclReport.CategoryRow row : r.categories()) {
        Proportion p = row.accuracy();
        sb.append("<tr><td>").append(row.category().bfclName()).append("</td><td><span class=\"bar\" style=\"width:")
            .append(Math.round(60 * p.accuracy())).append("px\"></span>").append(pct(p.accuracy())).append("</td><td>")
            .append(pct(p.lower())).append(" – ").append(pct(p.upper())).append("</td><td>").append(p.correct())
            .append("</td><td>").append(p.n()).append("</td><td>").append(row.datasetSize()).append("</td></tr>\n");
      }
      sb.append("</table>\n");
      for (BfclReport.CategoryRow row : r.categories()) {
        if (row.errorTypes().isEmpty()) {
          continue;
        }
        sb.append("<table class=\"errors\"><caption>").append(esc(row.category().bfclName()))
            .append(": errors</caption><tr><th>error type</th><th>items</th></tr>\n");
        row.errorTypes().forEach((type, n) -> sb.append("<tr><td class=\"err\">").append(esc(type)).append("</td><td>")
            .append(n).append("</td></tr>\n"));
        sb.append("<tr><th>first failing items</th><th></th></tr>\n");
        for (BfclItemResult f : row.failures()) {
          sb.append("<tr><td class=\"err\">").append(esc(f.id())).append(": ").append(esc(abbreviate(f.reason(), 300)))
              .append("</td><td></td></tr>\n");
        }
        sb.append("</table>\n");
      }
    }
    sb.append("<p>Aggregates follow BFCL's leaderboard formulas. ").append(esc(TOOL_N1_NOTE))
        .append(" * marks an aggregate that includes a category not evaluated (counted as 0, as BFCL does).</p>\n")
        .append("</body></html>\n");
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------- helpers

  static String pct(double x) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * x);
  }

  private static String aggregate(BfclLeaderboard.Aggregate a) {
    return pct(a.accuracy()) + (a.complete() ? "" : " *");
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static String mdEscape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
