/**
 * The BFCL runner, all of BFCL in this module: {@link dev.tooln1.activities.benchmarks.bfcl.BfclSuite}
 * loads the single-turn AST categories and draws seeded, nested subsets; {@link
 * dev.tooln1.activities.benchmarks.bfcl.BfclEvaluator} renders, generates, decodes and judges each item
 * with the reward module's BFCL AST checker, appending every verdict to a resumable {@link
 * dev.tooln1.activities.benchmarks.bfcl.BfclResultsFile}; {@link
 * dev.tooln1.activities.benchmarks.bfcl.BfclReport} sums a run up per category with the leaderboard's
 * aggregates ({@link dev.tooln1.activities.benchmarks.bfcl.BfclLeaderboard}) and the Tool-N1 paper's
 * Table 2 column ({@link dev.tooln1.activities.benchmarks.bfcl.ToolN1Table2}), written as JSON,
 * Markdown and HTML, several runs compared.
 */
package dev.tooln1.activities.benchmarks.bfcl;
