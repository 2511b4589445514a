package dev.tooln1.activities.campaign.records;

import dev.tooln1.activities.store.ArtifactRef;
import dev.tooln1.activities.store.ArtifactStore;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The end records of a campaign: one artifact per end of its workflow, {@code status/ended-<time>.json}
 * ({@link CampaignEnd}), written by the campaign workflow's {@code recordEnd} activity.
 *
 * <p>Artifacts are immutable, and a campaign can end more than once (stopped, started again, then
 * completed), so each end is a record of its own, named by its time, and the newest one counts. The
 * name and the content come from the workflow's request only, so a retried activity writes the same
 * bytes to the same name (the store's put is then a no-op); the store writes atomically, and a record
 * without its checksum sidecar (a write cut short) does not exist for readers.
 */
public final class CampaignEndRecords {

  public static final String PREFIX = "status/ended-";
  /** UTC, millisecond precision, lexicographic order = time order (no ':' in file names). */
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private CampaignEndRecords() {}

  /** {@code status/ended-20261123T141938.123Z.json} */
  public static String uri(Instant endedAt) {
    return PREFIX + NAME_TIME.format(endedAt) + ".json";
  }

  /** Writes the record of one end (idempotent for the same end). */
  public static ArtifactRef write(ArtifactStore store, CampaignEnd end) throws IOException {
    return store.put(uri(end.endedAt()), end.toJson());
  }

  /**
   * The newest complete record, verified against its checksum. Empty when there is none, and also
   * when the newest cannot be read (corrupt or malformed): an older record would describe an end the
   * campaign has since moved past, so none is better than that one.
   */
  public static Optional<CampaignEnd> latest(ArtifactStore store) {
    try {
      List<ArtifactRef> all = store.list(PREFIX);
      if (all.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(CampaignEnd.fromJson(store.get(all.get(all.size() - 1).uri())));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
