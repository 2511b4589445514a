package dev.tooln1.ops.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.ops.config.CampaignSpecLoader;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CollapseGuard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mapping of the user's campaign config onto the workflow's. */
class CampaignLauncherTest {

  private final CampaignSpecLoader loader = new CampaignSpecLoader(List.of("tooln1"));
  private final ArtifactRef ref = new ArtifactRef("campaign.json", "0".repeat(64));

  @Test
  void theCollapseGuardReachesTheWorkflow() throws Exception {
    CampaignSpec spec = loader.parse("c.yaml", """
        name: g
        model: {preset: tiny}
        data: {spec: /tmp/d.yaml}
        guard: {rollbackOnCollapse: true, collapseFraction: 0.3, baselineSteps: 4}
        """);
    CampaignConfig cfg = CampaignLauncher.toWorkflowConfig(spec, ref, "q");
    assertThat(cfg.collapseGuard()).isEqualTo(new CollapseGuard(true, 0.3, 4));
    assertThat(cfg.activeCollapseGuard()).isNotNull();
    assertThat(cfg.problems()).isEmpty();
  }

  @Test
  void withoutAGuardSectionTheGuardIsOff() throws Exception {
    CampaignSpec spec = loader.parse("c.yaml", "name: g\nmodel: {preset: tiny}\ndata: {spec: /tmp/d.yaml}\n");
    CampaignConfig cfg = CampaignLauncher.toWorkflowConfig(spec, ref, "q");
    assertThat(cfg.activeCollapseGuard()).isNull();
    assertThat(spec.schedule().keepCheckpoints()).isEqualTo(3);
  }
}
