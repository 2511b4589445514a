package dev.tooln1.workflows.campaign;

import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignState;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.CollapseGuard;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.GuardState;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the campaign's training stands, as a value: the workflow replaces it with the next one when
 * an activity returns (trained, rolled back, evaluated). Plain Java without a Temporal call; carried
 * across continue-as-new inside {@link CampaignState}.
 *
 * @param step           completed training steps
 * @param cursor         the batch the next step trains on
 * @param checkpoint     the policy the next step samples with and trains
 * @param checkpointStep step of {@code checkpoint}: equals {@code step} except after a collapse
 *                       rollback
 * @param best           best checkpoint by evaluation accuracy; null before the first evaluation
 * @param lastEval       the latest evaluation; null if none ran
 * @param lastEvalStep   step of {@code lastEval}; -1 if none
 * @param guard          the collapse guard's state
 */
record CampaignProgress(int step, DataCursor cursor, ArtifactRef checkpoint, int checkpointStep,
    CheckpointRecord best, EvalResult lastEval, int lastEvalStep, GuardState guard) {

  /** A fresh campaign at step 0, the first batch, training {@code policy}. */
  static CampaignProgress start(ArtifactRef policy) {
    return new CampaignProgress(0, DataCursor.start(), policy, 0, null, null, -1, GuardState.START);
  }

  /** Where the previous run's state left off. */
  static CampaignProgress carried(CampaignState s) {
    return new CampaignProgress(s.step(), s.cursor(), s.lastCheckpoint(), s.checkpointStep(),
        s.best(), s.lastEval(), s.lastEvalStep(), s.guard());
  }

  /** Step 0 trains the SFT warm-up's checkpoint instead of the base policy. */
  CampaignProgress warmedUp(ArtifactRef sftCheckpoint) {
    return new CampaignProgress(step, cursor, sftCheckpoint, checkpointStep, best, lastEval,
        lastEvalStep, guard);
  }

  /**
   * The collapse guard's verdict on the current step's mean reward, made by the current checkpoint
   * (see {@link CollapseDetector}).
   *
   * @param settings the guard, null when it is off
   */
  CollapseDetector.Decision collapseCheck(CollapseGuard settings, double meanReward) {
    return CollapseDetector.afterScore(settings, guard, step,
        new CheckpointRecord(checkpointStep, checkpoint, meanReward));
  }

  /** The guard's state after its check of the current step. */
  CampaignProgress guarded(GuardState next) {
    return new CampaignProgress(step, cursor, checkpoint, checkpointStep, best, lastEval,
        lastEvalStep, next);
  }

  /** The update trained the current step's batch into {@code next}, checkpoint {@code step + 1}. */
  CampaignProgress trained(ArtifactRef next, int batchesPerEpoch) {
    return new CampaignProgress(step + 1, cursor.next(batchesPerEpoch), next, step + 1, best,
        lastEval, lastEvalStep, guard);
  }

  /**
   * The step's update was skipped: its batch counts as consumed (so the same collapsed rollouts are
   * not met again) and the next step samples with, and trains, the last good checkpoint.
   */
  CampaignProgress rolledBack(CollapseEvent event, int batchesPerEpoch) {
    CheckpointRecord lastGood = event.rolledBackTo();
    return new CampaignProgress(step + 1, cursor.next(batchesPerEpoch), lastGood.checkpoint(),
        lastGood.step(), best, lastEval, lastEvalStep, guard);
  }

  /**
   * An evaluation of the current checkpoint. The best checkpoint follows the accuracy; a tie keeps
   * the earlier one.
   */
  CampaignProgress evaluated(EvalResult eval) {
    boolean better = best == null || best.score() == null || eval.accuracy() > best.score();
    return new CampaignProgress(step, cursor, checkpoint, checkpointStep,
        better ? new CheckpointRecord(checkpointStep, checkpoint, eval.accuracy()) : best, eval,
        step, guard);
  }

  /** The evaluation made at the current step; null if none was. */
  EvalResult evaluationOfThisStep() {
    return lastEvalStep == step ? lastEval : null;
  }

  /** Older checkpoints the campaign may still come back to (best, last good): never pruned. */
  List<ArtifactRef> retained() {
    List<ArtifactRef> refs = new ArrayList<>();
    if (best != null && best.checkpoint() != null) {
      refs.add(best.checkpoint());
    }
    if (guard.lastGood() != null && guard.lastGood().checkpoint() != null) {
      refs.add(guard.lastGood().checkpoint());
    }
    return refs;
  }
}
