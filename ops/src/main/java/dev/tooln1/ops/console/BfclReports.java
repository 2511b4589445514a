package dev.tooln1.ops.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.bfcl.BfclItemResult;
import dev.tooln1.activities.benchmarks.bfcl.BfclLeaderboard;
import dev.tooln1.activities.benchmarks.bfcl.BfclReport;
import dev.tooln1.activities.benchmarks.bfcl.BfclReportWriter;
import dev.tooln1.activities.benchmarks.bfcl.BfclResultsFile;
import dev.tooln1.activities.benchmarks.bfcl.ToolN1Table2;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.ops.console.ConsoleBackend.BfclReportView;
import dev.tooln1.ops.console.ConsoleBackend.Document;
import dev.tooln1.ops.console.EvalRecords.EvalRecord;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A campaign's BFCL reports, from two sources:
 *
 * <ul>
 *   <li>the campaign's own evaluations with BFCL categories: the summary inside
 *       {@code eval/<label>-step-NNNNNN.json} and the per-item verdicts beside it
 *       ({@code .bfcl.jsonl}), from which the HTML page of one checkpoint, and the comparison of all
 *       of them, are rendered on request by {@link BfclReportWriter};
 *   <li>folders that {@code tooln1 bfcl-eval --out} or {@code bfcl-report --out} wrote under
 *       {@code eval/} ({@code report.json} + {@code report.html}), served as written. One run is tied
 *       to the checkpoint its {@code model} names ({@code checkpoints/step-NNNNNN}) or, failing that,
 *       to a {@code step-N} in the folder's name; several runs are a comparison.
 * </ul>
 *
 * Files are served only from inside the campaign's {@code eval/} folder (after resolving symbolic
 * links), only as HTML, Markdown or JSON, and only up to a size limit.
 */
final class BfclReports {

