package dev.tooln1.ops.console;

import dev.tooln1.activities.campaign.EvalSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operations console shows and does. The production implementation asks Temporal
 * (workflow queries and signals) and reads the campaign directories; the console itself knows
 * nothing of either.
 */
public interface ConsoleBackend {

  List<CampaignSummary> campaigns();

  Optional<CampaignDetail> campaign(String id);

  /** Signals; each throws {@link IllegalArgumentException} for an unknown campaign. */
  void pause(String id);

  void resume(String id);

  void stop(String id);

  /** Starts an evaluation of one checkpoint (the latest when {@code step} is null); returns its workflow id. */
  String evaluate(String id, Integer step, EvalSet set);

  List<ScheduleView> schedules();

  /**
   * A BFCL report page rendered from a campaign's own evaluation results: {@code name} is an
   * evaluation's base name ({@code <label>-step-NNNNNN}) or {@link #COMPARISON} for all of them side by
   * side. Empty when there is no such report.
   */
  Optional<Document> bfclReport(String id, String name);

  /**
   * A report file written into the campaign's {@code eval/} folder (by {@code tooln1 bfcl-eval --out}
   * or {@code bfcl-report --out}); {@code path} is relative to that folder and never leaves it.
   * Empty when there is no such file, it lies outside, or it is not a report (HTML, Markdown, JSON).
   */
  Optional<Document> evalFile(String id, String path);

  /** Name of the generated cross-checkpoint BFCL comparison. */
  String COMPARISON = "comparison";

  /** A page or file the console serves as is. */
  record Document(String contentType, byte[] body) {}

  /** One row of the campaign list. {@code status}: RUNNING, PAUSED, STOPPING, COMPLETED, FAILED. */
  record CampaignSummary(String id, String name, String status, String phase, int step,
      Integer totalSteps, Double lastReward, Double lastAccuracy, Long etaSeconds, String startedAt) {}

  /**
   * One GRPO step's figures, as the charts plot them. A phase time is null where the source does not
   * record it (the metrics files on disk keep only the update's time).
   */
  record StepPoint(int step, double meanReward, double formatValidRate, double kl,
      double responseLength, Double rolloutSeconds, Double scoreSeconds, Double updateSeconds) {}

  /**
   * Where the charts' step history came from, said on the page.
   *
   * @param kind {@link #HISTORY_WORKFLOW}, {@link #HISTORY_FILES} or {@link #HISTORY_NONE}
   * @param description one sentence for the reader
   */
  record HistorySource(String kind, String description) {}

  /** The campaign workflow's metrics history. */
  String HISTORY_WORKFLOW = "workflow";
  /** The campaign's {@code metrics/step-NNNNNN.json} files: the workflow has no history of it. */
  String HISTORY_FILES = "metrics-files";
  /** Neither has a step yet. */
  String HISTORY_NONE = "none";

  /**
   * A held-out evaluation of a checkpoint: accuracy on {@code n} tasks with its 95% Wilson interval.
   * {@code n}, {@code lower} and {@code upper} are null where the record does not say (e.g. the
   * workflow's history keeps only the accuracy): the console shows what is known, nothing invented.
   *
   * @param label what the evaluation was for: {@code step-20}, {@code final}, {@code scheduled-step-20}
   */
  record EvalPoint(int step, String label, double accuracy, Double lower, Double upper, Integer n) {}

  /**
   * One sampled response of the newest scored step, with its reward and the reward's reason.
   *
   * @param promptId the task id of the prompt; {@code sample} its index in the prompt's group
   * @param truncated whether {@code response} was cut to the console's limit
   */
  record SampleView(int step, String promptId, int sample, double reward, String reason,
      String response, boolean truncated) {}

  /**
   * A BFCL report of a campaign.
   *
   * @param step the checkpoint it evaluates; null for a comparison or a report of unknown origin
   * @param source {@code campaign} (the campaign's own evaluation), {@code bfcl-eval} or
   *     {@code bfcl-report} (a folder those commands wrote into {@code eval/})
   * @param runs how many runs the report holds (more than one: a comparison)
   * @param aggregates headline columns of its (first) run: the leaderboard's, e.g. {@code non_live_ast},
   *     and the Tool-N1 paper's Table 2 column as {@code tool_n1_non_live}, {@code tool_n1_live},
   *     {@code tool_n1_overall}
   * @param incomplete the keys of {@code aggregates} that include a category the run did not evaluate
   *     (counted as 0, as BFCL does)
   * @param url where the console serves its HTML page; null when there is none
   */
  record BfclReportView(String label, Integer step, String source, int runs, Integer items,
      Map<String, Double> aggregates, List<String> incomplete, String url) {}

  /**
   * A checkpoint with what is known of it.
   *
   * @param kind {@code last}, {@code best}, {@code last, best} or {@code evaluated}
   */
  record CheckpointView(int step, String uri, String sha256, String kind, List<EvalPoint> evals,
      List<BfclReportView> bfcl) {}

  /**
   * @param historySource where {@code history} came from
   * @param bfclComparisons BFCL reports across checkpoints (and reports not tied to one checkpoint)
   */
  record CampaignDetail(CampaignSummary summary, List<StepPoint> history, HistorySource historySource,
      List<EvalPoint> evals,
      List<SampleView> samples, List<CheckpointView> checkpoints, List<BfclReportView> bfclComparisons) {}

  /** @param kind {@code workflow} (the durable scheduler workflow) or {@code native} (a Temporal Schedule) */
  record ScheduleView(String id, String campaignId, String evalSet, long intervalSeconds,
      String lastRun, String nextRun, String status, String kind) {}
}
