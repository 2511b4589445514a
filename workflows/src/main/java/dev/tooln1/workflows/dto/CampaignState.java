package dev.tooln1.workflows.dto;

import java.util.List;

/**
 * Everything a campaign carries across continue-as-new. A fresh campaign starts with null; only the
 * workflow makes one (its snapshot before continue-as-new), so every field but the optional ones
 * named below is set.
 *
 * @param step          completed training steps (= number of the last checkpoint)
 * @param cursor        the next batch to train on
 * @param best          best checkpoint by evaluation accuracy; null before the first evaluation
 * @param lastEval      the latest evaluation; null if none ran
 * @param lastEvalStep  step of {@code lastEval}; -1 if none
 * @param lease         the worker holding the policy, null if none claimed
 * @param runs          workflow runs so far (continue-as-new count + 1)
 * @param checkpointStep step of {@code lastCheckpoint} (differs from {@code step} after a rollback
 *                      of the collapse guard)
 * @param guard         the collapse guard's state ({@link GuardState#START} while it has seen no step)
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
    int checkpointStep,
    GuardState guard,
    EvalResult baselineEval) {}
