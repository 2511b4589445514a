package dev.tooln1.activities.campaign;

import dev.tooln1.activities.store.LocalArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a campaign keeps its durable record, {@code <campaignsRoot>/<campaignId>/}. Every artifact
 * URI is relative to that directory (the {@link LocalArtifactStore} rooted there):
 *
 * <pre>
 * campaign.json                        the CampaignSpec (defaults applied, paths absolute)
 * data-spec.json                       the data spec as the campaign was started with it (paths absolute)
 * data/                                PrepareDataService output (manifest.json + shards)
 * vocab.json                           TrimmedVocabulary, when model.trimVocabulary
 * checkpoints/base/                    the base policy, materialised (only when SFT runs)
 * checkpoints/step-NNNNNN/             CheckpointStore; step-000000 = the policy RL starts from
 * rollouts/step-NNNNNN[.shard-i-of-n].jsonl
 * rewards/step-NNNNNN.jsonl
 * metrics/step-NNNNNN.json, metrics/sft.json
 * eval/&lt;label&gt;-step-NNNNNN.json
 * </pre>
 */
public final class CampaignLayout {

  public static final String CAMPAIGN_JSON = "campaign.json";
  /**
   * The data spec recorded at start ({@code CampaignFiles.writeDataSpec}): workers read it from here
   * rather than from the user's file, which may lie anywhere on the machine that started the campaign.
   */
  public static final String DATA_SPEC = "data-spec.json";
  public static final String DATA_PREFIX = "data/";
  public static final String MANIFEST = DATA_PREFIX + "manifest.json";
  public static final String VOCAB = "vocab.json";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String BASE_CHECKPOINT = "base";
  private static final Pattern STEP_NAME = Pattern.compile("step-(\\d{6,})");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final String campaignId;
  private final Path dir;
  private LocalArtifactStore store;

  public CampaignLayout(Path campaignsRoot, String campaignId) {
    if (campaignId == null || !ID.matcher(campaignId).matches()) {
      throw new IllegalArgumentException("campaign id '" + campaignId
          + "' must be 1-128 characters of letters, digits, '.', '_', '-'");
    }
    this.campaignId = campaignId;
    this.dir = campaignsRoot.toAbsolutePath().normalize().resolve(campaignId);
  }

  public String campaignId() {
    return campaignId;
  }

  public Path dir() {
    return dir;
  }

  /** The artifact store of this campaign (created on first use). */
  public synchronized LocalArtifactStore store() {
    if (store == null) {
      try {
        store = new LocalArtifactStore(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return store;
  }

  public Path checkpointsDir() {
    return dir.resolve(CHECKPOINTS);
  }

  public static String stepName(int step) {
    return String.format(Locale.ROOT, "step-%06d", step);
  }

  /** The step of a checkpoint name {@code step-NNNNNN}, or -1. */
  public static int stepOf(String checkpointName) {
    Matcher m = STEP_NAME.matcher(checkpointName);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  public static String checkpointUri(String name) {
    return CHECKPOINTS + "/" + name;
  }

  public static String checkpointUri(int step) {
    return checkpointUri(stepName(step));
  }

  public static String rolloutUri(int step, int shard, int shards) {
    return "rollouts/" + stepName(step)
        + (shards > 1 ? ".shard-" + shard + "-of-" + shards : "") + ".jsonl";
  }

  public static String rewardsUri(int step) {
    return "rewards/" + stepName(step) + ".jsonl";
  }

  /** Metrics of the update that produced checkpoint {@code step}. */
  public static String metricsUri(int step) {
    return "metrics/" + stepName(step) + ".json";
  }

  public static final String SFT_METRICS = "metrics/sft.json";

  public static String evalUri(String label, int step) {
    if (!ID.matcher(label).matches()) {
      throw new IllegalArgumentException("evaluation label '" + label + "' must be letters, digits, '.', '_', '-'");
    }
    return "eval/" + label + "-" + stepName(step) + ".json";
  }
}
