package dev.tooln1.activities.campaign;

import dev.tooln1.workflows.dto.ArtifactRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A small campaign for tests: the tiny preset (trimmed vocabulary) on 160 synthetic tasks. */
final class TinyCampaign {

  static final int GROUP = 3;
  static final int PROMPTS_PER_STEP = 4;

  private TinyCampaign() {}

  static Path dataSpec(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path spec = dir.resolve("tiny-synthetic.yaml");
    Files.writeString(spec, """
        seed: 3
        sources:
          - {type: synthetic, count: 160, mix: {single: 1, distractors: 1, irrelevant: 1}}
        split: {train: 0.8, validation: 0.2, test: 0}
        """);
    return spec;
  }

  static CampaignSpec spec(Path dataSpec, int sftSteps, int maxSteps) {
    return new CampaignSpec("tiny", "test campaign", 11,
        new CampaignSpec.Model("tiny", null, "vendored:qwen2.5", true),
        new CampaignSpec.Data(dataSpec.toString(), "train", "validation"),
        "tooln1", "tooln1",
        new CampaignSpec.Sft(sftSteps > 0, Math.max(1, sftSteps), 8, 2e-3, 0, 1.0, 2),
        new CampaignSpec.Grpo(GROUP, 0.7, 1.0, 0, 1e-3, 0.001, 0.2, 0.2, PROMPTS_PER_STEP, 2, 1, 480, 12,
            1.0, 0.0, 0, "token-mean", true, false),
        new CampaignSpec.Schedule(1, maxSteps, 2, 1, 10, 3),
        new CampaignSpec.Evaluation(6, List.of(), null, false, null, 0.0),
        new CampaignSpec.Guard(false, 0.5, 5));
  }

  static ArtifactRef write(Path campaignsRoot, String id, CampaignSpec spec) throws IOException {
    return CampaignFiles.writeCampaignJson(campaignsRoot.resolve(id), spec);
  }
}
