package dev.tooln1.ops.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.tooln1.activities.benchmarks.ModelResponseGenerator;
import dev.tooln1.activities.benchmarks.bfcl.BfclItem;
import dev.tooln1.activities.benchmarks.bfcl.BfclPrompts;
import dev.tooln1.model.tokenizer.Tokenizer;
import dev.tooln1.model.tokenizer.TrimmedVocabulary;
import dev.tooln1.reward.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a model trained on a trimmed vocabulary can read every prompt of a BFCL run. Such a model
 * has embeddings only for the tokens of its training data, so a prompt that needs any other token
 * cannot be fed to it at all; checking every prompt before the run starts turns what would be a
 * failure in the middle of generation into one clear message, and leaves {@code --out} untouched.
 */
final class TrimmedVocabularyCheck {

  /** Prompts encoded per tokenizer call. */
  private static final int CHUNK = 64;

  private final Path model;
  private final Tokenizer base;
  private final TrimmedVocabulary vocabulary;
  private final ModelResponseGenerator generator;
  private final BfclPrompts prompts;

  /**
   * @param base the full tokenizer the vocabulary was trimmed from
   * @param generator renders a prompt's text exactly as the run will
   */
  TrimmedVocabularyCheck(Path model, Tokenizer base, TrimmedVocabulary vocabulary, ModelResponseGenerator generator,
      BfclPrompts prompts) {
    this.model = model;
    this.base = base;
    this.vocabulary = vocabulary;
    this.generator = generator;
    this.prompts = prompts;
  }

  /** The first prompt the model cannot read and the token it lacks, if any. */
  record Unreadable(String itemId, int tokenId, String token) {}

  Optional<Unreadable> firstUnreadable(List<BfclItem> items) {
    for (int from = 0; from < items.size(); from += CHUNK) {
      List<BfclItem> chunk = items.subList(from, Math.min(items.size(), from + CHUNK));
      List<String> texts = new ArrayList<>(chunk.size());
      chunk.forEach(item -> texts.add(generator.render(prompts.prompt(item))));
      List<int[]> encoded = base.encodeBatch(texts);
      for (int i = 0; i < chunk.size(); i++) {
        for (int id : encoded.get(i)) {
          if (!vocabulary.containsFull(id)) {
            return Optional.of(new Unreadable(chunk.get(i).id(), id, base.decode(new int[] {id})));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Checks every item; a prompt the model cannot read is a usage error that says why and what to do. */
  void requireReadable(List<BfclItem> items) {
    firstUnreadable(items).ifPresent(u -> {
      throw new UsageException("--model " + model + " was trained on a trimmed vocabulary (" + vocabulary.size()
          + " of the tokenizer's " + vocabulary.baseVocabSize() + " tokens) and cannot read BFCL's prompts: item "
          + u.itemId() + " needs token " + u.tokenId() + " " + Json.compact(TextNode.valueOf(u.token()))
          + ", which it never saw; evaluate a checkpoint with the full vocabulary instead");
    });
  }
}
