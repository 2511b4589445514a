package dev.tooln1.workflows.campaign;

import dev.tooln1.workflows.ErrorTypes;
import dev.tooln1.workflows.dto.WorkerLease;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Optional;

/**
 * Which compute worker holds the campaign's policy in memory, and so where its model-bound work
 * (SFT, rollout, update, evaluation) goes: to the holder's own queue while there is a lease, and,
 * after a failure there that another worker may not have, to the shared queue, the lease dropped so
 * that the next model-bound activity claims a worker again. Plain Java: it reads the failure's type
 * and makes no Temporal call (the workflow runs the claim and the activities).
 */
final class PolicyHolder {
  private WorkerLease lease;

  /** @param lease the lease carried over from the previous run; null = none */
  PolicyHolder(WorkerLease lease) {
    this.lease = lease;
  }

  /** The holder; null when none is claimed: the next model-bound activity claims one first. */
  WorkerLease lease() {
    return lease;
  }

  boolean held() {
    return lease != null;
  }

  void claimed(WorkerLease claimed) {
    lease = claimed;
  }

  /**
   * Decides what follows a failure of {@code activity} on the holder's queue. Empty: the failure is
   * final (bad input or cancellation would fail on any worker), the lease stays. Otherwise the lease
   * is dropped and the answer is the notice saying why the same request now goes to the shared queue.
   *
   * @param cause the cause of the activity failure
   */
  Optional<String> fallBack(String activity, int step, Throwable cause) {
    if (!worthAnotherWorker(cause)) {
      return Optional.empty();
    }
    String how = cause instanceof TimeoutFailure ? "timed out" : "failed";
    String notice = activity + " at step " + step + " " + how + " on worker " + lease.workerId()
        + " (" + cause.getMessage() + "); retrying on the shared queue";
    lease = null;
    return Optional.of(notice);
  }

  /**
   * A timeout (the worker died or hung: heartbeat, schedule-to-start or start-to-close) or a
   * retryable error that outlived its one attempt (e.g. out of memory) may go away on another
   * worker; bad input ({@link ErrorTypes#NON_RETRYABLE}), a non-retryable failure and cancellation
   * do not.
   */
  static boolean worthAnotherWorker(Throwable cause) {
    if (cause instanceof TimeoutFailure) {
      return true;
    }
    if (cause instanceof ApplicationFailure app) {
      return !app.isNonRetryable() && !ErrorTypes.NON_RETRYABLE.contains(app.getType());
    }
    return false;
  }
}
