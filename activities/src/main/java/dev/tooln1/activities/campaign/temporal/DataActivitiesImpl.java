package dev.tooln1.activities.campaign.temporal;

import dev.tooln1.workflows.activities.DataActivities;
import dev.tooln1.workflows.dto.PrepareRequest;
import dev.tooln1.workflows.dto.PreparedData;

/** {@link DataActivities} over the campaign's {@code DataService}. */
final class DataActivitiesImpl implements DataActivities {

  private final ComputeActivities c;

  DataActivitiesImpl(ComputeActivities c) {
    this.c = c;
  }

  @Override
  public PreparedData prepareData(PrepareRequest request) {
    return c.withHeartbeats("prepareData", request.campaignId(), request.config(), (rt, progress) ->
        c.data.prepare(rt, progress));
  }
}
