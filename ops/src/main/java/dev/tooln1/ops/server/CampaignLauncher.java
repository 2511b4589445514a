package dev.tooln1.ops.server;

import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.CampaignFiles;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.store.ArtifactConflictException;
import dev.tooln1.ops.config.CampaignPaths;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignConfig;
import java.nio.file.Path;

/**
 * Turns a validated {@link CampaignSpec} into what the campaign workflow runs on: the effective
 * config (all defaults applied, relative paths made absolute) recorded as the artifact
 * {@code <campaign>/campaign.json} that every activity reads, and the workflow's
 * {@link CampaignConfig}.
 *
 * <p>The base policy is named by URI ({@code BasePolicyRef}): {@code model:preset/<name>} (a preset
 * shape, initialised from the campaign seed) or {@code model:hf/<absolute dir>} (a Hugging Face
 * checkpoint directory); the activities resolve it.
 */
public final class CampaignLauncher {
  /** Step metrics the workflow keeps for the console's charts (bounded; see CampaignConfig). */
  static final int METRICS_HISTORY_LIMIT = 1000;

  private final CampaignRegistry registry;

  public CampaignLauncher(CampaignRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records the effective config and returns the workflow input.
   *
   * @param configFile the user's file, against whose directory relative paths are resolved when
   *                   they do not exist relative to the working directory
   * @throws IllegalStateException if the name is taken by a campaign with a different config
   */
  public CampaignConfig prepare(CampaignSpec spec, Path configFile, String taskQueue) {
    CampaignSpec effective = withAbsolutePaths(spec, configFile);
    byte[] content;
    try {
      content = CampaignFiles.toBytes(effective);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("cannot write the effective config: " + e.getMessage(), e);
    }
    ArtifactRef config = registry.putConfig(spec.name(), content);
    recordDataSpec(spec.name(), Path.of(effective.data().spec()));
    return toWorkflowConfig(effective, config, taskQueue);
  }

  /**
   * Records the data spec in the campaign directory ({@code data-spec.json}), where the workers read
   * it: they need not (and, confined to their data roots, may not) read the user's file. A campaign
   * started earlier from another version of the file is refused, since its data came from that one.
   */
  private void recordDataSpec(String campaign, Path specFile) {
    Path dir = registry.root().resolve(campaign);
    try {
      CampaignFiles.writeDataSpec(dir, specFile);
    } catch (ArtifactConflictException e) {
      throw new IllegalStateException("campaign '" + campaign + "' was started with another version of its "
          + "data spec (recorded in " + dir.resolve(CampaignLayout.DATA_SPEC) + "), and " + specFile
          + " has changed since; restore it, or give the campaign another name", e);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new IllegalStateException("data.spec: " + e.getMessage(), e);
    }
  }

  /** The mapping from the user's spec to the workflow's config. */
  static CampaignConfig toWorkflowConfig(CampaignSpec spec, ArtifactRef config, String taskQueue) {
    CampaignSpec.Schedule s = spec.schedule();
    return CampaignConfig.builder(spec.name(), config, basePolicy(spec))
        .seed(spec.seed())
        .epochs(s.epochs())
        .maxSteps(s.maxSteps() == null ? 0 : s.maxSteps())
        .evalInterval(s.evalInterval())
        .checkpointInterval(s.checkpointInterval())
        .continueAsNewInterval(s.continueAsNewInterval())
        .sftWarmup(spec.sft().enabled())
        .finalEvaluation(true)
        .metricsHistoryLimit(METRICS_HISTORY_LIMIT)
        .taskQueue(taskQueue)
        .heartbeatTimeout(s.heartbeatTimeoutSeconds() == null ? null : java.time.Duration.ofSeconds(s.heartbeatTimeoutSeconds()))
        .workerStartTimeout(s.workerStartTimeoutSeconds() == null ? null : java.time.Duration.ofSeconds(s.workerStartTimeoutSeconds()))
        .collapseGuard(spec.guard() == null ? null : new dev.tooln1.workflows.dto.CollapseGuard(
            spec.guard().rollbackOnCollapse(), spec.guard().collapseFraction(), spec.guard().baselineSteps()))
        .build();
  }

  /** The activities' naming of the initial policy (see {@link BasePolicyRef}). */
  static ArtifactRef basePolicy(CampaignSpec spec) {
    try {
      return BasePolicyRef.of(spec);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static CampaignSpec withAbsolutePaths(CampaignSpec spec, Path configFile) {
    CampaignSpec.Model m = spec.model();
    // The tokenizer too: a relative one would otherwise be read from each worker's working directory.
    CampaignSpec.Model model = new CampaignSpec.Model(m.preset(),
        m.checkpoint() == null ? null : absolute(m.checkpoint(), configFile), absolute(m.tokenizer(), configFile),
        m.trimVocabulary());
    CampaignSpec.Data d = spec.data();
    CampaignSpec.Data data = new CampaignSpec.Data(absolute(d.spec(), configFile), d.trainSplit(),
        d.evalSplit());
    return new CampaignSpec(spec.name(), spec.description(), spec.seed(), model, data,
        spec.reward(), spec.promptFormat(), spec.sft(), spec.grpo(), spec.schedule(),
        spec.evaluation(), spec.guard(), spec.compute());
  }

  /** Relative to the working directory if it exists there, else to the config file's directory. */
  static String absolute(String path, Path configFile) {
    return CampaignPaths.absolute(path, configFile);
  }
}
