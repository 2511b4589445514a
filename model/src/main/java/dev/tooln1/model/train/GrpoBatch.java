package dev.tooln1.model.train;

import dev.tooln1.model.nn.TokenBatch;

/**
 * One GRPO mini-batch: prompt+response sequences in consecutive groups of {@code groupSize} (the samples of
 * one prompt), the response-token mask, one reward per sequence, and optionally the per-token log-probs
 * of the policy that sampled them ({@code null}: the current policy, i.e. exactly on-policy).
 */
public record GrpoBatch(TokenBatch tokens, int[] responseMask, double[] rewards, int groupSize, double[] oldLogp) {
  public GrpoBatch {
    if (responseMask.length != tokens.tokens()) {
      throw new IllegalArgumentException("response mask has " + responseMask.length + " entries, batch has "
          + tokens.tokens() + " tokens");
    }
    if (rewards.length != tokens.batchSize()) {
      throw new IllegalArgumentException("need one reward per sequence (" + tokens.batchSize() + "), got "
          + rewards.length);
    }
    if (oldLogp != null && oldLogp.length != tokens.tokens()) {
      throw new IllegalArgumentException("old log-probs must have one entry per token");
    }
  }
}
