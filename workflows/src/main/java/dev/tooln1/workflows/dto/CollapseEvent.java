package dev.tooln1.workflows.dto;

/**
 * One intervention of the collapse guard: the rollouts of step {@code step} (made by the policy of
 * checkpoint {@code collapsedStep}) had mean reward {@code meanReward} below {@code threshold}, so
 * their update was skipped and the policy rolled back to {@code rolledBackTo}.
 *
 * @param step          0-based training step whose rollouts collapsed (its update was skipped)
 * @param collapsedStep step of the checkpoint that produced those rollouts
 * @param meanReward    the step's mean rollout reward
 * @param baseline      mean reward over the first {@code baselineSteps} steps
 * @param threshold     {@code collapseFraction × baseline}
 * @param rolledBackTo  the last good checkpoint the campaign continues from
 */
public record CollapseEvent(
    int step,
    int collapsedStep,
    double meanReward,
    double baseline,
    double threshold,
    CheckpointRecord rolledBackTo) {}
