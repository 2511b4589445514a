/**
 * The training objectives as plain Java over per-token log-probs: {@link dev.tooln1.model.loss.SftLoss}
 * and {@link dev.tooln1.model.loss.GrpoLoss} (the Tool-N1 / verl GRPO defaults: std-normalised group
 * advantages, PPO clip, k3 KL in the loss, token-mean or sequence-mean aggregation). Each returns its
 * value, metrics and dLoss/dLogProb, which the model's backward takes; no tensor library is involved.
 */
package dev.tooln1.model.loss;
