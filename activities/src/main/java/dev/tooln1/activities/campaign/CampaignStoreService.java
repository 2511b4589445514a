package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.activities.campaign.records.CampaignEndRecords;
import dev.tooln1.model.checkpoint.CheckpointStore;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.CheckpointRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Look-ups and records in a campaign directory: the newest verified checkpoint and its evaluation
 * score; how the campaign's workflow ended.
 */
public final class CampaignStoreService {

  /** Records an end of the campaign's workflow ({@link CampaignEndRecords}; idempotent). */
  public void recordEnd(CampaignLayout layout, CampaignEnd end) throws IOException {
    CampaignEndRecords.write(layout.store(), end);
  }

  /** The highest {@code step-NNNNNN} checkpoint that verifies, or null (none, or no directory). */
  public CheckpointRecord latest(CampaignLayout layout) throws IOException {
    Path dir = layout.checkpointsDir();
    if (!Files.isDirectory(dir)) {
      return null;
    }
    List<Path> steps = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> CampaignLayout.stepOf(p.getFileName().toString()) >= 0).forEach(steps::add);
    }
    steps.sort(Comparator.comparingInt((Path p) -> CampaignLayout.stepOf(p.getFileName().toString())).reversed());
    for (Path p : steps) {
      try {
        CheckpointStore.verify(p);
      } catch (IOException e) {
        continue; // corrupt or incomplete: the previous one is the latest verified
      }
      int step = CampaignLayout.stepOf(p.getFileName().toString());
      String sha = CheckpointStore.sha256(p.resolve(CheckpointStore.MANIFEST));
      return new CheckpointRecord(step,
          new dev.tooln1.workflows.dto.ArtifactRef(CampaignLayout.checkpointUri(step), sha), score(layout, step, sha));
    }
    return null;
  }

  /** Accuracy of an evaluation report of that checkpoint, if one exists. */
  private static Double score(CampaignLayout layout, int step, String sha) throws IOException {
    Path eval = layout.dir().resolve("eval");
    if (!Files.isDirectory(eval)) {
      return null;
    }
    String suffix = "-" + CampaignLayout.stepName(step) + ".json";
    List<Path> reports = new ArrayList<>();
    try (Stream<Path> s = Files.list(eval)) {
      s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(reports::add);
    }
    for (Path r : reports) {
      try {
        JsonNode n = Json.MAPPER.readTree(Files.readString(r));
        if (sha.equals(n.path("checkpoint_sha256").asText())) {
          return n.path("accuracy").asDouble();
        }
      } catch (IOException e) {
        // unreadable report: no score from it
      }
    }
    return null;
  }
}
