package dev.tooln1.workflows.dto;

import java.util.List;

/**
 * Input of {@code update}: one GRPO step on checkpoint {@code step}, writing checkpoint
 * {@code step + 1}. Idempotent: if checkpoint {@code step + 1} exists and verifies (or was pruned
 * after the step completed), its ref is returned and nothing is applied again.
 *
 * @param reference the frozen reference policy of the KL term
 * @param keep      keep this checkpoint long-term (interval, evaluated or last checkpoint)
 * @param retain    older checkpoints the workflow still references (best by evaluation, the
 *                  collapse guard's last good one): never pruned; null (the short constructor,
 *                  for callers outside a campaign) = none
 */
public record UpdateRequest(
    String campaignId,
    int step,
    ArtifactRef config,
    ArtifactRef policy,
    ArtifactRef reference,
    ArtifactRef rollouts,
    ArtifactRef rewards,
    long seed,
    boolean keep,
    List<ArtifactRef> retain) {

  /** Without references to retain. */
  public UpdateRequest(String campaignId, int step, ArtifactRef config, ArtifactRef policy,
      ArtifactRef reference, ArtifactRef rollouts, ArtifactRef rewards, long seed, boolean keep) {
    this(campaignId, step, config, policy, reference, rollouts, rewards, seed, keep, null);
  }

  public List<ArtifactRef> retainOrEmpty() {
    return retain == null ? List.of() : retain;
  }
}
