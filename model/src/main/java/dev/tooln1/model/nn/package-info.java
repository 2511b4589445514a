/**
 * The Qwen2 network: weights ({@link dev.tooln1.model.nn.Qwen2Weights}, Hugging Face names and layout),
 * the one forward pass ({@link dev.tooln1.model.nn.Qwen2Model}) that sampling and training both run —
 * with a {@link dev.tooln1.model.nn.KvCache} kept between calls when sampling, and with its activations
 * kept for the hand-written backward into {@link dev.tooln1.model.nn.Gradients} when training — its
 * input ({@link dev.tooln1.model.nn.TokenBatch}: padded ids and mask), RoPE from one table builder, and
 * batched sampling on top of it ({@link dev.tooln1.model.nn.Generator}, temperature / top-k / top-p,
 * seeded per row). The forward is checked against an independent numpy reference and the backward by
 * finite differences; the sampler's log-probs equal the training pass's to float32 rounding.
 */
package dev.tooln1.model.nn;
