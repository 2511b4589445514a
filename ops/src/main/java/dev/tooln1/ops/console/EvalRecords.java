package dev.tooln1.ops.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.ops.console.ConsoleBackend.EvalPoint;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The evaluation reports a campaign wrote, {@code eval/<label>-step-NNNNNN.json} (held-out accuracy,
 * its counts and interval, and a BFCL summary when the campaign evaluates on BFCL). Only complete
 * reports (with their {@code .sha256} sidecar) of bounded size are read; each is parsed once.
 */
final class EvalRecords {

  /** An evaluation report's figures. {@code bfcl} is its BFCL summary object, or null. */
  record EvalRecord(String base, int step, String label, EvalPoint point, String checkpointUri,
      String checkpointSha256, JsonNode bfcl) {}

  static final long MAX_REPORT_BYTES = 4 << 20;
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)-step-(\\d{6,})\\.json");

  private final FileMemo<Optional<EvalRecord>> memo = new FileMemo<>(4096);

  /** The campaign's readable evaluation reports, by step, then label. */
  List<EvalRecord> read(Path campaignDir) {
    Path dir = campaignDir.resolve("eval");
    List<EvalRecord> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*-step-*.json")) {
      for (Path f : files) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        if (m.matches() && RecentSamples.complete(f)) {
          String base = f.getFileName().toString().replaceFirst("\\.json$", "");
          int step = Integer.parseInt(m.group(2));
          String label = m.group(1);
          memo.get(f, List.of(f), () -> parse(f, base, step, label)).ifPresent(out::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unlistable folder shows as no evaluations; the campaign itself is unaffected
    }
    out.sort(Comparator.comparingInt(EvalRecord::step).thenComparing(EvalRecord::label));
    return out;
  }

  /** Empty when the file is too large or not an evaluation report. */
  static Optional<EvalRecord> parse(Path file, String base, int step, String label) {
    try {
      if (Files.size(file) > MAX_REPORT_BYTES) {
        return Optional.empty();
      }
      JsonNode r = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (!r.path("accuracy").isNumber()) {
        return Optional.empty();
      }
      return Optional.of(new EvalRecord(base, step, label, point(step, label, r),
          r.path("checkpoint").isTextual() ? r.path("checkpoint").asText() : null,
          r.path("checkpoint_sha256").isTextual() ? r.path("checkpoint_sha256").asText() : null,
          r.path("bfcl").isObject() ? r.get("bfcl") : null));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Accuracy with n and the 95% Wilson interval as far as the report says: the interval recorded
   * in it, else computed from its counts; without n, accuracy alone.
   */
  static EvalPoint point(int step, String label, JsonNode r) {
    double accuracy = r.path("accuracy").asDouble();
    Integer n = r.path("examples").canConvertToInt() ? r.path("examples").asInt() : null;
    Double lower = r.path("ci95_low").isNumber() ? r.path("ci95_low").asDouble() : null;
    Double upper = r.path("ci95_high").isNumber() ? r.path("ci95_high").asDouble() : null;
    if ((lower == null || upper == null) && n != null && n > 0) {
      Integer correct = r.path("correct").canConvertToInt() ? r.path("correct").asInt() : countOf(accuracy, n);
      if (correct != null && correct >= 0 && correct <= n) {
        Proportion p = Proportion.of(correct, n);
        lower = p.lower();
        upper = p.upper();
      }
    }
    if (lower == null || upper == null) {
      lower = null;
      upper = null;
    }
    return new EvalPoint(step, label, accuracy, lower, upper, n);
  }

  /** The number of correct tasks that an accuracy of {@code n} tasks stands for, if it is whole. */
  static Integer countOf(double accuracy, int n) {
    double c = accuracy * n;
    long r = Math.round(c);
    return Math.abs(c - r) < 1e-6 ? (int) r : null;
  }
}
