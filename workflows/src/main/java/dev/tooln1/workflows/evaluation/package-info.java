/**
 * Evaluations of a campaign's checkpoints outside its own loop: one checkpoint on demand
 * ({@link dev.tooln1.workflows.evaluation.EvaluationWorkflow}), a durable timer loop for the
 * embedded server, which has no Schedules API
 * ({@link dev.tooln1.workflows.evaluation.EvaluationSchedulerWorkflow}), and the action of a native
 * Temporal Schedule on a cluster ({@link dev.tooln1.workflows.evaluation.ScheduledEvaluationWorkflow}).
 * Both schedules fire the same tick: evaluate the campaign's newest checkpoint unless it was
 * evaluated or tried already, recording a failed evaluation instead of ending.
 */
package dev.tooln1.workflows.evaluation;
