package dev.tooln1.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.ops.console.ConsoleBackend.StepPoint;
import dev.tooln1.ops.console.TemporalConsoleBackend.ChartHistory;
import dev.tooln1.workflows.dto.PhaseTimings;
import dev.tooln1.workflows.dto.StepMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the campaign charts take their steps from: the workflow, else the metrics files on disk. */
class ChartHistoryTest {

  @TempDir
  Path root;

  @Test
  void withoutWorkflowHistoryTheChartsShowTheNewestMetricsFilesAndSaySo() throws Exception {
    CampaignFixture c = new CampaignFixture(root, "lost");
    for (int step = 1; step <= 6; step++) {
      c.metrics(step, 0.1 * step, 0.001 * step, 2.5 + step);
    }
    // Being written (no sidecar yet) and not metrics at all: neither is plotted.
    Files.writeString(c.dir.resolve(CampaignLayout.metricsUri(7)), "{\"mean_reward\": 0.7");
    Files.writeString(c.dir.resolve(CampaignLayout.metricsUri(8)), "{\"step\": 8}\n");
    Files.writeString(c.dir.resolve(CampaignLayout.metricsUri(8) + ".sha256"), "0".repeat(64) + "  step-000008.json\n");
    CampaignArtifacts artifacts = new CampaignArtifacts(root, 8, 4);

    ChartHistory h = TemporalConsoleBackend.chartHistory(List.of(), artifacts, "lost");

    // Bounded to the newest 4 complete files: step 8 is among them but unreadable, so 4..6 remain.
    assertThat(h.points()).extracting(StepPoint::step).containsExactly(4, 5, 6);
    StepPoint five = h.points().get(1);
    assertThat(five.meanReward()).isEqualTo(0.5);
    assertThat(five.kl()).isEqualTo(0.005);
    assertThat(five.formatValidRate()).isEqualTo(0.9);
    assertThat(five.responseLength()).isEqualTo(35.0);
    assertThat(five.updateSeconds()).isEqualTo(7.5);
    assertThat(five.rolloutSeconds()).isNull(); // not recorded in the files: unknown, not zero
    assertThat(five.scoreSeconds()).isNull();
    assertThat(h.source().kind()).isEqualTo(ConsoleBackend.HISTORY_FILES);
    assertThat(h.source().description()).contains("the workflow has no history of this campaign")
        .contains("metrics/step-*.json").contains("steps 4–6").contains("the newest 4 at most");
  }

  @Test
  void theWorkflowsHistoryIsPreferredWhenItHasOne() throws Exception {
    CampaignFixture c = new CampaignFixture(root, "live");
    c.metrics(1, 0.9, 0.1, 1.0);
    StepMetrics m = new StepMetrics(1, 0, 0, 0.25, 0.2, 0.75, 0.002, 18, null,
        new PhaseTimings(3000, 500, 1500, 0, 5200, 5000));

    ChartHistory h = TemporalConsoleBackend.chartHistory(List.of(m), new CampaignArtifacts(root), "live");

    assertThat(h.source().kind()).isEqualTo(ConsoleBackend.HISTORY_WORKFLOW);
    assertThat(h.points()).singleElement().satisfies(p -> {
      assertThat(p.meanReward()).isEqualTo(0.25);
      assertThat(p.rolloutSeconds()).isEqualTo(3.0);
      assertThat(p.scoreSeconds()).isEqualTo(0.5);
      assertThat(p.updateSeconds()).isEqualTo(1.5);
    });
  }

  @Test
  void aCampaignWithNoStepAnywhereSaysSo() throws Exception {
    new CampaignFixture(root, "fresh");

    ChartHistory h = TemporalConsoleBackend.chartHistory(List.of(), new CampaignArtifacts(root), "fresh");

    assertThat(h.points()).isEmpty();
    assertThat(h.source().kind()).isEqualTo(ConsoleBackend.HISTORY_NONE);
    assertThat(h.source().description()).isEqualTo("Charts: no step recorded yet.");
  }
}
