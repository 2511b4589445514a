package dev.tooln1.workflows.dto;

import java.util.ArrayList;
import java.util.List;

/**
 * The collapse guard of a campaign ({@code guard.*} of the campaign config). When a step's mean
 * rollout reward falls below {@code collapseFraction} × the mean over the first
 * {@code baselineSteps} GRPO steps, the policy that produced those rollouts has collapsed: the step's
 * update is skipped and the campaign continues from the last good checkpoint. See workflows/README.md.
 *
 * @param rollbackOnCollapse whether the guard acts at all
 * @param collapseFraction   in (0, 1]
 * @param baselineSteps      the first GRPO steps whose mean reward is the baseline (>= 1)
 */
public record CollapseGuard(boolean rollbackOnCollapse, double collapseFraction, int baselineSteps) {

  public static final CollapseGuard OFF = new CollapseGuard(false, 0.5, 5);

  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (!(collapseFraction > 0 && collapseFraction <= 1)) {
      p.add("guard.collapseFraction: must be in (0, 1], was " + collapseFraction);
    }
    if (baselineSteps < 1) {
      p.add("guard.baselineSteps: must be >= 1, was " + baselineSteps);
    }
    return p;
  }
}
