package dev.tooln1.workflows.dto;

import java.util.List;

/**
 * Everything a campaign carries across continue-as-new. A fresh campaign starts with null.
 *
 * @param step          completed training steps (= number of the last checkpoint)
 * @param cursor        the next batch to train on
 * @param lastEvalStep  step of {@code lastEval}; -1 if none
 * @param lease         the worker holding the policy, null if none claimed
 * @param runs          workflow runs so far (continue-as-new count + 1)
 * @param checkpointStep step of {@code lastCheckpoint} (differs from {@code step} after a rollback
 *                      of the collapse guard); null (recorded before the field existed) = step
 * @param guard         the collapse guard's state; null = fresh
 * @param baselineEval  evaluation of the policy before the first step; null if none ran
 */
public record CampaignState(
    PreparedData data,
    boolean sftDone,
    ArtifactRef referencePolicy,
    ArtifactRef lastCheckpoint,
    int step,
    DataCursor cursor,
    CheckpointRecord best,
    EvalResult lastEval,
    int lastEvalStep,
    List<StepMetrics> history,
    WorkerLease lease,
    boolean paused,
    boolean stopRequested,
    int runs,
    Integer checkpointStep,
    GuardState guard,
    EvalResult baselineEval) {

  /** Without collapse-guard state (as recorded before the guard existed). */
  public CampaignState(PreparedData data, boolean sftDone, ArtifactRef referencePolicy,
      ArtifactRef lastCheckpoint, int step, DataCursor cursor, CheckpointRecord best,
      EvalResult lastEval, int lastEvalStep, List<StepMetrics> history, WorkerLease lease,
      boolean paused, boolean stopRequested, int runs) {
    this(data, sftDone, referencePolicy, lastCheckpoint, step, cursor, best, lastEval, lastEvalStep,
        history, lease, paused, stopRequested, runs, null, null, null);
  }
}
