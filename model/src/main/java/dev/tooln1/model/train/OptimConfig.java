package dev.tooln1.model.train;

import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;

/**
 * Optimizer settings shared by the trainers; {@code maxGradNorm <= 0} disables clipping.
 * {@code gradientShards}: micro-batches are spread over this many gradient accumulators, each on its
 * own thread, summed in a fixed order (see {@code PolicyUpdater#accumulate}); part of what a step
 * computes, so keep it fixed for a campaign.
 */
public record OptimConfig(AdamWConfig adamw, LrSchedule schedule, double maxGradNorm, int gradientShards) {

  public OptimConfig {
    if (adamw == null || schedule == null) {
      throw new IllegalArgumentException("adamw and schedule are required");
    }
    if (gradientShards < 1) {
      throw new IllegalArgumentException("gradientShards must be >= 1, was " + gradientShards);
    }
  }

  /** One gradient accumulator (micro-batches run one after another on the caller's thread). */
  public OptimConfig(AdamWConfig adamw, LrSchedule schedule, double maxGradNorm) {
    this(adamw, schedule, maxGradNorm, 1);
  }

  public OptimConfig withGradientShards(int shards) {
    return new OptimConfig(adamw, schedule, maxGradNorm, shards);
  }

  /** Tool-N1's settings: AdamW, lr 1e-6 constant, grad-norm clip 1.0. */
  public static OptimConfig paperDefaults() {
    return new OptimConfig(AdamWConfig.defaults(), LrSchedule.constant(1e-6, 0), 1.0);
  }
}
