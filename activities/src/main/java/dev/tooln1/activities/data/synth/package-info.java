/**
 * The synthetic tool world ({@link dev.tooln1.activities.data.synth.SyntheticToolWorld}): seeded
 * tool-calling tasks with exactly checkable answers for CPU-sized models and the demo — 14 small tools
 * ({@link dev.tooln1.activities.data.synth.Catalogue}), paraphrased requests whose argument values are
 * copied from the text, five difficulty kinds, and a held-out stream whose requests never occur in
 * the training stream. Generation is prefix-stable: the first n tasks of m are the n tasks.
 */
package dev.tooln1.activities.data.synth;
