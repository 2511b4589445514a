package dev.tooln1.activities.benchmarks;

/**
 * Where a run stands: items done out of total (items already recorded by an earlier run count as done
 * and are reported as {@code resumed}), and the throughput of the items judged by this run.
 */
public record EvalProgress(int done, int total, int resumed, double itemsPerSecond, double elapsedSeconds) {

  public double fraction() {
    return total == 0 ? 1.0 : (double) done / total;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%d/%d items (%d resumed), %.2f items/s, %.0f s",
        done, total, resumed, itemsPerSecond, elapsedSeconds);
  }
}
