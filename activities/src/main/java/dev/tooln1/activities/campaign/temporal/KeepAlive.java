package dev.tooln1.activities.campaign.temporal;

import dev.tooln1.activities.campaign.Progress;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;

/**
 * Heartbeats of one activity execution. Every progress report of the service is a heartbeat (and
 * throws when the activity was cancelled). Between reports — one GRPO optimizer step over a large
 * mini-batch, a checkpoint load — a daemon thread repeats the last report every few seconds, but only
 * for {@code grace} after the last real report: a service that stops reporting for longer is hung,
 * its heartbeats stop, and the workflow's heartbeat timeout catches it. The grace starts as the
 * worker's default and becomes the campaign's {@code schedule.progressGraceSeconds} once the
 * activity knows its campaign ({@link #setGrace}).
 */
final class KeepAlive implements Progress, AutoCloseable {

  private final ActivityExecutionContext ctx;
  private volatile long graceNanos;
  private final Thread thread;
  private volatile String last = "started";
  private volatile long lastReport = System.nanoTime();
  private volatile boolean closed;

  KeepAlive(ActivityExecutionContext ctx, Duration grace, Duration every) {
    this.ctx = ctx;
    this.graceNanos = grace.toNanos();
    ctx.heartbeat(last);
    this.thread = new Thread(() -> {
      while (!closed) {
        try {
          Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        if (closed || System.nanoTime() - lastReport > graceNanos) {
          continue; // silent past the grace: let the heartbeat timeout decide
        }
        try {
          ctx.heartbeat(last);
        } catch (ActivityCompletionException e) {
          return; // cancelled: the activity thread sees it at its next report
        } catch (RuntimeException e) {
          // a failed heartbeat is retried on the next tick
        }
      }
    }, "tooln1-keepalive");
    thread.setDaemon(true);
    thread.start();
  }

  /** Replaces the grace (the campaign's setting); counts from the last report as before. */
  void setGrace(Duration grace) {
    if (grace.isNegative() || grace.isZero()) {
      throw new IllegalArgumentException("keep-alive grace must be positive, was " + grace);
    }
    graceNanos = grace.toNanos();
  }

  Duration grace() {
    return Duration.ofNanos(graceNanos);
  }

  @Override
  public void report(String what, long done, long total) {
    last = what + " " + done + (total >= 0 ? "/" + total : "");
    lastReport = System.nanoTime();
    ctx.heartbeat(last);
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
