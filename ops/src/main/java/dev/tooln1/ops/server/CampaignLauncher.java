package dev.tooln1.ops.server;

import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.BasePolicyRef;
import dev.tooln1.activities.campaign.CampaignFiles;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignConfig;
import java.nio.file.Files;
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
    return toWorkflowConfig(effective, config, taskQueue);
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
    CampaignSpec.Model model = new CampaignSpec.Model(m.preset(),
        m.checkpoint() == null ? null : absolute(m.checkpoint(), configFile), m.tokenizer(),
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
    if (path == null || path.contains(":")) {
      return path; // a URI-like value ("vendored:qwen2.5") is the activities' to resolve
    }
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return p.normalize().toString();
    }
    Path fromCwd = p.toAbsolutePath().normalize();
    if (Files.exists(fromCwd)) {
      return fromCwd.toString();
    }
    Path dir = configFile.toAbsolutePath().getParent();
    Path fromConfig = dir == null ? fromCwd : dir.resolve(p).normalize();
    return Files.exists(fromConfig) ? fromConfig.toString() : fromCwd.toString();
  }
}
