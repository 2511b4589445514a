package dev.tooln1.activities.campaign.temporal;

import dev.tooln1.workflows.activities.EvalActivities;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;

/** {@link EvalActivities} over the campaign's {@code EvalService}. */
final class EvalActivitiesImpl implements EvalActivities {

  private final ComputeActivities c;

  EvalActivitiesImpl(ComputeActivities c) {
    this.c = c;
  }

  @Override
  public EvalResult evaluate(EvalRequest request) {
    return c.withHeartbeats("evaluate", request.campaignId(), request.config(), (rt, progress) ->
        c.evals.evaluate(rt, request, progress));
  }
}
