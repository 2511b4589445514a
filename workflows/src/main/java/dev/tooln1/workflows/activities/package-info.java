/**
 * The activity interfaces the compute workers implement (module {@code activities}) and the
 * workflows call: data preparation, the campaign's model work (claim a worker, SFT, rollout, merge,
 * score, update), evaluation, and the campaign store (newest checkpoint, end record). Every method
 * takes and returns artifact references and small numbers, never tensors; each must be idempotent,
 * deterministic from the campaign seed, heartbeat while it works and throw an
 * {@link dev.tooln1.workflows.ErrorTypes} failure for bad input (the contract in workflows/README.md).
 */
package dev.tooln1.workflows.activities;
