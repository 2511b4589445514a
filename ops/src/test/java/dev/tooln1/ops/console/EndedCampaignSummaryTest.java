package dev.tooln1.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.activities.campaign.records.CampaignEndRecords;
import dev.tooln1.ops.console.ConsoleBackend.CampaignSummary;
import dev.tooln1.workflows.dto.CampaignOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row of a campaign whose history is gone, from the end its directory records. */
class EndedCampaignSummaryTest {

  private static final Instant T = Instant.parse("2026-11-23T14:19:38Z");

  @TempDir
  Path root;

  @Test
  void eachRecordedEndHasTheStatusWordsOfAWorkflowThatEndedThatWay() {
    CampaignSummary done = TemporalConsoleBackend.ended("c", new CampaignEnd("c", CampaignOutcome.COMPLETED, 40, T, null));
    assertThat(done.status()).isEqualTo("COMPLETED");
    assertThat(done.phase()).isEqualTo("COMPLETED");
    assertThat(done.step()).isEqualTo(40);
    assertThat(done.etaSeconds()).isNull();

    CampaignSummary stopped = TemporalConsoleBackend.ended("c", new CampaignEnd("c", CampaignOutcome.STOPPED, 12, T, null));
    assertThat(stopped.status()).isEqualTo("COMPLETED"); // as the console shows a live stopped one
    assertThat(stopped.phase()).isEqualTo("STOPPED");
    assertThat(stopped.step()).isEqualTo(12);

    CampaignSummary failed = TemporalConsoleBackend.ended("c",
        new CampaignEnd("c", CampaignOutcome.FAILED, 7, T, "campaign c failed in update at step 7"));
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.step()).isEqualTo(7);
  }

  @Test
  void theConsoleReadsTheEndFromTheCampaignDirectory() throws Exception {
    CampaignLayout layout = new CampaignLayout(root, "c1");
    CampaignArtifacts artifacts = new CampaignArtifacts(root);
    assertThat(artifacts.ended("c1")).isEmpty();
    CampaignEnd end = new CampaignEnd("c1", CampaignOutcome.STOPPED, 3, T, null);
    CampaignEndRecords.write(layout.store(), end);
    assertThat(artifacts.ended("c1")).contains(end);
    // a checkpoint beyond the end: it was started again after that end, and lost
    Files.createDirectories(layout.checkpointsDir().resolve(CampaignLayout.stepName(4)));
    assertThat(artifacts.ended("c1")).isEmpty();
    // a folder name no campaign can have tells nothing, and throws nothing
    assertThat(artifacts.ended("not a campaign")).isEmpty();
  }
}
