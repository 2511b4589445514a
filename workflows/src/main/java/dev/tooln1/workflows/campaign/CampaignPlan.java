package dev.tooln1.workflows.campaign;

import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.ConfigUpdate;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.PreparedData;
import java.util.ArrayList;
import java.util.List;

/**
 * What the campaign's config says about its steps (how many, when to evaluate, which checkpoints to
 * keep, when training is over), and how an {@code updateConfig} signal changes that config. Pure
 * functions of the config and the prepared data's size, asked afresh at every step because the
 * config may change while the campaign runs.
 */
final class CampaignPlan {
  private CampaignPlan() {}

  /** Planned steps: epochs × batches per epoch, capped by the step limit; -1 before prepareData. */
  static int totalSteps(CampaignConfig config, PreparedData data) {
    if (data == null) {
      return -1;
    }
    long planned = (long) config.epochs() * data.batchesPerEpoch();
    if (config.maxSteps() > 0) {
      planned = Math.min(planned, config.maxSteps());
    }
    return (int) Math.min(planned, Integer.MAX_VALUE);
  }

  /**
   * Over when the data cursor has left the last epoch or the step limit is reached. The cursor, not
   * the step count, says where the data ends, so a run resumed exactly at an epoch boundary (cursor
   * {@code (e, 0)}) trains epoch {@code e}.
   */
  static boolean trainingDone(CampaignConfig config, int step, DataCursor cursor) {
    return cursor.epoch() >= config.epochs() || (config.maxSteps() > 0 && step >= config.maxSteps());
  }

  /** Whether checkpoint {@code produced} is evaluated as soon as it is made. */
  static boolean evaluatesAfter(CampaignConfig config, int produced) {
    return config.evalInterval() > 0 && produced % config.evalInterval() == 0;
  }

  /**
   * Whether the update keeps checkpoint {@code produced} long-term (never pruned): an evaluated one,
   * every {@code checkpointInterval}-th, and the last.
   */
  static boolean keeps(CampaignConfig config, PreparedData data, int produced) {
    return evaluatesAfter(config, produced)
        || (config.checkpointInterval() > 0 && produced % config.checkpointInterval() == 0)
        || produced == totalSteps(config, data);
  }

  /**
   * @param config   the config with the accepted changes
   * @param rejected why some changes were refused (for {@code status().notice}); null if none was
   */
  record Updated(CampaignConfig config, String rejected) {}

  /** Applies the safe fields of an update; a negative value is refused, the rest still applies. */
  static Updated apply(CampaignConfig config, ConfigUpdate update) {
    List<String> rejected = new ArrayList<>();
    CampaignConfig result = config;
    if (update.evalInterval() != null) {
      if (update.evalInterval() < 0) {
        rejected.add("evalInterval must be >= 0, was " + update.evalInterval());
      } else {
        result = result.withEvalInterval(update.evalInterval());
      }
    }
    if (update.maxSteps() != null) {
      if (update.maxSteps() < 0) {
        rejected.add("maxSteps must be >= 0, was " + update.maxSteps());
      } else {
        result = result.withMaxSteps(update.maxSteps());
      }
    }
    return new Updated(result,
        rejected.isEmpty() ? null : "config update rejected: " + String.join("; ", rejected));
  }
}
