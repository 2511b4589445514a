package dev.tooln1.model.train;

import dev.tooln1.model.nn.TokenBatch;

/** A micro-batch for SFT: tokens and the mask of target (assistant) tokens, layout {@code [B·T]}. */
public record SftBatch(TokenBatch tokens, int[] lossMask) {
  public SftBatch {
    if (lossMask.length != tokens.tokens()) {
      throw new IllegalArgumentException("loss mask has " + lossMask.length + " entries, batch has "
          + tokens.tokens() + " tokens");
    }
  }
}
