/**
 * The benchmarks area's shared pieces, used by the BFCL runner and API-Bank alike: an {@link
 * dev.tooln1.activities.benchmarks.EvalPrompt} (conversation and tools before any template) answered
 * through the {@link dev.tooln1.activities.benchmarks.ResponseGenerator} seam — by a model ({@link
 * dev.tooln1.activities.benchmarks.ModelResponseGenerator}, rendered in a {@link
 * dev.tooln1.activities.benchmarks.PromptStyle}) or by responses recorded elsewhere ({@link
 * dev.tooln1.activities.benchmarks.ReplayResponseGenerator}) — a resumable per-item results log, run
 * progress, and the statistics of every report: Wilson intervals ({@link
 * dev.tooln1.activities.benchmarks.Proportion}) and the exact McNemar test ({@link
 * dev.tooln1.activities.benchmarks.PairedComparison}). Of this module the area may use only the
 * artifact store (it needs nothing of it today), never data preparation or the campaign.
 */
package dev.tooln1.activities.benchmarks;
