package dev.tooln1.workflows.dto;

/**
 * Input of {@code recordEnd}: how a campaign workflow ended, to be kept in the campaign directory,
 * which outlives the workflow's history (lost with a restarted embedded server).
 *
 * @param step the campaign's step (completed GRPO steps) when it ended
 * @param endedAtMillis workflow time of the end (so a retried activity writes the same record)
 * @param error the failure's message for {@link CampaignOutcome#FAILED}, else null
 */
public record CampaignEndRequest(String campaignId, CampaignOutcome outcome, int step,
    long endedAtMillis, String error) {}
