package dev.tooln1.activities.benchmarks.apibank;

import dev.tooln1.activities.benchmarks.PairedComparison;
import dev.tooln1.activities.benchmarks.Proportion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two runs compared on the samples both judged, by the exact McNemar test: the runs share their
 * samples, so the paired test is the honest one (see {@link PairedComparison}). Samples that only one
 * run judged are left out rather than counted wrong, so a run still in progress compares fairly on
 * what it has done.
 *
 * @param baselineOnShared the baseline's accuracy on the shared samples
 * @param runOnShared the other run's accuracy on the same samples
 * @param paired {@code onlyA} = only the baseline right, {@code onlyB} = only the run right
 */
public record ApiBankComparison(String baseline, String run, Proportion baselineOnShared, Proportion runOnShared,
    PairedComparison paired) {

  public static ApiBankComparison of(ApiBankRunReport baseline, ApiBankRunReport run) {
    Map<String, Boolean> b = run.correctBySample();
    List<Boolean> va = new ArrayList<>();
    List<Boolean> vb = new ArrayList<>();
    baseline.correctBySample().forEach((sample, correct) -> {
      Boolean other = b.get(sample);
      if (other != null) {
        va.add(correct);
        vb.add(other);
      }
    });
    return new ApiBankComparison(baseline.label(), run.label(), Proportion.of(count(va), va.size()),
        Proportion.of(count(vb), vb.size()), PairedComparison.of(va, vb));
  }

  private static int count(List<Boolean> verdicts) {
    return (int) verdicts.stream().filter(Boolean::booleanValue).count();
  }

  /** One line: the difference in points, the discordant counts and the p-value. */
  public String summary() {
    return String.format(java.util.Locale.ROOT,
        "%s vs %s: %d shared samples, %s vs %s, %+.2f points (only %s right: %d, only %s right: %d), exact McNemar p = %.4g",
        run, baseline, paired.n(), pct(runOnShared.accuracy()), pct(baselineOnShared.accuracy()), 100 * paired.difference(),
        baseline, paired.onlyA(), run, paired.onlyB(), paired.pValue());
  }

  private static String pct(double x) {
    return String.format(java.util.Locale.ROOT, "%.2f%%", 100 * x);
  }
}
