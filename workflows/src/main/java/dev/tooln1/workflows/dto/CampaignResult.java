package dev.tooln1.workflows.dto;

/**
 * Outcome of a campaign.
 *
 * @param stopped    true if it ended on a stop signal rather than by finishing its steps
 * @param finalEval  evaluation of the last checkpoint; null if none ran
 * @param baselineEval evaluation of the policy before the first step (after any SFT warm-up); null
 *                   if none ran
 */
public record CampaignResult(
    String campaignId,
    int steps,
    ArtifactRef lastCheckpoint,
    CheckpointRecord best,
    EvalResult finalEval,
    boolean stopped,
    EvalResult baselineEval) {}
