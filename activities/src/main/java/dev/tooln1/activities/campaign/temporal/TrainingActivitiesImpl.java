package dev.tooln1.activities.campaign.temporal;

import dev.tooln1.activities.campaign.CampaignRuntime;
import dev.tooln1.workflows.activities.TrainingActivities;
import dev.tooln1.workflows.dto.ClaimRequest;
import dev.tooln1.workflows.dto.MergeRolloutsRequest;
import dev.tooln1.workflows.dto.RolloutRequest;
import dev.tooln1.workflows.dto.RolloutResult;
import dev.tooln1.workflows.dto.ScoreRequest;
import dev.tooln1.workflows.dto.ScoreResult;
import dev.tooln1.workflows.dto.SftRequest;
import dev.tooln1.workflows.dto.SftResult;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import dev.tooln1.workflows.dto.WorkerLease;

/** {@link TrainingActivities} over the campaign services of one worker. */
final class TrainingActivitiesImpl implements TrainingActivities {

  private final ComputeActivities c;

  TrainingActivitiesImpl(ComputeActivities c) {
    this.c = c;
  }

  @Override
  public WorkerLease claimWorker(ClaimRequest request) {
    return ComputeActivities.call("claimWorker", () -> {
      // Preload the policy when this worker has seen the campaign already (the request has no config).
      CampaignRuntime rt = c.openedRuntime(request.campaignId());
      if (rt != null && request.checkpoint() != null && preloadable(rt, request.checkpoint())) {
        synchronized (c.policyCache().lock(rt.campaignId())) {
          c.policyCache().policy(rt, request.checkpoint());
        }
      }
      String queue = c.workerQueue();
      String id = queue.startsWith("tooln1-worker-") ? queue.substring("tooln1-worker-".length()) : queue;
      return new WorkerLease(id, queue);
    });
  }

  /**
   * A base-policy ref, or a checkpoint still on disk. A pruned one is no reason to refuse the claim:
   * a fast-forwarding campaign passes it and never loads it; an activity that does load it reports.
   */
  private static boolean preloadable(CampaignRuntime rt, dev.tooln1.workflows.dto.ArtifactRef ref) {
    String prefix = dev.tooln1.activities.campaign.CampaignLayout.CHECKPOINTS + "/";
    return !ref.uri().startsWith(prefix)
        || java.nio.file.Files.isDirectory(rt.checkpoints().path(ref.uri().substring(prefix.length())));
  }

  @Override
  public SftResult sftWarmup(SftRequest request) {
    return c.withHeartbeats("sftWarmup", request.campaignId(), request.config(), (rt, progress) ->
        c.sft.warmup(rt, request, progress));
  }

  @Override
  public RolloutResult rollout(RolloutRequest request) {
    return c.withHeartbeats("rollout", request.campaignId(), request.config(), (rt, progress) ->
        c.rollouts.rollout(rt, request, progress));
  }

  @Override
  public RolloutResult mergeRollouts(MergeRolloutsRequest request) {
    return ComputeActivities.call("mergeRollouts", () ->
        c.rollouts.merge(c.layout(request.campaignId()), request));
  }

  @Override
  public ScoreResult score(ScoreRequest request) {
    return c.withHeartbeats("score", request.campaignId(), request.config(), (rt, progress) ->
        c.scores.score(rt, request, progress));
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    return c.withHeartbeats("update", request.campaignId(), request.config(), (rt, progress) ->
        c.updates.update(rt, request, progress));
  }
}
