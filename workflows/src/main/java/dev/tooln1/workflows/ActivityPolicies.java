package dev.tooln1.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retry policies per activity. Start-to-close timeouts are generous ceilings (a real
 * 7B step takes tens of minutes); liveness comes from heartbeats, so a dead or hung worker is
 * noticed within the heartbeat timeout, not the ceiling.
 */
public final class ActivityPolicies {

  /**
   * Attempts on a worker-specific queue before the workflow falls back to the shared queue. One:
   * a retry on the queue of a worker that just timed out mostly waits for a dead poller, and the
   * Java test server (the embedded default) loses a retried activity whose schedule-to-start timer
   * fires ("Failure trying to add task for an activity retry: Not in INITIATED"), which left a
   * campaign stuck after its worker was killed (found by CrashRecoveryTest). The fallback on the
   * shared queue has the full retry policy.
   */
  public static final int WORKER_QUEUE_ATTEMPTS = 1;

  private ActivityPolicies() {}

  static RetryOptions retry(int maximumAttempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofMinutes(1))
        .setMaximumAttempts(maximumAttempts)
        .setDoNotRetry(ErrorTypes.NON_RETRYABLE.toArray(String[]::new))
        .build();
  }

  private static ActivityOptions.Builder base(String taskQueue, Duration startToClose,
      Duration heartbeat, int attempts) {
    ActivityOptions.Builder b = ActivityOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(retry(attempts));
    return heartbeat == null ? b : b.setHeartbeatTimeout(heartbeat);
  }

  /** Data preparation: reads and filters files; a few retries for transient IO. */
  public static ActivityOptions prepareData(String taskQueue, Duration heartbeat) {
    return base(taskQueue, Duration.ofHours(2), heartbeat, 5).build();
  }

  /** Claiming a worker may load a checkpoint into memory. */
  public static ActivityOptions claimWorker(String taskQueue, Duration heartbeat) {
    return base(taskQueue, Duration.ofMinutes(30), heartbeat, 10).build();
  }

  /** Scoring is pure CPU over one step's rollouts: short, retried freely. */
  public static ActivityOptions score(String taskQueue, Duration heartbeat) {
    return base(taskQueue, Duration.ofHours(1), heartbeat, 10).build();
  }

  /**
   * Model-bound work (SFT, rollout, update, evaluation) on the shared queue: any worker can load
   * the checkpoint named in the request.
   */
  public static ActivityOptions modelWork(String taskQueue, Duration heartbeat) {
    return base(taskQueue, Duration.ofHours(24), heartbeat, 10).build();
  }

  /**
   * Model-bound work on a worker-specific queue: few attempts and a schedule-to-start limit, so a
   * dead worker (no poller on its queue) is noticed and the workflow can fall back to the shared
   * queue.
   */
  public static ActivityOptions onWorker(String workerQueue, Duration heartbeat,
      Duration workerStartTimeout) {
    return base(workerQueue, Duration.ofHours(24), heartbeat, WORKER_QUEUE_ATTEMPTS)
        .setScheduleToStartTimeout(workerStartTimeout)
        .build();
  }

  /** Store look-ups are quick reads. */
  public static ActivityOptions storeLookup(String taskQueue) {
    return base(taskQueue, Duration.ofMinutes(5), null, 5).build();
  }

  /**
   * The campaign's end record: a small write. Bounded from scheduling to completion, so that a
   * campaign that ends while no worker polls (e.g. it failed because every worker died) does not
   * wait for one to come back before it ends; the record is then missing, not the end.
   */
  public static ActivityOptions endRecord(String taskQueue) {
    return base(taskQueue, Duration.ofMinutes(1), null, 5)
        .setScheduleToCloseTimeout(END_RECORD_LIMIT)
        .build();
  }

  /** How long the end record may take, waiting for a worker included. */
  public static final Duration END_RECORD_LIMIT = Duration.ofMinutes(2);
}
