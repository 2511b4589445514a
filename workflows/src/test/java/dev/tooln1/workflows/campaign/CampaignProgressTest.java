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
    CampaignProgress p = CampaignProgress.start(ckpt(0)).trained(ckpt(1), BATCHES)
        .trained(ckpt(2), BATCHES);
    assertThat(p.step()).isEqualTo(2);
    assertThat(p.cursor()).isEqualTo(new DataCursor(1, 0));
    assertThat(p.checkpoint()).isEqualTo(ckpt(2));
    assertThat(p.checkpointStep()).isEqualTo(2);
  }

  @Test
  void theSftCheckpointIsWhatStepZeroTrains() {
    ArtifactRef sft = new ArtifactRef("mem://sft", "sha-sft");
    CampaignProgress p = CampaignProgress.start(ckpt(0)).warmedUp(sft);
    assertThat(p.checkpoint()).isEqualTo(sft);
    assertThat(p.step()).isZero();
  }

  @Test
  void aRollbackConsumesTheBatchAndReturnsToTheLastGoodCheckpoint() {
    CollapseGuard guard = new CollapseGuard(true, 0.5, 1);
    CampaignProgress p = CampaignProgress.start(ckpt(0));
    CollapseDetector.Decision baseline = p.collapseCheck(guard, 0.6);
    assertThat(baseline.rollsBack()).isFalse();
    p = p.guarded(baseline.state()).trained(ckpt(1), BATCHES);

    CollapseDetector.Decision collapse = p.collapseCheck(guard, 0.1);
    assertThat(collapse.rollsBack()).isTrue();
    CollapseEvent event = collapse.rollback();
    assertThat(event.step()).isEqualTo(1);
    assertThat(event.collapsedStep()).isEqualTo(1);
    assertThat(event.rolledBackTo()).isEqualTo(new CheckpointRecord(0, ckpt(0), 0.6));
    p = p.guarded(collapse.state()).rolledBack(event, BATCHES);

    assertThat(p.step()).isEqualTo(2);
    assertThat(p.cursor()).isEqualTo(new DataCursor(1, 0));
    assertThat(p.checkpoint()).isEqualTo(ckpt(0));
    assertThat(p.checkpointStep()).isZero();
    assertThat(p.guard().rollbacks()).isEqualTo(1);
    assertThat(p.retained()).containsExactly(ckpt(0));
  }

  @Test
  void theBestCheckpointFollowsTheAccuracyAndATieKeepsTheEarlierOne() {
    CampaignProgress p = CampaignProgress.start(ckpt(0)).evaluated(eval(0.3))
        .trained(ckpt(1), BATCHES).evaluated(eval(0.5))
        .trained(ckpt(2), BATCHES).evaluated(eval(0.5))
        .trained(ckpt(3), BATCHES).evaluated(eval(0.4));
    assertThat(p.best()).isEqualTo(new CheckpointRecord(1, ckpt(1), 0.5));
    assertThat(p.lastEvalStep()).isEqualTo(3);
    assertThat(p.retained()).containsExactly(ckpt(1));
  }

  @Test
  void anEvaluationCountsForTheStepItWasMadeAtOnly() {
    CampaignProgress p = CampaignProgress.start(ckpt(0));
    assertThat(p.evaluationOfThisStep()).isNull();
    p = p.evaluated(eval(0.3));
    assertThat(p.evaluationOfThisStep().accuracy()).isEqualTo(0.3);
    p = p.trained(ckpt(1), BATCHES);
    assertThat(p.evaluationOfThisStep()).isNull();
    assertThat(p.lastEval().accuracy()).isEqualTo(0.3);
  }

  @Test
  void theCarriedStateIsTakenOver() {
    GuardState guard = new GuardState(1, 0.6, new CheckpointRecord(0, ckpt(0), 0.6), 1, null);
    CampaignState s = new CampaignState(null, true, ckpt(0), ckpt(0), 3, new DataCursor(1, 1),
        new CheckpointRecord(2, ckpt(2), 0.5), eval(0.5), 2, List.of(), null, false, false, 2, 0,
        guard, null);

    assertThat(CampaignProgress.carried(s)).isEqualTo(new CampaignProgress(3, new DataCursor(1, 1),
        ckpt(0), 0, new CheckpointRecord(2, ckpt(2), 0.5), eval(0.5), 2, guard));
  }
}
