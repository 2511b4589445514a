package dev.tooln1.activities.campaign.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.PairedComparison;
import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The held-out accuracy of a campaign's starting policy (its {@code baseline} evaluation, after any
 * SFT warm-up) against its last evaluated checkpoint, read from the campaign's {@code eval/}
 * reports: both accuracies with their Wilson intervals and, when both reports carry per-task
 * verdicts on the same eval set, the exact McNemar test on the tasks where they disagree.
 *
 * @param paired empty when the reports cannot be paired (older reports, different eval sets)
 */
public record HeldOutComparison(int baselineStep, Proportion baseline, int finalStep, String finalLabel,
    Proportion last, Optional<PairedComparison> paired, Optional<Kinds> baselineKinds, Optional<Kinds> lastKinds) {

  /** Accuracy on the tasks that need a call and on those where no tool fits. */
  public record Kinds(Proportion call, Proportion noCall) {
    static Optional<Kinds> of(JsonNode report) {
      JsonNode k = report.get("by_kind");
      if (k == null) {
        return Optional.empty();
      }
      return Optional.of(new Kinds(
          Proportion.of(k.path("call").path("correct").asInt(), k.path("call").path("examples").asInt()),
          Proportion.of(k.path("no_call").path("correct").asInt(), k.path("no_call").path("examples").asInt())));
    }
  }

  private static final Pattern REPORT = Pattern.compile("([A-Za-z0-9._-]+)-step-(\\d{6})\\.json");

  /** Reads {@code <campaignDir>/eval}; empty if there is no baseline or no later evaluation. */
  public static Optional<HeldOutComparison> read(Path campaignDir) throws IOException {
    Path evalDir = campaignDir.resolve("eval");
    if (!Files.isDirectory(evalDir)) {
      return Optional.empty();
    }
    Path baseline = evalDir.resolve("baseline-" + CampaignLayout.stepName(0) + ".json");
    if (!Files.isRegularFile(baseline)) {
      return Optional.empty();
    }
    // The latest step's report; at equal steps "final" is the campaign's own closing evaluation.
    Path latest = null;
    int latestStep = 0;
    String latestLabel = null;
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(evalDir, "*.json")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    for (Path f : files) {
      Matcher m = REPORT.matcher(f.getFileName().toString());
      if (!m.matches() || m.group(1).equals("baseline")) {
        continue;
      }
      int step = Integer.parseInt(m.group(2));
      if (step > latestStep || (step == latestStep && latest != null && m.group(1).equals("final"))) {
        latest = f;
        latestStep = step;
        latestLabel = m.group(1);
      }
    }
    if (latest == null) {
      return Optional.empty();
    }
    JsonNode a = Json.MAPPER.readTree(Files.readString(baseline));
    JsonNode b = Json.MAPPER.readTree(Files.readString(latest));
    Optional<PairedComparison> paired = Optional.empty();
    String va = a.path("verdicts").asText("");
    String vb = b.path("verdicts").asText("");
    if (!va.isEmpty() && va.length() == vb.length()
        && a.path("eval_set").asText().equals(b.path("eval_set").asText())) {
      paired = Optional.of(PairedComparison.of(bits(va), bits(vb)));
    }
    return Optional.of(new HeldOutComparison(0, proportion(a), latestStep, latestLabel, proportion(b), paired,
        Kinds.of(a), Kinds.of(b)));
  }

  private static Proportion proportion(JsonNode report) {
    return Proportion.of(report.path("correct").asInt(), report.path("examples").asInt());
  }

  private static List<Boolean> bits(String verdicts) {
    return verdicts.chars().mapToObj(c -> c == '1').toList();
  }

  /** A few lines for a terminal: both accuracies, the paired test and what it supports. */
  public List<String> describe(String baselineName, String finalName) {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "held-out accuracy (n = %d, greedy, 95%% Wilson intervals):", last.n()));
    out.add(String.format(Locale.ROOT, "  %-28s %5.1f%%  [%4.1f, %4.1f]", baselineName + " (step " + baselineStep + ")",
        100 * baseline.accuracy(), 100 * baseline.lower(), 100 * baseline.upper()));
    out.add(String.format(Locale.ROOT, "  %-28s %5.1f%%  [%4.1f, %4.1f]", finalName + " (step " + finalStep + ")",
        100 * last.accuracy(), 100 * last.lower(), 100 * last.upper()));
    if (baselineKinds.isPresent() && lastKinds.isPresent()) {
      Kinds a = baselineKinds.get();
      Kinds b = lastKinds.get();
      out.add(String.format(Locale.ROOT, "  tasks that need a call (%d):   %5.1f%% -> %5.1f%%", b.call().n(),
          100 * a.call().accuracy(), 100 * b.call().accuracy()));
      out.add(String.format(Locale.ROOT, "  tasks where no tool fits (%d): %5.1f%% -> %5.1f%%", b.noCall().n(),
          100 * a.noCall().accuracy(), 100 * b.noCall().accuracy()));
    }
    paired.ifPresent(p -> {
      out.add(String.format(Locale.ROOT,
          "  paired on the same %d tasks (exact McNemar): %d right only after, %d right only before; "
              + "%+.1f points, p = %s", p.n(), p.onlyB(), p.onlyA(), 100 * p.difference(), pValue(p.pValue())));
      out.add(p.pValue() < 0.05
          ? String.format(Locale.ROOT, "  => %s is %s %s (significant at 5%%)", finalName,
              p.difference() > 0 ? "above" : "below", baselineName)
          : String.format(Locale.ROOT, "  => no significant difference between %s and %s at 5%%", finalName,
              baselineName));
    });
    return out;
  }

  private static String pValue(double p) {
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }
}
