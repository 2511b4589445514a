package dev.tooln1.workflows.dto;

/**
 * Answer of the campaign's status query.
 *
 * @param totalSteps planned steps (epochs x batches, capped by the step limit); -1 before prepare
 * @param etaMillis  estimated time to the end of training from recent step durations; null if
 *                   unknown
 * @param notice     the latest operator-relevant event (fallback to the shared queue, a rejected
 *                   config update, a collapse rollback); null if none
 * @param rollbacks  interventions of the collapse guard so far
 * @param lastCollapse the latest of them; null if none
 */
public record CampaignStatus(
    String campaignId,
    Phase phase,
    int step,
    int totalSteps,
    DataCursor cursor,
    boolean paused,
    boolean stopRequested,
    StepMetrics lastMetrics,
    ArtifactRef lastCheckpoint,
    CheckpointRecord best,
    Long etaMillis,
    String workerQueue,
    int evalInterval,
    int maxSteps,
    int runs,
    String notice,
    int rollbacks,
    CollapseEvent lastCollapse) {

  /** Without collapse-guard fields. */
  public CampaignStatus(String campaignId, Phase phase, int step, int totalSteps, DataCursor cursor,
      boolean paused, boolean stopRequested, StepMetrics lastMetrics, ArtifactRef lastCheckpoint,
      CheckpointRecord best, Long etaMillis, String workerQueue, int evalInterval, int maxSteps,
      int runs, String notice) {
    this(campaignId, phase, step, totalSteps, cursor, paused, stopRequested, lastMetrics,
        lastCheckpoint, best, etaMillis, workerQueue, evalInterval, maxSteps, runs, notice, 0, null);
  }
}
