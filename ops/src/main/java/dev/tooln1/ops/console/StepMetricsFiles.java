package dev.tooln1.ops.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.ops.console.ConsoleBackend.StepPoint;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The step history a campaign keeps on disk: {@code metrics/step-NNNNNN.json}, written by the update
 * of each GRPO step (mean reward, format-valid rate, KL, response length, the update's seconds). The
 * charts fall back to it when the workflow has no history, e.g. a campaign LOST when the embedded
 * Temporal server restarted. Bounded: only the newest {@code limit} complete files (with their
 * {@code .sha256} sidecar) are read, each parsed once. The files do not record rollout and scoring
 * times, so those stay unknown (null) rather than invented.
 */
final class StepMetricsFiles {

  static final int DEFAULT_LIMIT = 300;
  static final long MAX_FILE_BYTES = 1 << 20;
  private static final Pattern NAME = Pattern.compile("step-(\\d{6,})\\.json");

  private final int limit;
  private final FileMemo<Optional<StepPoint>> memo = new FileMemo<>(8192);

  StepMetricsFiles(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be > 0, got " + limit);
    }
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  /** The newest {@code limit} readable steps, oldest first; empty when there are none. */
  List<StepPoint> read(Path campaignDir) {
    TreeMap<Integer, Path> files = new TreeMap<>();
    Path dir = campaignDir.resolve(CampaignLayout.metricsUri(0)).getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "step-*.json")) {
      for (Path f : listing) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        if (m.matches() && RecentSamples.complete(f)) {
          files.put(Integer.parseInt(m.group(1)), f);
          if (files.size() > limit) {
            files.pollFirstEntry(); // keeps the listing's cost in memory bounded too
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of(); // an unlistable folder shows as no history; the campaign itself is unaffected
    }
    List<StepPoint> out = new ArrayList<>(files.size());
    for (Map.Entry<Integer, Path> e : files.entrySet()) {
      try {
        memo.get(e.getValue(), List.of(e.getValue()), () -> parse(e.getValue(), e.getKey())).ifPresent(out::add);
      } catch (IOException ignored) {
        // parse reports no I/O errors; a file that vanished meanwhile is simply not shown
      }
    }
    return List.copyOf(out);
  }

  /** Empty when the file is too large or lacks a figure the charts plot. */
  static Optional<StepPoint> parse(Path file, int step) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      JsonNode m = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
      for (String field : List.of("mean_reward", "format_valid_rate", "kl", "mean_response_tokens")) {
        if (!m.path(field).isNumber()) {
          return Optional.empty();
        }
      }
      Double update = m.path("seconds").isNumber() ? m.path("seconds").asDouble() : null;
      return Optional.of(new StepPoint(step, m.path("mean_reward").asDouble(), m.path("format_valid_rate").asDouble(),
          m.path("kl").asDouble(), m.path("mean_response_tokens").asDouble(), null, null, update));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
