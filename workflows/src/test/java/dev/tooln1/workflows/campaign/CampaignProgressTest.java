package dev.tooln1.workflows.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignState;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.CollapseGuard;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.GuardState;
import dev.tooln1.workflows.dto.PhaseTimings;
import dev.tooln1.workflows.dto.StepMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the campaign's training state moves with what the activities return, without Temporal. */
class CampaignProgressTest {
  private static final int BATCHES = 2;

  private static ArtifactRef ckpt(int step) {
    return new ArtifactRef("mem://ckpt-" + step, "sha-" + step);
  }

  private static EvalResult eval(double accuracy) {
    return new EvalResult(new ArtifactRef("mem://eval", "sha"), accuracy, 10, 1);
  }

  @Test
  void anUpdateMovesStepCursorAndCheckpointTogether() {
    CampaignProgress p = CampaignProgress.start(ckpt(0));
    p.trained(ckpt(1), BATCHES);
    p.trained(ckpt(2), BATCHES);
    assertThat(p.step()).isEqualTo(2);
    assertThat(p.cursor()).isEqualTo(new DataCursor(1, 0));
    assertThat(p.checkpoint()).isEqualTo(ckpt(2));
    assertThat(p.checkpointStep()).isEqualTo(2);
  }

  @Test
  void theSftCheckpointIsWhatStepZeroTrains() {
    CampaignProgress p = CampaignProgress.start(ckpt(0));
    ArtifactRef sft = new ArtifactRef("mem://sft", "sha-sft");
    p.warmedUp(sft);
    assertThat(p.checkpoint()).isEqualTo(sft);
    assertThat(p.step()).isZero();
  }

  @Test
  void aRollbackConsumesTheBatchAndReturnsToTheLastGoodCheckpoint() {
    CampaignProgress p = CampaignProgress.start(ckpt(0));
    CollapseGuard guard = new CollapseGuard(true, 0.5, 1);
    assertThat(p.collapseAfter(guard, 0.6)).isNull(); // the baseline step
    p.trained(ckpt(1), BATCHES);

    CollapseEvent event = p.collapseAfter(guard, 0.1);
    assertThat(event).isNotNull();
    assertThat(event.step()).isEqualTo(1);
    assertThat(event.collapsedStep()).isEqualTo(1);
    assertThat(event.rolledBackTo()).isEqualTo(new CheckpointRecord(0, ckpt(0), 0.6));
    p.rolledBack(event, BATCHES);

    assertThat(p.step()).isEqualTo(2);
    assertThat(p.cursor()).isEqualTo(new DataCursor(1, 0));
    assertThat(p.checkpoint()).isEqualTo(ckpt(0));
    assertThat(p.checkpointStep()).isZero();
    assertThat(p.guard().rollbacks()).isEqualTo(1);
    assertThat(p.retained()).containsExactly(ckpt(0));
  }

  @Test
  void theBestCheckpointFollowsTheAccuracyAndTiesKeepTheEarlierOne() {
    CampaignProgress p = CampaignProgress.start(ckpt(0));
    p.evaluated(eval(0.3));
    p.trained(ckpt(1), BATCHES);
    p.evaluated(eval(0.5));
    p.trained(ckpt(2), BATCHES);
    p.evaluated(eval(0.5));
    p.trained(ckpt(3), BATCHES);
    p.evaluated(eval(0.4));
    assertThat(p.best()).isEqualTo(new CheckpointRecord(1, ckpt(1), 0.5));
    assertThat(p.retained()).containsExactly(ckpt(1));
  }

  @Test
  void anEvaluationCountsForTheStepItWasMadeAtOnly() {
    CampaignProgress p = CampaignProgress.start(ckpt(0));
    assertThat(p.evaluationOfThisStep()).isNull();
    p.evaluated(eval(0.3));
    assertThat(p.evaluationOfThisStep().accuracy()).isEqualTo(0.3);
    p.trained(ckpt(1), BATCHES);
    assertThat(p.evaluationOfThisStep()).isNull();
    assertThat(p.lastEval().accuracy()).isEqualTo(0.3);
  }

  @Test
  void theCarriedStateIsTakenOverWithTheHistoryBoundedAgain() {
    List<StepMetrics> history = List.of(metrics(1), metrics(2), metrics(3));
    GuardState guard = new GuardState(1, 0.6, new CheckpointRecord(0, ckpt(0), 0.6), 1, null);
    CampaignState s = new CampaignState(null, true, ckpt(0), ckpt(0), 3, new DataCursor(1, 1),
        new CheckpointRecord(2, ckpt(2), 0.5), eval(0.5), 2, history, null, false, false, 2, 0,
        guard, null);

    CampaignProgress p = CampaignProgress.carried(s, 2);

    assertThat(p.step()).isEqualTo(3);
    assertThat(p.cursor()).isEqualTo(new DataCursor(1, 1));
    assertThat(p.checkpoint()).isEqualTo(ckpt(0));
    assertThat(p.checkpointStep()).isZero();
    assertThat(p.best().step()).isEqualTo(2);
    assertThat(p.lastEvalStep()).isEqualTo(2);
    assertThat(p.guard()).isEqualTo(guard);
    assertThat(p.history().list()).extracting(StepMetrics::step).containsExactly(2, 3);
  }

  private static StepMetrics metrics(int step) {
    return new StepMetrics(step, 0, step - 1, 0.5, 0.4, 0.9, 0.01, 10, null,
        new PhaseTimings(0, 0, 0, 0, 100, 0));
  }
}
