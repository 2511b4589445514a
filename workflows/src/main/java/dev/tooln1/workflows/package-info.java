/**
 * The Temporal side of tooln1: the training campaign and evaluation workflows, the activity
 * interfaces the compute workers implement, and the records they exchange; Temporal SDK and records
 * only, no ND4J and no file IO. This package holds what every workflow shares: the timeouts and
 * retry policy of each activity ({@link dev.tooln1.workflows.ActivityPolicies}), the failure types
 * that mean bad input and are never retried ({@link dev.tooln1.workflows.ErrorTypes}), and the list
 * of workflow implementations with the naming of per-process task queues
 * ({@link dev.tooln1.workflows.WorkflowRegistry}), so that the orchestrator and the compute workers
 * agree. The design (state, model locality, fallbacks, replay histories) is in workflows/README.md.
 */
package dev.tooln1.workflows;
