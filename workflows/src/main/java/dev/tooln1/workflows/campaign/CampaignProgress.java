package dev.tooln1.workflows.campaign;

import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignState;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.CollapseGuard;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.GuardState;
import dev.tooln1.workflows.dto.StepMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the campaign's training stands: the step and data cursor, the checkpoint the next step
 * samples with and trains, the best and latest evaluations, the collapse guard's state and the
 * recent step metrics. The workflow moves it on with what its activities return; each move is a
 * named method here (trained, rolled back, evaluated), plain Java without a Temporal call. It is
 * carried across continue-as-new inside {@link CampaignState}.
 */
final class CampaignProgress {
  private int step;
  private DataCursor cursor = DataCursor.start();
  private ArtifactRef checkpoint;
  /** Step of {@link #checkpoint}: equals {@link #step} except after a collapse rollback. */
  private int checkpointStep;
  private CheckpointRecord best;
  private EvalResult lastEval;
  private int lastEvalStep = -1;
  private GuardState guard = GuardState.START;
  private final StepHistory history = new StepHistory();

  private CampaignProgress() {}

  /** A fresh campaign at step 0, the first batch, training {@code policy}. */
  static CampaignProgress start(ArtifactRef policy) {
    CampaignProgress p = new CampaignProgress();
    p.checkpoint = policy;
    return p;
  }

  /** Continues where the previous run's state left off. */
  static CampaignProgress carried(CampaignState s, int historyLimit) {
    CampaignProgress p = new CampaignProgress();
    p.step = s.step();
    p.cursor = s.cursor();
    p.checkpoint = s.lastCheckpoint();
    p.checkpointStep = s.checkpointStep();
    p.best = s.best();
    p.lastEval = s.lastEval();
    p.lastEvalStep = s.lastEvalStep();
    p.guard = s.guard();
    s.history().forEach(m -> p.history.add(m, historyLimit));
    return p;
  }

  /** The SFT warm-up's checkpoint is what step 0 trains. */
  void warmedUp(ArtifactRef sftCheckpoint) {
    checkpoint = sftCheckpoint;
  }

  /**
   * The collapse guard's verdict on the current step's mean reward (see {@link CollapseDetector});
   * its state moves on either way.
   *
   * @param settings the guard, null when it is off
   * @return the rollback when the current policy collapsed; null = train on the step
   */
  CollapseEvent collapseAfter(CollapseGuard settings, double meanReward) {
    CollapseDetector.Decision d = CollapseDetector.afterScore(settings, guard, step,
        new CheckpointRecord(checkpointStep, checkpoint, meanReward));
    guard = d.state();
    return d.rollback();
  }

  /** The update trained the current step's batch into {@code next}, checkpoint {@code step + 1}. */
  void trained(ArtifactRef next, int batchesPerEpoch) {
    step++;
    cursor = cursor.next(batchesPerEpoch);
    checkpoint = next;
    checkpointStep = step;
  }

  /**
   * The step's update was skipped: its batch counts as consumed (so the same collapsed rollouts are
   * not met again) and the next step samples with, and trains, the last good checkpoint.
   */
  void rolledBack(CollapseEvent event, int batchesPerEpoch) {
    step++;
    cursor = cursor.next(batchesPerEpoch);
    checkpoint = event.rolledBackTo().checkpoint();
    checkpointStep = event.rolledBackTo().step();
  }

  /** An evaluation of the current checkpoint; the best checkpoint follows the accuracy. */
  void evaluated(EvalResult eval) {
    lastEval = eval;
    lastEvalStep = step;
    if (best == null || best.score() == null || eval.accuracy() > best.score()) {
      best = new CheckpointRecord(checkpointStep, checkpoint, eval.accuracy());
    }
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

  void record(StepMetrics metrics, int historyLimit) {
    history.add(metrics, historyLimit);
  }

  int step() {
    return step;
  }

  DataCursor cursor() {
    return cursor;
  }

  ArtifactRef checkpoint() {
    return checkpoint;
  }

  int checkpointStep() {
    return checkpointStep;
  }

  CheckpointRecord best() {
    return best;
  }

  EvalResult lastEval() {
    return lastEval;
  }

  int lastEvalStep() {
    return lastEvalStep;
  }

  GuardState guard() {
    return guard;
  }

  StepHistory history() {
    return history;
  }
}
