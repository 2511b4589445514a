package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes one or several API-Bank runs' reports as JSON, Markdown and a self-contained HTML page (no
 * script, no external resource; every text from the data or the model is escaped). With several runs
 * (checkpoints of a campaign, or models) each later run is compared with the first on the samples both
 * judged ({@link ApiBankComparison}), and the Markdown and HTML add a table with one column per run.
 */
public final class ApiBankReportWriter {

  static final String TITLE = "API-Bank level-1 (call) evaluation";

  /** Failing samples listed per run. */
  static final int EXAMPLES = 10;

  private ApiBankReportWriter() {}

  /** Writes {@code report.json}, {@code report.md} and {@code report.html} into {@code dir}. */
  public static List<Path> writeAll(List<ApiBankRunReport> reports, Path dir) {
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

  static List<ApiBankComparison> comparisons(List<ApiBankRunReport> reports) {
    List<ApiBankComparison> out = new ArrayList<>();
    for (int i = 1; i < reports.size(); i++) {
      out.add(ApiBankComparison.of(reports.get(0), reports.get(i)));
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------- JSON

  /** {@code {"benchmark", "runs": [...], "paired_vs_first": [...]}} (the last only with several runs). */
  public static ObjectNode json(List<ApiBankRunReport> reports) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("benchmark", TITLE);
    ArrayNode runs = root.putArray("runs");
    reports.forEach(r -> runs.add(json(r)));
    if (reports.size() > 1) {
      ArrayNode paired = root.putArray("paired_vs_first");
      for (ApiBankComparison c : comparisons(reports)) {
        ObjectNode o = paired.addObject();
        o.put("baseline", c.baseline());
        o.put("run", c.run());
        o.put("shared_samples", c.paired().n());
        o.put("baseline_correct", c.baselineOnShared().correct());
        o.put("run_correct", c.runOnShared().correct());
        o.put("only_baseline_correct", c.paired().onlyA());
        o.put("only_run_correct", c.paired().onlyB());
        o.put("difference", c.paired().difference());
        o.put("p_value", c.paired().pValue());
      }
    }
    return root;
  }

  /** One run: scope, scores with intervals, failure kinds, and every judged sample's verdict. */
  public static ObjectNode json(ApiBankRunReport r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("label", r.label());
    ObjectNode prov = o.putObject("provenance");
    r.provenance().forEach(prov::put);
    ObjectNode scope = o.putObject("scope");
    scope.put("subset", r.scope().name());
    scope.put("description", r.scope().description());
    scope.put("scored_over", r.scope().samples());
    scope.put("whole_set", r.scope().wholeSet());
    scope.put("full_set_size", r.scope().fullSetSize());
    o.put("n", r.overall().n());
    o.put("judged", r.judged());
    o.put("missing", r.missing());
    o.set("overall", score(r.overall()));
    ObjectNode subsets = o.putObject("subsets");
    r.subsets().forEach((k, v) -> subsets.set(k, score(v)));
    ObjectNode apis = o.putObject("per_api");
    r.perApi().forEach((k, v) -> apis.set(k, score(v)));
    ObjectNode failures = o.putObject("failures");
    r.failures().forEach(failures::put);
    ArrayNode items = o.putArray("items");
    for (ApiBankItemResult it : r.items()) {
      ObjectNode i = items.addObject();
      i.put("sample", it.sample());
      i.put("api", it.api());
      i.put("correct", it.correct());
      i.put("reason", it.reason());
      i.put("call", it.call());
      i.put("result", it.result());
    }
    return o;
  }

  private static ObjectNode score(Proportion p) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("correct", p.correct());
    o.put("total", p.n());
    o.put("accuracy", p.accuracy());
    o.put("ci95_low", p.lower());
    o.put("ci95_high", p.upper());
    return o;
  }

  // ------------------------------------------------------------------------------------------- text

  /** A few lines for a terminal: overall and subsets with intervals, what the score is over, then per API. */
  public static String summary(ApiBankRunReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "API-Bank level-1 call accuracy: %s%n", r.overall()));
    sb.append("  scored over ").append(r.scope().description()).append("; ").append(r.judged()).append(" judged");
    if (r.missing() > 0) {
      sb.append(", ").append(r.missing()).append(" without a response (counted wrong)");
    }
    sb.append(String.format("%n"));
    if (!r.scope().wholeSet()) {
      sb.append(String.format("  not the whole level-1 set: not comparable with scores on all %d samples%n",
          r.scope().fullSetSize()));
    }
    r.subsets().forEach((k, p) -> sb.append(String.format(Locale.ROOT, "  %-14s %s%n", k, p)));
    sb.append(String.format("  per API:%n"));
    r.perApi().forEach((api, p) -> sb.append(String.format(Locale.ROOT, "    %-24s %3d/%-3d%n", api, p.correct(), p.n())));
    return sb.toString();
  }

  // --------------------------------------------------------------------------------------- Markdown

  public static String markdown(List<ApiBankRunReport> reports) {
    StringBuilder sb = new StringBuilder("# ").append(TITLE).append("\n\n");
    for (ApiBankRunReport r : reports) {
      sb.append("## ").append(md(r.label())).append("\n\n");
      r.provenance().forEach((k, v) -> sb.append("- ").append(md(k)).append(": ").append(md(shown(v))).append('\n'));
      sb.append("- scored over ").append(md(r.scope().description())).append("; ").append(r.judged())
          .append(" judged");
      if (r.missing() > 0) {
        sb.append(", ").append(r.missing()).append(" without a result (counted wrong)");
      }
      sb.append('\n');
      if (!r.scope().wholeSet()) {
        sb.append("- not the whole level-1 set: not comparable with scores on all ").append(r.scope().fullSetSize())
            .append(" samples\n");
      }
      sb.append("\n| set | correct | total | accuracy | 95% CI |\n|---|---:|---:|---:|---|\n");
      for (Map.Entry<String, Proportion> row : scoreRows(r).entrySet()) {
        Proportion p = row.getValue();
        sb.append("| ").append(md(row.getKey())).append(" | ").append(p.correct()).append(" | ").append(p.n())
            .append(" | ").append(pct(p.accuracy())).append(" | ").append(interval(p)).append(" |\n");
      }
      if (!r.failures().isEmpty()) {
        sb.append("\n| failure | samples |\n|---|---:|\n");
        r.failures().forEach((k, n) -> sb.append("| ").append(md(k)).append(" | ").append(n).append(" |\n"));
      }
      sb.append("\n| API | correct | total | accuracy |\n|---|---:|---:|---:|\n");
      r.perApi().forEach((api, p) -> sb.append("| ").append(md(api)).append(" | ").append(p.correct()).append(" | ")
          .append(p.n()).append(" | ").append(pct(p.accuracy())).append(" |\n"));
      sb.append('\n');
    }
    if (reports.size() > 1) {
      sb.append("## Comparison\n\n| | ");
      reports.forEach(r -> sb.append(md(r.label())).append(" | "));
      sb.append("\n|---|");
      reports.forEach(r -> sb.append("---:|"));
      sb.append('\n');
      for (List<String> row : comparisonRows(reports)) {
        sb.append("| ").append(String.join(" | ", row.stream().map(ApiBankReportWriter::md).toList())).append(" |\n");
      }
      sb.append("\nPaired with the first run on the samples both judged (exact McNemar):\n\n");
      comparisons(reports).forEach(c -> sb.append("- ").append(md(c.summary())).append('\n'));
      sb.append('\n');
    }
    sb.append("Judged by executing each call as API-Bank's official evaluator does; a sample without a result counts "
        + "as wrong. Gold calls themselves score 347/399 under this checking (see activities/README.md).\n");
    return sb.toString();
  }

  /** Overall and the two subsets, by row name. */
  private static Map<String, Proportion> scoreRows(ApiBankRunReport r) {
    Map<String, Proportion> rows = new LinkedHashMap<>();
    rows.put("overall", r.overall());
    r.subsets().forEach((k, v) -> rows.put(k + " (" + ApiBankSubsets.describe(k) + ")", v));
    return rows;
  }

  /** Rows of the comparison table: overall, subsets, then every API any run has; first cell the row name. */
  static List<List<String>> comparisonRows(List<ApiBankRunReport> reports) {
    List<List<String>> rows = new ArrayList<>();
    List<String> overall = new ArrayList<>(List.of("overall"));
    reports.forEach(r -> overall.add(cell(r.overall())));
    rows.add(overall);
    for (String subset : List.of(ApiBankSubsets.FIRST_CALL, ApiBankSubsets.ONE_USER_TURN)) {
      List<String> row = new ArrayList<>(List.of(subset));
      reports.forEach(r -> row.add(r.subsets().containsKey(subset) ? cell(r.subsets().get(subset)) : "–"));
      rows.add(row);
    }
    Set<String> apis = new LinkedHashSet<>();
    reports.forEach(r -> apis.addAll(r.perApi().keySet()));
    for (String api : apis.stream().sorted().toList()) {
      List<String> row = new ArrayList<>(List.of(api));
      reports.forEach(r -> row.add(r.perApi().containsKey(api) ? cell(r.perApi().get(api)) : "–"));
      rows.add(row);
    }
    return rows;
  }

  private static String cell(Proportion p) {
    return pct(p.accuracy()) + " (" + p.correct() + "/" + p.n() + ")";
  }

  // ------------------------------------------------------------------------------------------- HTML

  public static String html(List<ApiBankRunReport> reports) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(TITLE))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:0.5em 0 1.5em}")
        .append("th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}th:first-child,td:first-child{text-align:left}")
        .append("th{background:#f0f0f0}td.text{text-align:left;font-family:monospace;font-size:0.85em;max-width:60em;")
        .append("overflow-wrap:anywhere}.bar{display:inline-block;height:0.7em;background:#4a7;vertical-align:middle;")
        .append("margin-right:0.4em}caption{text-align:left;font-weight:bold;padding:0.3em 0}.warn{color:#a40}\n")
        .append("</style></head><body>\n<h1>").append(esc(TITLE)).append("</h1>\n");
    if (reports.size() > 1) {
      sb.append("<h2>Comparison</h2>\n<table id=\"comparison\"><tr><th></th>");
      reports.forEach(r -> sb.append("<th>").append(esc(r.label())).append("</th>"));
      sb.append("</tr>\n");
      for (List<String> row : comparisonRows(reports)) {
        sb.append("<tr>");
        row.forEach(cell -> sb.append("<td>").append(esc(cell)).append("</td>"));
        sb.append("</tr>\n");
      }
      sb.append("</table>\n<ul id=\"paired\">\n");
      comparisons(reports).forEach(c -> sb.append("<li>").append(esc(c.summary())).append("</li>\n"));
      sb.append("</ul>\n");
    }
    for (ApiBankRunReport r : reports) {
      sb.append("<h2>").append(esc(r.label())).append("</h2>\n<ul>\n");
      r.provenance().forEach((k, v) -> sb.append("<li>").append(esc(k)).append(": ").append(esc(shown(v))).append("</li>\n"));
      sb.append("<li>scored over ").append(esc(r.scope().description())).append("; ").append(r.judged()).append(" judged");
      if (r.missing() > 0) {
        sb.append(", ").append(r.missing()).append(" without a result (counted wrong)");
      }
      sb.append("</li>\n");
      if (!r.scope().wholeSet()) {
        sb.append("<li class=\"warn\">not the whole level-1 set: not comparable with scores on all ")
            .append(r.scope().fullSetSize()).append(" samples</li>\n");
      }
      sb.append("</ul>\n<table class=\"scores\"><caption>Accuracy</caption>")
          .append("<tr><th>set</th><th>accuracy</th><th>95% CI</th><th>correct</th><th>total</th></tr>\n");
      for (Map.Entry<String, Proportion> row : scoreRows(r).entrySet()) {
        Proportion p = row.getValue();
        sb.append("<tr><td>").append(esc(row.getKey())).append("</td><td>").append(bar(p)).append("</td><td>")
            .append(esc(interval(p))).append("</td><td>").append(p.correct()).append("</td><td>").append(p.n())
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
      if (!r.failures().isEmpty()) {
        sb.append("<table class=\"failures\"><caption>Failures</caption><tr><th>kind</th><th>samples</th></tr>\n");
        r.failures().forEach((k, n) -> sb.append("<tr><td>").append(esc(k)).append("</td><td>").append(n)
            .append("</td></tr>\n"));
        sb.append("</table>\n");
      }
      sb.append("<table class=\"apis\"><caption>Per API</caption>")
          .append("<tr><th>API</th><th>accuracy</th><th>95% CI</th><th>correct</th><th>total</th></tr>\n");
      r.perApi().forEach((api, p) -> sb.append("<tr><td>").append(esc(api)).append("</td><td>").append(bar(p))
          .append("</td><td>").append(esc(interval(p))).append("</td><td>").append(p.correct()).append("</td><td>")
          .append(p.n()).append("</td></tr>\n"));
      sb.append("</table>\n");
      List<ApiBankItemResult> failing = r.items().stream().filter(i -> !i.correct()).limit(EXAMPLES).toList();
      if (!failing.isEmpty()) {
        sb.append("<table class=\"examples\"><caption>First failing samples</caption>")
            .append("<tr><th>sample</th><th>call judged</th><th>reason</th></tr>\n");
        for (ApiBankItemResult f : failing) {
          sb.append("<tr><td class=\"text\">").append(esc(f.sample())).append("</td><td class=\"text\">")
              .append(esc(f.call() == null ? "" : f.call())).append("</td><td class=\"text\">")
              .append(esc(abbreviate(f.reason(), 300))).append("</td></tr>\n");
        }
        sb.append("</table>\n");
      }
    }
    sb.append("<p>Judged by executing each call as API-Bank's official evaluator does; a sample without a result "
        + "counts as wrong. Gold calls themselves score 347/399 under this checking.</p>\n</body></html>\n");
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------- helpers

  static String pct(double x) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * x);
  }

  private static String interval(Proportion p) {
    return pct(p.lower()) + " – " + pct(p.upper());
  }

  private static String bar(Proportion p) {
    return "<span class=\"bar\" style=\"width:" + Math.round(60 * p.accuracy()) + "px\"></span>" + pct(p.accuracy());
  }

  /** A provenance value; an empty one (a setting that does not apply) says so. */
  private static String shown(String v) {
    return v == null || v.isEmpty() ? "(none)" : v;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /** Markdown table cells: a pipe would split the cell, a newline the row. */
  private static String md(String s) {
    return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
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