  static final long MAX_SERVED_BYTES = 32L << 20;
  static final long MAX_RESULTS_BYTES = 64L << 20;
  static final String RESULTS_SUFFIX = ".bfcl.jsonl";
  /** Deep enough for {@code eval/bfcl/step-000020/report.json}. */
  private static final int MAX_DEPTH = 3;
  private static final Pattern STEP_IN_NAME = Pattern.compile("step-(\\d{1,9})(?!\\d)");
  private static final Pattern BASE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
  private static final Map<String, String> SERVED_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "md", "text/markdown; charset=utf-8",
      "json", "application/json");

  private final FileMemo<Optional<JsonNode>> folderReports = new FileMemo<>(1024);

  /** Every BFCL report of the campaign, per-checkpoint ones first, each in step order. */
  List<BfclReportView> list(String id, Path campaignDir, List<EvalRecord> evals) {
    List<BfclReportView> out = new ArrayList<>();
    Path eval = campaignDir.resolve("eval");
    int rendered = 0;
    for (EvalRecord r : evals) {
      if (r.bfcl() == null) {
        continue;
      }
      boolean hasResults = Files.isRegularFile(eval.resolve(r.base() + RESULTS_SUFFIX));
      rendered += hasResults ? 1 : 0;
      Headline headline = headline(r.bfcl());
      out.add(new BfclReportView(r.bfcl().path("label").asText(r.label()), r.step(), "campaign", 1,
          r.bfcl().path("items").canConvertToInt() ? r.bfcl().path("items").asInt() : null,
          headline.values(), headline.incomplete(), hasResults ? bfclUrl(id, r.base()) : null));
    }
    if (rendered >= 2) {
      out.add(new BfclReportView("all checkpoints", null, "campaign", rendered, null, Map.of(), List.of(),
          bfclUrl(id, ConsoleBackend.COMPARISON)));
    }
    out.addAll(folders(id, eval));
    out.sort(Comparator.comparing((BfclReportView v) -> v.step() == null ? 1 : 0)
        .thenComparing(v -> v.step() == null ? 0 : v.step()));
    return out;
  }

  private List<BfclReportView> folders(String id, Path eval) {
    List<BfclReportView> out = new ArrayList<>();
    if (!Files.isDirectory(eval)) {
      return out;
    }
    List<Path> reports;
    try (Stream<Path> walk = Files.walk(eval, MAX_DEPTH)) {
      reports = walk.filter(p -> p.getFileName().toString().equals("report.json") && Files.isRegularFile(p))
          .sorted().toList();
    } catch (IOException | RuntimeException e) {
      return out;
    }
    for (Path json : reports) {
      Optional<JsonNode> report;
      try {
        report = folderReports.get(json, List.of(json), () -> readReport(json));
      } catch (IOException e) {
        continue;
      }
      if (report.isEmpty()) {
        continue;
      }
      JsonNode runs = report.get().path("runs");
      Path folder = json.getParent();
      String relFolder = eval.relativize(folder).toString().replace('\\', '/');
      Path html = folder.resolve("report.html");
      String url = Files.isRegularFile(html) ? fileUrl(id, eval.relativize(html)) : null;
      if (runs.size() == 1) {
        JsonNode run = runs.get(0);
        Integer step = stepOf(run.path("provenance").path("model").asText(""), relFolder);
        String source = Files.exists(folder.resolve("results.jsonl")) ? "bfcl-eval" : "bfcl-report";
        Headline headline = headline(run);
        out.add(new BfclReportView(run.path("label").asText(relFolder), step, source, 1,
            run.path("items").canConvertToInt() ? run.path("items").asInt() : null, headline.values(),
            headline.incomplete(), url));
      } else {
        out.add(new BfclReportView(relFolder, null, "bfcl-report", runs.size(), null, Map.of(), List.of(), url));
      }
    }
    return out;
  }

  /** A report.json of bfcl-eval/bfcl-report: a {@code runs} array; empty if not one or too large. */
  private static Optional<JsonNode> readReport(Path json) {
    try {
      if (Files.size(json) > EvalRecords.MAX_REPORT_BYTES) {
        return Optional.empty();
      }
      JsonNode n = Json.parse(Files.readString(json, StandardCharsets.UTF_8));
      return n.path("runs").isArray() && n.path("runs").size() > 0 ? Optional.of(n) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The checkpoint a run evaluated: the step of the model folder it names when that is a checkpoint
   * ({@code .../step-NNNNNN}), else a {@code step-N} in the report folder's path, else unknown.
   */
  static Integer stepOf(String model, String relFolder) {
    if (!model.isEmpty()) {
      Path name = Path.of(model).getFileName();
      int step = name == null ? -1 : CampaignLayout.stepOf(name.toString());
      if (step >= 0) {
        return step;
      }
    }
    Matcher m = STEP_IN_NAME.matcher(relFolder);
    Integer found = null;
    while (m.find()) {
      found = Integer.parseInt(m.group(1)); // the innermost folder's step wins
    }
    return found;
  }

  /** A run's headline columns by key, and the keys of those that include a category not evaluated. */
  record Headline(Map<String, Double> values, List<String> incomplete) {}

  /** Prefix of the Tool-N1 Table 2 columns among a view's aggregates. */
  static final String TOOL_N1_PREFIX = "tool_n1_";

  /**
   * The leaderboard's aggregates of a run's JSON and the Tool-N1 Table 2 column. A report written
   * before that column existed has none recorded; it is then computed from the report's own
   * per-category counts and dataset sizes, by the same formulas as the report writer's. (Such a report
   * kept no size of a category it did not evaluate, which then weighs 0 instead of its size; the column
   * is marked incomplete in that case anyway.)
   */
  static Headline headline(JsonNode run) {
    Map<String, Double> values = new LinkedHashMap<>();
    List<String> incomplete = new ArrayList<>();
    addColumns(run.path("aggregates"), "", values, incomplete);
    JsonNode paper = run.path(BfclReportWriter.TOOL_N1_JSON);
    if (paper.isObject()) {
      addColumns(paper, TOOL_N1_PREFIX, values, incomplete);
    } else {
      recomputedToolN1(run).ifPresent(t -> t.columns().forEach((name, a) -> {
        values.put(TOOL_N1_PREFIX + name, a.accuracy());
        if (!a.complete()) {
          incomplete.add(TOOL_N1_PREFIX + name);
        }
      }));
    }
    return new Headline(values, incomplete);
  }

  private static void addColumns(JsonNode columns, String prefix, Map<String, Double> values,
      List<String> incomplete) {
    columns.fields().forEachRemaining(e -> {
      if (e.getValue().path("accuracy").isNumber()) {
        values.put(prefix + e.getKey(), e.getValue().path("accuracy").asDouble());
        if (e.getValue().path("complete").isBoolean() && !e.getValue().path("complete").asBoolean()) {
          incomplete.add(prefix + e.getKey());
        }
      }
    });
  }

  /** Table 2 from a run's category rows (correct, total, dataset_size); empty without usable rows. */
  private static Optional<ToolN1Table2> recomputedToolN1(JsonNode run) {
    Map<String, BfclLeaderboard.CategoryResult> counts = new LinkedHashMap<>();
    for (JsonNode c : run.path("categories")) {
      if (c.path("category").isTextual() && c.path("correct").canConvertToInt() && c.path("total").canConvertToInt()) {
        try {
          counts.put(c.path("category").asText(),
              new BfclLeaderboard.CategoryResult(c.path("correct").asInt(), c.path("total").asInt()));
        } catch (IllegalArgumentException e) {
          return Optional.empty(); // counts that cannot be: show nothing rather than a made-up column
        }
      }
    }
    return counts.isEmpty() ? Optional.empty() : Optional.of(ToolN1Table2.of(counts, datasetSizes(run)));
  }

  // --- pages ---

  /** The HTML page of one campaign evaluation's BFCL results, or of all of them compared. */
  Optional<Document> render(Path campaignDir, List<EvalRecord> evals, String name) throws IOException {
    if (!BASE_NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Path eval = campaignDir.resolve("eval");
    List<EvalRecord> chosen = new ArrayList<>();
    for (EvalRecord r : evals) {
      if (r.bfcl() != null && Files.isRegularFile(eval.resolve(r.base() + RESULTS_SUFFIX))
          && (name.equals(ConsoleBackend.COMPARISON) || name.equals(r.base()))) {
        chosen.add(r);
      }
    }
    if (chosen.isEmpty() || name.equals(ConsoleBackend.COMPARISON) && chosen.size() < 2) {
      return Optional.empty();
    }
    List<BfclReport> reports = new ArrayList<>();
    for (EvalRecord r : chosen) {
      Path results = eval.resolve(r.base() + RESULTS_SUFFIX);
      if (Files.size(results) > MAX_RESULTS_BYTES) {
        throw new IOException(results + " is larger than " + MAX_RESULTS_BYTES + " bytes; open it with "
            + "tooln1 bfcl-report instead");
      }
      List<BfclItemResult> items = new ArrayList<>(BfclResultsFile.read(results).values());
      reports.add(BfclReport.of(r.bfcl().path("label").asText(r.label()), provenance(r), items, datasetSizes(r.bfcl())));
    }
    return Optional.of(new Document(SERVED_TYPES.get("html"),
        BfclReportWriter.html(reports).getBytes(StandardCharsets.UTF_8)));
  }

  private static Map<String, String> provenance(EvalRecord r) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("step", Integer.toString(r.step()));
    if (r.checkpointUri() != null) {
      out.put("checkpoint", r.checkpointUri());
    }
    r.bfcl().path("provenance").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** The dataset sizes the campaign's evaluation weighted its aggregates by, as it recorded them. */
  private static Map<String, Integer> datasetSizes(JsonNode bfcl) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (JsonNode c : bfcl.path("categories")) {
      if (c.path("category").isTextual() && c.path("dataset_size").canConvertToInt()) {
        out.put(c.path("category").asText(), c.path("dataset_size").asInt());
      }
    }
    return out;
  }

  // --- files ---

  /** A report file under {@code <campaign>/eval/}; empty for anything outside it or not a report. */
  Optional<Document> file(Path campaignDir, String relative) throws IOException {
    Path eval = campaignDir.resolve("eval");
    if (relative == null || relative.isEmpty() || relative.indexOf('\0') >= 0 || !Files.isDirectory(eval)) {
      return Optional.empty();
    }
    Path target;
    try {
      target = eval.resolve(relative).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return Optional.empty();
    }
    if (!target.startsWith(eval) || target.equals(eval) || !Files.isRegularFile(target)) {
      return Optional.empty();
    }
    // A symbolic link inside eval/ must not lead outside it either.
    if (!target.toRealPath().startsWith(eval.toRealPath())) {
      return Optional.empty();
    }
    String name = target.getFileName().toString();
    String type = SERVED_TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
    if (type == null || Files.size(target) > MAX_SERVED_BYTES) {
      return Optional.empty();
    }
    return Optional.of(new Document(type, Files.readAllBytes(target)));
  }

  static String bfclUrl(String id, String name) {
    return "/campaigns/" + id + "/bfcl/" + name + ".html";
  }

  static String fileUrl(String id, Path relative) {
    StringBuilder sb = new StringBuilder("/campaigns/").append(id).append("/files");
    for (Path segment : relative) {
      sb.append('/').append(URLEncoder.encode(segment.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }
}
