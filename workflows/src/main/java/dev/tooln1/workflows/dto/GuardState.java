package dev.tooln1.workflows.dto;

/**
 * What the collapse guard carries across continue-as-new.
 *
 * @param baselineCount steps counted into the baseline so far (up to {@code baselineSteps})
 * @param baselineSum   sum of their mean rewards
 * @param lastGood      the newest checkpoint whose own rollouts passed the check (score = that mean
 *                      reward); every policy of the baseline steps counts as good
 * @param rollbacks     interventions so far
 * @param lastEvent     the latest intervention; null if none
 */
public record GuardState(
    int baselineCount,
    double baselineSum,
    CheckpointRecord lastGood,
    int rollbacks,
    CollapseEvent lastEvent) {

  public static final GuardState START = new GuardState(0, 0, null, 0, null);
}
