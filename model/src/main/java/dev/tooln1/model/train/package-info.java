/**
 * Optimizer steps on a Qwen2 policy: {@link dev.tooln1.model.train.SftTrainer} (masked next-token
 * cross-entropy) and {@link dev.tooln1.model.train.GrpoTrainer} (group advantages, PPO clip, KL to a frozen
 * reference) each run forward/backward passes of the one {@code nn.Qwen2Model} over micro-batches,
 * accumulate gradients (optionally data-parallel over a fixed number of shards, summed in a fixed order),
 * clip, and apply AdamW with a learning-rate schedule. The trainer's state — weights, optimizer moments,
 * step and RNG ({@link dev.tooln1.model.train.SplitMix64}) — is exactly what a checkpoint holds, so a
 * resumed run continues bit for bit.
 */
package dev.tooln1.model.train;
