package dev.tooln1.workflows.activities;

import dev.tooln1.workflows.dto.CampaignEndRequest;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.LatestCheckpointRequest;
import io.temporal.activity.ActivityInterface;

/** Look-ups and records in the campaign store that workflows cannot do themselves (no IO in workflow code). */
@ActivityInterface
public interface CampaignStoreActivities {

  /** The newest verified checkpoint of the campaign, or null if it has none yet. */
  CheckpointRecord latestCheckpoint(LatestCheckpointRequest request);

  /**
   * Records in the campaign directory how the campaign workflow ended, so that the campaign can be
   * shown as it ended after its history is gone (an embedded server restarted). Idempotent: the same
   * request writes the same record.
   */
  void recordEnd(CampaignEndRequest request);
}
