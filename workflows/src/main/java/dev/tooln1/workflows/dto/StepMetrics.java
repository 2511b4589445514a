package dev.tooln1.workflows.dto;

/**
 * Summary of one completed training step.
 *
 * @param step          1-based step number (= the checkpoint it produced)
 * @param epoch         epoch of the batch trained on
 * @param batch         batch index within the epoch
 * @param evalAccuracy  accuracy of the evaluation run after this step; null if none ran
 * @param collapse      set when the collapse guard skipped this step's update and rolled back;
 *                      null otherwise
 */
public record StepMetrics(
    int step,
    int epoch,
    int batch,
    double meanReward,
    double accuracy,
    double formatValidRate,
    double kl,
    double meanResponseTokens,
    Double evalAccuracy,
    PhaseTimings timings,
    CollapseEvent collapse) {

  /** A step without a collapse-guard intervention. */
  public StepMetrics(int step, int epoch, int batch, double meanReward, double accuracy,
      double formatValidRate, double kl, double meanResponseTokens, Double evalAccuracy,
      PhaseTimings timings) {
    this(step, epoch, batch, meanReward, accuracy, formatValidRate, kl, meanResponseTokens,
        evalAccuracy, timings, null);
  }
}
