package dev.tooln1.workflows.campaign;

import dev.tooln1.workflows.dto.StepMetrics;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The campaign's recent step metrics, oldest first, bounded so that the state continue-as-new
 * carries stays small; and the ETA they give. Plain Java, no Temporal call.
 */
final class StepHistory {
  /** Steps whose durations the ETA averages over. */
  static final int ETA_WINDOW = 20;

  private final Deque<StepMetrics> steps = new ArrayDeque<>();

  /** Appends a step, dropping the oldest beyond {@code limit}. */
  void add(StepMetrics metrics, int limit) {
    steps.addLast(metrics);
    while (steps.size() > limit) {
      steps.removeFirst();
    }
  }

  /** The latest step; null before the first. */
  StepMetrics last() {
    return steps.peekLast();
  }

  List<StepMetrics> list() {
    return List.copyOf(steps);
  }

  /**
   * Mean duration of the last {@link #ETA_WINDOW} steps (as the workflow saw them) × the steps left;
   * null while unknown (no step yet, or {@code totalSteps} < 0 before the data is prepared).
   */
  Long etaMillis(int totalSteps, int step) {
    if (totalSteps < 0 || steps.isEmpty()) {
      return null;
    }
    int remaining = Math.max(0, totalSteps - step);
    long sum = 0;
    int n = 0;
    Iterator<StepMetrics> newestFirst = steps.descendingIterator();
    while (newestFirst.hasNext() && n < ETA_WINDOW) {
      sum += newestFirst.next().timings().stepMs();
      n++;
    }
    return remaining * (sum / n);
  }
}
