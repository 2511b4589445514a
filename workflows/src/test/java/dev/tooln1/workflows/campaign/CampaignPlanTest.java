package dev.tooln1.workflows.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.ConfigUpdate;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.PreparedData;
import org.junit.jupiter.api.Test;

/** The step plan a config gives and how updateConfig changes it, without Temporal. */
class CampaignPlanTest {
  private static final ArtifactRef REF = new ArtifactRef("mem://x", "sha");
  /** 3 batches per epoch. */
  private static final PreparedData DATA = new PreparedData(REF, REF, 12, 3);

  private static CampaignConfig.Builder config() {
    return CampaignConfig.builder("c", REF, REF).epochs(2).evalInterval(4).checkpointInterval(5);
  }

  @Test
  void totalStepsAreEpochsTimesBatchesCappedByTheStepLimitAndUnknownBeforeTheData() {
    assertThat(CampaignPlan.totalSteps(config().build(), DATA)).isEqualTo(6);
    assertThat(CampaignPlan.totalSteps(config().maxSteps(4).build(), DATA)).isEqualTo(4);
    assertThat(CampaignPlan.totalSteps(config().maxSteps(40).build(), DATA)).isEqualTo(6);
    assertThat(CampaignPlan.totalSteps(config().build(), null)).isEqualTo(-1);
  }

  @Test
  void trainingEndsWhenTheCursorLeavesTheLastEpochOrAtTheStepLimit() {
    CampaignConfig c = config().build();
    assertThat(CampaignPlan.trainingDone(c, 5, new DataCursor(1, 2))).isFalse();
    assertThat(CampaignPlan.trainingDone(c, 6, new DataCursor(2, 0))).isTrue();
    // resumed exactly at an epoch boundary: the step count does not end it, the cursor decides
    assertThat(CampaignPlan.trainingDone(c, 3, new DataCursor(1, 0))).isFalse();
    assertThat(CampaignPlan.trainingDone(config().maxSteps(2).build(), 2, new DataCursor(0, 2)))
        .isTrue();
  }

  @Test
  void evaluatedIntervalAndLastCheckpointsAreKept() {
    CampaignConfig c = config().build();
    assertThat(CampaignPlan.evaluatesAfter(c, 4)).isTrue();
    assertThat(CampaignPlan.evaluatesAfter(c, 3)).isFalse();
    assertThat(CampaignPlan.evaluatesAfter(config().evalInterval(0).build(), 4)).isFalse();
    assertThat(CampaignPlan.keeps(c, DATA, 4)).isTrue();  // evaluated
    assertThat(CampaignPlan.keeps(c, DATA, 5)).isTrue();  // checkpoint interval
    assertThat(CampaignPlan.keeps(c, DATA, 6)).isTrue();  // the last
    assertThat(CampaignPlan.keeps(c, DATA, 3)).isFalse();
  }

  @Test
  void anUpdateChangesTheSafeFieldsAndLeavesNullsAlone() {
    CampaignPlan.Updated u = CampaignPlan.apply(config().build(), new ConfigUpdate(1, 4));
    assertThat(u.config().evalInterval()).isEqualTo(1);
    assertThat(u.config().maxSteps()).isEqualTo(4);
    assertThat(u.rejected()).isNull();
    CampaignPlan.Updated none = CampaignPlan.apply(config().build(), new ConfigUpdate(null, null));
    assertThat(none.config()).isEqualTo(config().build());
  }

  @Test
  void negativeValuesAreRejectedByNameAndTheRestStillApplies() {
    CampaignPlan.Updated u = CampaignPlan.apply(config().build(), new ConfigUpdate(-2, 3));
    assertThat(u.config().evalInterval()).isEqualTo(4);
    assertThat(u.config().maxSteps()).isEqualTo(3);
    assertThat(u.rejected()).isEqualTo("config update rejected: evalInterval must be >= 0, was -2");
    assertThat(CampaignPlan.apply(config().build(), new ConfigUpdate(-1, -1)).rejected())
        .isEqualTo("config update rejected: evalInterval must be >= 0, was -1; "
            + "maxSteps must be >= 0, was -1");
  }
}
