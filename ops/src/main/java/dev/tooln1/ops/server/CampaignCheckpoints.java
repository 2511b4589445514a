package dev.tooln1.ops.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.model.checkpoint.CheckpointStore;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.ArtifactRef;
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
 * The checkpoints of one campaign as its directory records them, and what a user may call one:
 * {@code latest}, {@code best}, a step number, {@code step-N}, {@code checkpoints/step-N},
 * {@code <campaign>/checkpoints/step-N} or a path to the folder. A resolved checkpoint is verified
 * against its sha256 manifest, so a corrupt one is named before any evaluation starts.
 */
public final class CampaignCheckpoints {

  /** A verified step checkpoint: the artifact ref the compute worker resolves. */
  public record Resolved(int step, ArtifactRef ref, Path dir) {}

  private static final Pattern STEP = Pattern.compile("(?:.*/)?(?:checkpoints/)?(?:step-)?0*(\\d{1,9})/?");

  private final String campaignId;
  private final Path dir;

  public CampaignCheckpoints(Path campaignsRoot, String campaignId) {
    this.campaignId = campaignId;
    this.dir = campaignsRoot.toAbsolutePath().normalize().resolve(campaignId);
  }

  /**
   * Resolves what the user called a checkpoint.
   *
   * @throws IllegalArgumentException in one line: no such checkpoint (with the steps there are), or
   *     it does not verify (naming the file)
   */
  public Resolved resolve(String name) {
    String n = name.trim();
    if (n.equals("latest")) {
      List<Integer> steps = steps();
      for (int i = steps.size() - 1; i >= 0; i--) {
        if (verifies(steps.get(i))) {
          return verified(steps.get(i));
        }
      }
      throw new IllegalArgumentException("campaign " + campaignId + " has no verified checkpoint yet"
          + (steps.isEmpty() ? "" : " (" + steps.size() + " do not verify)"));
    }
    if (n.equals("best")) {
      return verified(best().orElseThrow(() -> new IllegalArgumentException("campaign " + campaignId
          + " has no evaluated checkpoint that still exists, so none is best; give latest or a step")));
    }
    Matcher m = STEP.matcher(n.replace('\\', '/'));
    if (!m.matches()) {
      throw new IllegalArgumentException("--checkpoint '" + name + "': expected latest, best, a step number, "
          + "<campaign>/checkpoints/step-N or the checkpoint's folder");
    }
    return verified(Integer.parseInt(m.group(1)));
  }

  /** The step checkpoints on disk (verified or not), ascending. */
  public List<Integer> steps() {
    List<Integer> out = new ArrayList<>();
    Path cps = dir.resolve(CampaignLayout.CHECKPOINTS);
    if (!Files.isDirectory(cps)) {
      return out;
    }
    try (DirectoryStream<Path> all = Files.newDirectoryStream(cps)) {
      for (Path p : all) {
        int step = CampaignLayout.stepOf(p.getFileName().toString());
        if (step >= 0 && Files.isDirectory(p)) {
          out.add(step);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(cps + ": cannot list: " + e.getMessage(), e);
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /**
   * The step whose evaluation of the campaign's own held-out tasks scored highest (the later step on
   * a tie), among checkpoints still on disk.
   */
  public Optional<Integer> best() {
    Path evalDir = dir.resolve("eval");
    List<Integer> present = steps();
    Integer bestStep = null;
    double bestAccuracy = -1;
    if (!Files.isDirectory(evalDir)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> reports = Files.newDirectoryStream(evalDir, "*-step-*.json")) {
      for (Path f : reports) {
        JsonNode r;
        try {
          r = Json.MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
          continue; // a torn or foreign file is not an evaluation
        }
        String set = r.path("set").asText("campaign");
        if (!(set.equals("campaign") || set.equals("heldout")) || !r.path("accuracy").isNumber()
            || !r.path("step").canConvertToInt() || !present.contains(r.path("step").asInt())) {
          continue;
        }
        double acc = r.path("accuracy").asDouble();
        int step = r.path("step").asInt();
        if (acc > bestAccuracy || acc == bestAccuracy && step > bestStep) {
          bestAccuracy = acc;
          bestStep = step;
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(bestStep);
  }

  private boolean verifies(int step) {
    try {
      CheckpointStore.verify(folder(step));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private Path folder(int step) {
    return dir.resolve(CampaignLayout.CHECKPOINTS).resolve(CampaignLayout.stepName(step));
  }

  private Resolved verified(int step) {
    Path folder = folder(step);
    if (!Files.isDirectory(folder)) {
      List<Integer> steps = steps();
      throw new IllegalArgumentException("campaign " + campaignId + " has no checkpoint of step " + step + " ("
          + (steps.isEmpty() ? "none yet" : "there are steps " + shown(steps)) + ")");
    }
    try {
      CheckpointStore.verify(folder);
      String sha = CheckpointStore.sha256(folder.resolve(CheckpointStore.MANIFEST));
      return new Resolved(step, new ArtifactRef(CampaignLayout.checkpointUri(step), sha), folder);
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint " + folder + " does not verify: " + e.getMessage(), e);
    }
  }

  private static String shown(List<Integer> steps) {
    if (steps.size() <= 8) {
      return steps.toString().replaceAll("[\\[\\]]", "");
    }
    return steps.get(0) + ", " + steps.get(1) + ", ..., " + steps.get(steps.size() - 2) + ", "
        + steps.get(steps.size() - 1);
  }
}
