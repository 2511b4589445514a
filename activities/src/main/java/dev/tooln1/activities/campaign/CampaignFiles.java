package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tooln1.activities.store.LocalArtifactStore;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes and reads a campaign's {@code campaign.json}. Both the ops side (which maps the user config
 * to {@code CampaignConfig}) and the activities (which read it back) go through here, so the file
 * and its {@code ArtifactRef("campaign.json", sha256)} are the same on both sides.
 */
public final class CampaignFiles {

  private CampaignFiles() {}

  /**
   * Writes {@code spec} (file paths made absolute against the current directory) as
   * {@code <campaignDir>/campaign.json}; the same spec again returns the same ref, a different one
   * for the same directory fails with {@code ArtifactConflictException}.
   */
  public static ArtifactRef writeCampaignJson(Path campaignDir, CampaignSpec spec) throws IOException {
    return writeCampaignJson(campaignDir, spec, Path.of("").toAbsolutePath());
  }

  /** As above, relative paths in the spec resolved against {@code baseDir}. */
  public static ArtifactRef writeCampaignJson(Path campaignDir, CampaignSpec spec, Path baseDir)
      throws IOException {
    LocalArtifactStore store = new LocalArtifactStore(campaignDir);
    CampaignSpec effective = absolute(spec, baseDir);
    var ref = store.put(CampaignLayout.CAMPAIGN_JSON, toBytes(effective));
    // Record the data spec too when it exists (as tooln1 campaign start does); a missing one is
    // reported by prepareData, as before.
    if (effective.data() != null && effective.data().spec() != null
        && !effective.data().spec().startsWith("vendored:")
        && java.nio.file.Files.isRegularFile(Path.of(effective.data().spec()))) {
      try {
        writeDataSpec(campaignDir, Path.of(effective.data().spec()));
      } catch (IllegalArgumentException invalid) {
        // not recorded: prepareData reports the invalid spec with its file, line and field
      }
    }
    return new ArtifactRef(ref.uri(), ref.sha256());
  }

  /**
   * Records the data spec {@code specFile} (read, validated, source paths made absolute) as the
   * campaign's {@link CampaignLayout#DATA_SPEC}, which is what the workers prepare the data from:
   * the user's file may lie anywhere on the machine that starts the campaign (examples/, a temp
   * folder), where a worker confined to its data roots does not read. The same spec again returns
   * the same ref.
   *
   * @throws IllegalArgumentException if the spec is invalid (file, line and field named)
   * @throws dev.tooln1.activities.store.ArtifactConflictException if the campaign recorded another
   *     data spec (its data was prepared from that one)
   */
  public static ArtifactRef writeDataSpec(Path campaignDir, Path specFile) throws IOException {
    Path file = specFile.toAbsolutePath().normalize();
    dev.tooln1.activities.data.prepare.DataSpec spec =
        dev.tooln1.activities.data.prepare.DataSpec.load(file).withAbsolutePaths(file.getParent());
    var ref = new LocalArtifactStore(campaignDir).put(CampaignLayout.DATA_SPEC, spec.toJsonBytes());
    return new ArtifactRef(ref.uri(), ref.sha256());
  }

  public static byte[] toBytes(CampaignSpec spec) {
    try {
      return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(spec) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static CampaignSpec fromBytes(byte[] bytes, String origin) {
    try {
      return Json.MAPPER.readValue(bytes, CampaignSpec.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": not a campaign spec: " + e.getMessage(), e);
    }
  }

  /** The spec with its file paths (data spec, checkpoint, tokenizer) absolute; {@code vendored:} kept. */
  public static CampaignSpec absolute(CampaignSpec s, Path baseDir) {
    CampaignSpec.Model m = s.model();
    CampaignSpec.Model model = m == null ? null : new CampaignSpec.Model(m.preset(),
        abs(m.checkpoint(), baseDir), abs(m.tokenizer(), baseDir), m.trimVocabulary());
    CampaignSpec.Data d = s.data();
    CampaignSpec.Data data = d == null ? null
        : new CampaignSpec.Data(abs(d.spec(), baseDir), d.trainSplit(), d.evalSplit());
    return new CampaignSpec(s.name(), s.description(), s.seed(), model, data, s.reward(),
        s.promptFormat(), s.sft(), s.grpo(), s.schedule(), s.evaluation(), s.guard(), s.compute());
  }

  private static String abs(String path, Path baseDir) {
    if (path == null || path.startsWith("vendored:")) {
      return path;
    }
    return baseDir.resolve(path).toAbsolutePath().normalize().toString();
  }
}
