package dev.tooln1.activities.campaign.records;

import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.store.LocalArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How a campaign ended, read from its directory alone: what the console and {@code tooln1 campaign}
 * show for a campaign the Temporal server no longer knows (the embedded server keeps workflow
 * histories in memory, so a restart loses them). Read-only.
 */
public final class CampaignDiskState {

  /** {@code step-NNNNNN} at the start of a checkpoint folder, a pruning tombstone or a metrics file. */
  private static final Pattern STEP = Pattern.compile("^step-(\\d{6,})(?:$|\\.)");

  private CampaignDiskState() {}

  /**
   * The campaign's last recorded end ({@link CampaignEndRecords}), unless the directory holds a
   * checkpoint or step metrics newer than that end's step: the campaign was started again after it
   * and then lost before it ended, so the disk cannot tell how it stands. Empty also when no end was
   * recorded (it was lost while running, or ended before ends were recorded) or the directory is
   * missing.
   */
  public static Optional<CampaignEnd> ended(Path campaignDir) {
    if (!Files.isDirectory(campaignDir)) {
      return Optional.empty();
    }
    Optional<CampaignEnd> end;
    try {
      end = CampaignEndRecords.latest(new LocalArtifactStore(campaignDir));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
    return end.filter(e -> newestStep(campaignDir) <= e.step());
  }

  /**
   * The newest step the directory has work of: a checkpoint {@code checkpoints/step-N} (or the
   * tombstone of a pruned one) or a metrics file {@code metrics/step-N.json}; -1 when none.
   */
  public static int newestStep(Path campaignDir) {
    return Math.max(newestIn(campaignDir.resolve(CampaignLayout.CHECKPOINTS)),
        newestIn(campaignDir.resolve("metrics")));
  }

  private static int newestIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> STEP.matcher(p.getFileName().toString()))
          .filter(Matcher::find)
          .mapToInt(m -> Integer.parseInt(m.group(1)))
          .max().orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1; // unreadable: no evidence of newer work
    }
  }
}
