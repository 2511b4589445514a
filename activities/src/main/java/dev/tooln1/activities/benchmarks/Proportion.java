package dev.tooln1.activities.benchmarks;

/**
 * An accuracy with its 95% Wilson score interval (well-behaved at 0%, 100% and small n, unlike the
 * normal approximation).
 */
public record Proportion(int correct, int n, double accuracy, double lower, double upper) {

  private static final double Z95 = 1.959963984540054;

  public static Proportion of(int correct, int n) {
    if (n < 0 || correct < 0 || correct > n) {
      throw new IllegalArgumentException("bad counts " + correct + "/" + n);
    }
    if (n == 0) {
      return new Proportion(0, 0, 0.0, 0.0, 1.0);
    }
    double p = (double) correct / n;
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    return new Proportion(correct, n, p, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  @Override
  public String toString() {
    return String.format("%.1f%% [%.1f, %.1f] (%d/%d)", 100 * accuracy, 100 * lower, 100 * upper, correct, n);
  }
}
