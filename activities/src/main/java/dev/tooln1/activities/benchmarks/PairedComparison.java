package dev.tooln1.activities.benchmarks;

import java.util.List;

/**
 * Two models judged on the same items: the exact McNemar test on the discordant pairs (items that
 * one model gets right and the other wrong). A paired test is the honest one here: both accuracies
 * share their items, so their confidence intervals overlap far more than the difference is uncertain.
 *
 * @param onlyA items only A got right
 * @param onlyB items only B got right
 * @param pValue two-sided exact binomial p-value of onlyA vs onlyB under p = 1/2
 */
public record PairedComparison(int n, int onlyA, int onlyB, double difference, double pValue) {

  public static PairedComparison of(List<Boolean> a, List<Boolean> b) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("paired verdicts must have equal length: " + a.size() + " vs " + b.size());
    }
    int onlyA = 0;
    int onlyB = 0;
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) && !b.get(i)) onlyA++;
      if (b.get(i) && !a.get(i)) onlyB++;
    }
    double diff = a.isEmpty() ? 0 : (double) (onlyB - onlyA) / a.size();
    return new PairedComparison(a.size(), onlyA, onlyB, diff, exactTwoSided(onlyA, onlyB));
  }

  /** Two-sided exact binomial test of k = min(x, y) successes in m = x + y trials at p = 1/2. */
  static double exactTwoSided(int x, int y) {
    int m = x + y;
    if (m == 0) {
      return 1.0;
    }
    int k = Math.min(x, y);
    // P(X <= k) for X ~ Bin(m, 1/2), summed in log space to stay exact for large m.
    double logHalfM = m * Math.log(0.5);
    double tail = 0;
    double logC = 0; // log C(m, 0)
    for (int i = 0; i <= k; i++) {
      if (i > 0) {
        logC += Math.log((double) (m - i + 1) / i);
      }
      tail += Math.exp(logC + logHalfM);
    }
    return Math.min(1.0, 2 * tail);
  }
}
