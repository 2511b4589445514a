/**
 * API-Bank level-1 ("Call"), the paper's second benchmark, judged by execution as the official
 * evaluator judges: the 399 samples built from the vendored dialogs ({@link
 * dev.tooln1.activities.benchmarks.apibank.ApiBankDataset}), a response's first call parsed and coerced
 * as the official tool manager does, run against fresh copies of the initial databases by the 49 APIs
 * ({@link dev.tooln1.activities.benchmarks.apibank.ApiRegistry}, Python's semantics where they matter)
 * and compared with the recorded result by each API's own rule ({@link
 * dev.tooln1.activities.benchmarks.apibank.ApiBankEvaluator}); then the resumable model runner, seeded
 * subsets, run reports with the official denominators, paired comparisons and their JSON, Markdown and
 * HTML. Verdicts match the official evaluator's on 8,786 perturbed calls.
 */
package dev.tooln1.activities.benchmarks.apibank;
