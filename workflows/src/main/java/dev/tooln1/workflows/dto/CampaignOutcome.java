package dev.tooln1.workflows.dto;

/** How a campaign workflow ended. */
public enum CampaignOutcome {
  /** Every planned step done (and the final evaluation, if configured). */
  COMPLETED,
  /** Ended early on the stop signal, after the step in flight; {@code campaign start} continues it. */
  STOPPED,
  /** Failed: an activity failure that outlived its retry policy, or bad input. */
  FAILED
}
