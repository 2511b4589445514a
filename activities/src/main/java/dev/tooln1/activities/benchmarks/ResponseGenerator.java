package dev.tooln1.activities.benchmarks;

import java.util.List;

/**
 * Produces the model's response text for a batch of prompts: the seam between the evaluator and
 * whatever answers (a model with its tokenizer and chat template, or responses recorded elsewhere).
 */
public interface ResponseGenerator {

  /** One response per prompt, in the same order. */
  List<String> generate(List<EvalPrompt> prompts);

  /** One line saying what answers (for the report's provenance). */
  String describe();
}
