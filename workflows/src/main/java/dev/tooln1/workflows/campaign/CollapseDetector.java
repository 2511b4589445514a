package dev.tooln1.workflows.campaign;

import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.CollapseEvent;
import dev.tooln1.workflows.dto.CollapseGuard;
import dev.tooln1.workflows.dto.GuardState;
import java.util.Locale;

/**
 * The collapse guard's decision after a step's rollouts are scored: train on them, or skip their
 * update and roll back to the last good checkpoint. A pure function of the settings, the guard's
 * carried state and the step's mean reward (read from the rewards artifact), with no Temporal call:
 * a replay or a fast-forwarding restart that reads the same rewards takes the same decisions.
 *
 * <p>The baseline is the mean reward of the first {@code baselineSteps} steps; every policy of
 * those steps counts as good. Later, a step at or above {@code collapseFraction × baseline} makes
 * its policy the last good one, and a step below it rolls back to the last good one. Two cases
 * train on regardless: a baseline of 0 or less (no reward yet, nothing to fall from), and a low
 * step of the last good policy itself (rolled back to, then unlucky on a hard batch: there is
 * nothing better to go back to).
 */
final class CollapseDetector {
  private CollapseDetector() {}

  /**
   * @param state    the guard's state after this step, to be carried on
   * @param rollback the intervention when the step's policy collapsed; null = train on the step
   */
  record Decision(GuardState state, CollapseEvent rollback) {
    boolean rollsBack() {
      return rollback != null;
    }
  }

  /**
   * @param guard  the guard's settings; null when it is off (the state is left as it is)
   * @param step   0-based step whose rollouts were scored
   * @param policy the checkpoint that made the rollouts, with the step's mean reward as its score
   */
  static Decision afterScore(CollapseGuard guard, GuardState state, int step,
      CheckpointRecord policy) {
    if (guard == null) {
      return new Decision(state, null);
    }
    double reward = policy.score();
    if (state.baselineCount() < guard.baselineSteps()) {
      return new Decision(new GuardState(state.baselineCount() + 1, state.baselineSum() + reward,
          policy, state.rollbacks(), state.lastEvent()), null);
    }
    double baseline = state.baselineSum() / state.baselineCount();
    double threshold = guard.collapseFraction() * baseline;
    if (baseline > 0 && reward < threshold) {
      CheckpointRecord lastGood = state.lastGood();
      if (lastGood == null || lastGood.checkpoint().equals(policy.checkpoint())) {
        return new Decision(state, null);
      }
      CollapseEvent event = new CollapseEvent(step, policy.step(), reward, baseline, threshold,
          lastGood);
      return new Decision(new GuardState(state.baselineCount(), state.baselineSum(), lastGood,
          state.rollbacks() + 1, event), event);
    }
    return new Decision(new GuardState(state.baselineCount(), state.baselineSum(), policy,
        state.rollbacks(), state.lastEvent()), null);
  }

  /** The operator's line for {@code status().notice} and the log. */
  static String notice(CollapseEvent event, double collapseFraction) {
    return String.format(Locale.ROOT,
        "collapse at step %d: mean reward %.4f < %.4f (%.2f x baseline %.4f); update skipped, "
            + "rolled back to checkpoint step %d", event.step(), event.meanReward(),
        event.threshold(), collapseFraction, event.baseline(), event.rolledBackTo().step());
  }
}
