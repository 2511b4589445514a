package dev.tooln1.activities.benchmarks.bfcl;

import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclPossibleAnswer;
import dev.tooln1.reward.bfcl.BfclQuestion;
import java.util.Objects;

/**
 * One BFCL question to evaluate, with its category and (for the AST categories) its possible answer;
 * {@code answer} is null for irrelevance and relevance, which have none.
 */
public record BfclItem(BfclCategory category, BfclQuestion question, BfclPossibleAnswer answer) {

  public BfclItem {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(question, "question");
    if (category.hasPossibleAnswers() && answer == null) {
      throw new IllegalArgumentException("question " + question.id() + " of " + category + " has no possible answer");
    }
  }

  public String id() {
    return question.id();
  }
}
