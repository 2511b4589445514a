package dev.tooln1.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.ops.console.ConsoleBackend.BfclReportView;
import dev.tooln1.ops.console.ConsoleBackend.CheckpointView;
import dev.tooln1.ops.console.ConsoleBackend.EvalPoint;
import dev.tooln1.ops.console.EvalRecords.EvalRecord;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.Phase;
import dev.tooln1.workflows.dto.StepMetrics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the campaign view combines the workflow's state with the reports found on disk. */
class CampaignDetailMergeTest {

  @TempDir
  Path root;

  private static StepMetrics step(int step, Double evalAccuracy) {
    return new StepMetrics(step, 0, step, 0.5, 0.5, 1.0, 0.001, 12, evalAccuracy, null);
  }

  private static CampaignStatus status(int step, CheckpointRecord best) {
    return new CampaignStatus("c1", Phase.TRAINING, step, 100, null, false, false, null,
        new ArtifactRef("checkpoints/step-" + String.format("%06d", step), "11".repeat(32)), best, null, null,
        10, 100, 1, null);
  }

  @Test
  void reportsOnDiskGiveNAndIntervalsAndTheHistoryFillsInWithAccuracyOnly() throws Exception {
    CampaignFixture c = new CampaignFixture(root, "c1");
    c.heldOut("step-10", 10, 3, 8, null);
    c.heldOut("scheduled-step-10", 10, 4, 8, null);
    List<EvalRecord> records = new CampaignArtifacts(root).evals("c1");
    List<StepMetrics> history = List.of(step(9, null), step(10, 0.375), step(20, 0.5));
    EvalPoint scheduledOnDisk = new EvalPoint(10, "scheduled-step-10", 0.5, null, null, 8); // its report is read
    EvalPoint scheduledElsewhere = new EvalPoint(20, "scheduled-step-20", 0.6, 0.3, 0.85, 10);

    List<EvalPoint> evals = TemporalConsoleBackend.evals(records, history, List.of(scheduledOnDisk, scheduledElsewhere));

    assertThat(evals).extracting(EvalPoint::label)
        .containsExactly("scheduled-step-10", "step-10", "scheduled-step-20", "step-20");
    assertThat(evals.get(0).lower()).isNotNull(); // from the report, not the schedule's point
    assertThat(evals.get(1).n()).isEqualTo(8);
    assertThat(evals.get(1).lower()).isEqualTo(records.get(1).point().lower());
    EvalPoint historyOnly = evals.get(3);
    assertThat(historyOnly.accuracy()).isEqualTo(0.5);
    assertThat(historyOnly.n()).isNull();
    assertThat(historyOnly.lower()).isNull();
  }

  @Test
  void checkpointsAreLastBestAndEveryEvaluatedOneWithTheirEvaluationsAndReports() throws Exception {
    CampaignFixture c = new CampaignFixture(root, "c1");
    c.heldOut("step-10", 10, 3, 8, null);
    c.heldOut("step-20", 20, 6, 8, CampaignFixture.verdicts(1, 2));
    c.bfclEvalFolder("bfcl-step-000005", 5, CampaignFixture.verdicts(1, 2));
    CampaignArtifacts artifacts = new CampaignArtifacts(root);
    List<EvalRecord> records = artifacts.evals("c1");
    List<BfclReportView> bfcl = artifacts.bfcl("c1", records);
    CheckpointRecord best = new CheckpointRecord(20, new ArtifactRef("checkpoints/step-000020", "22".repeat(32)), 0.75);

    List<CheckpointView> list = TemporalConsoleBackend.checkpoints(status(23, best), records, bfcl);

    assertThat(list).extracting(CheckpointView::step).containsExactly(5, 10, 20, 23);
    assertThat(list).extracting(CheckpointView::kind).containsExactly("evaluated", "evaluated", "best", "last");
    CheckpointView ten = list.get(1);
    assertThat(ten.uri()).isEqualTo("checkpoints/step-000010");
    assertThat(ten.evals()).singleElement().satisfies(e -> assertThat(e.n()).isEqualTo(8));
    CheckpointView twenty = list.get(2);
    assertThat(twenty.sha256()).isEqualTo("22".repeat(32));
    assertThat(twenty.bfcl()).extracting(BfclReportView::source).containsExactly("campaign");
    assertThat(list.get(0).bfcl()).extracting(BfclReportView::source).containsExactly("bfcl-eval");
    assertThat(list.get(3).evals()).isEmpty();

    // Without the workflow (LOST campaign): what the disk says.
    assertThat(TemporalConsoleBackend.checkpoints(null, records, bfcl)).extracting(CheckpointView::step)
        .containsExactly(5, 10, 20);
    assertThat(TemporalConsoleBackend.checkpoints(null, List.of(), List.of())).isEmpty();
  }
}
