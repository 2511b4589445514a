package dev.tooln1.activities.campaign.temporal;

import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.dto.CampaignEndRequest;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.LatestCheckpointRequest;
import java.time.Instant;

/** {@link CampaignStoreActivities} over the campaign directories under the worker's root. */
final class CampaignStoreActivitiesImpl implements CampaignStoreActivities {

  private final ComputeActivities c;

  CampaignStoreActivitiesImpl(ComputeActivities c) {
    this.c = c;
  }

  @Override
  public CheckpointRecord latestCheckpoint(LatestCheckpointRequest request) {
    return ComputeActivities.call("latestCheckpoint", () ->
        c.campaignStore.latest(c.layout(request.campaignId())));
  }

  @Override
  public void recordEnd(CampaignEndRequest request) {
    ComputeActivities.call("recordEnd", () -> {
      c.campaignStore.recordEnd(c.layout(request.campaignId()), new CampaignEnd(request.campaignId(),
          request.outcome(), request.step(), Instant.ofEpochMilli(request.endedAtMillis()), request.error()));
      return null;
    });
  }
}
