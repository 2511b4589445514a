package dev.tooln1.ops.console;

import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.ops.console.ConsoleBackend.SampleView;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's "recent samples": the first {@code limit} scored responses of a campaign's newest
 * complete step, joined from {@code rewards/step-NNNNNN.jsonl} (reward, reason, task id) and
 * {@code rollouts/step-NNNNNN.jsonl} (response text). Both are read as streams and only as far as
 * needed (the scores are in rollout order, so a handful of lines of each), texts are cut to a
 * limit, and the result is remembered until the files change.
 *
 * <p>An artifact is complete once its {@code .sha256} sidecar exists (the artifact store writes it
 * last). A missing, incomplete or unreadable artifact gives an empty list, never an error: the
 * console shows samples when they can be read and nothing otherwise.
 */
final class RecentSamples {

  static final int DEFAULT_LIMIT = 8;
  static final int MAX_RESPONSE_CHARS = 2_000;
  static final int MAX_REASON_CHARS = 300;
  /** How far past the wanted lines the rollouts are searched (their order matches the scores'). */
  private static final int ROLLOUT_SCAN_SLACK = 64;
  private static final Pattern REWARDS_NAME = Pattern.compile("step-(\\d{6,})\\.jsonl");

  private final int limit;
  private final FileMemo<List<SampleView>> memo = new FileMemo<>(256);

  RecentSamples(int limit) {
    this.limit = limit;
  }

  List<SampleView> read(Path campaignDir) {
    int step = newestCompleteStep(campaignDir.resolve("rewards"));
    if (step < 0) {
      return List.of();
    }
    Path rewards = campaignDir.resolve(CampaignLayout.rewardsUri(step));
    Path rollouts = campaignDir.resolve(CampaignLayout.rolloutUri(step, 0, 1));
    if (!complete(rollouts)) {
      return List.of();
    }
    try {
      return memo.get(rewards, List.of(rewards, rollouts), () -> join(step, rewards, rollouts));
    } catch (IOException | RuntimeException e) {
      return List.of(); // cut short or not what the activities write: nothing to show
    }
  }

  private List<SampleView> join(int step, Path rewards, Path rollouts) throws IOException {
    record Score(String taskId, int sample, double reward, String reason) {}
    Map<String, Score> scores = new LinkedHashMap<>();
    JsonLinesScanner.scan(rewards, Set.of("prompt_index", "sample", "task_id", "reward", "reason"), limit, o -> {
      scores.put(key(o), new Score(text(o.get("task_id")), number(o.get("sample")).intValue(),
          number(o.get("reward")).doubleValue(), cut(text(o.get("reason")), MAX_REASON_CHARS)));
      return true;
    });
    Map<String, String> responses = new HashMap<>();
    JsonLinesScanner.scan(rollouts, Set.of("prompt_index", "sample", "response"), limit + ROLLOUT_SCAN_SLACK, o -> {
      String k = key(o);
      if (scores.containsKey(k)) {
        responses.put(k, text(o.get("response")));
      }
      return responses.size() < scores.size();
    });
    List<SampleView> out = new ArrayList<>();
    scores.forEach((k, s) -> {
      String response = responses.get(k);
      if (response != null) {
        out.add(new SampleView(step, s.taskId(), s.sample(), s.reward(), s.reason(),
            cut(response, MAX_RESPONSE_CHARS), response.length() > MAX_RESPONSE_CHARS));
      }
    });
    return List.copyOf(out);
  }

  /** The highest step whose scores file is complete, or -1. */
  static int newestCompleteStep(Path rewardsDir) {
    int best = -1;
    if (!Files.isDirectory(rewardsDir)) {
      return best;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(rewardsDir, "step-*.jsonl")) {
      for (Path f : files) {
        Matcher m = REWARDS_NAME.matcher(f.getFileName().toString());
        if (m.matches() && complete(f)) {
          best = Math.max(best, Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return best;
  }

  static boolean complete(Path artifact) {
    return Files.isRegularFile(artifact)
        && Files.isRegularFile(artifact.resolveSibling(artifact.getFileName() + ".sha256"));
  }

  private static String key(Map<String, Object> o) {
    return number(o.get("prompt_index")).intValue() + "/" + number(o.get("sample")).intValue();
  }

  private static Number number(Object v) {
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException("expected a number, got " + v);
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
