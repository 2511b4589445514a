package dev.tooln1.activities.campaign.checkpoints;

import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.store.Sha256;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code CampaignConfig.basePolicy} of a spec, by convention: {@code model:preset/<name>} (sha256
 * of that string; seeded random init from the campaign seed) or {@code model:hf/<absolute dir>}
 * (sha256 of the directory's {@code config.json}). The activities resolve it and materialise it as a
 * checkpoint in the campaign directory.
 */
public final class BasePolicyRef {

  public static final String PRESET_PREFIX = "model:preset/";
  public static final String HF_PREFIX = "model:hf/";

  private BasePolicyRef() {}

  public static ArtifactRef of(CampaignSpec spec) {
    CampaignSpec.Model m = spec.model();
    if (m == null || (m.preset() == null) == (m.checkpoint() == null)) {
      throw new IllegalArgumentException("model: set exactly one of 'preset' or 'checkpoint'");
    }
    if (m.preset() != null) {
      String uri = PRESET_PREFIX + m.preset();
      return new ArtifactRef(uri, Sha256.hex(uri.getBytes(StandardCharsets.UTF_8)));
    }
    Path dir = Path.of(m.checkpoint()).toAbsolutePath().normalize();
    try {
      return new ArtifactRef(HF_PREFIX + dir, Sha256.hex(Files.readAllBytes(dir.resolve("config.json"))));
    } catch (IOException e) {
      throw new UncheckedIOException("model.checkpoint: cannot read " + dir.resolve("config.json"), e);
    }
  }

  public static boolean isBasePolicy(ArtifactRef ref) {
    return ref.uri().startsWith(PRESET_PREFIX) || ref.uri().startsWith(HF_PREFIX);
  }
}
