package dev.tooln1.activities.campaign.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Heartbeats between progress reports stop after the grace, resume with progress, end on close. */
class KeepAliveTest {

  final List<String> beats = new CopyOnWriteArrayList<>();
  final AtomicBoolean cancelled = new AtomicBoolean();

  /** Records heartbeats; throws as Temporal does once the activity is cancelled. */
  ActivityExecutionContext context() {
    return (ActivityExecutionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ActivityExecutionContext.class}, (proxy, method, args) -> {
          if (!method.getName().equals("heartbeat")) {
            throw new UnsupportedOperationException(method.getName());
          }
          if (cancelled.get()) {
            throw new ActivityCanceledException();
          }
          beats.add(String.valueOf(args[0]));
          return null;
        });
  }

  long count(String details) {
    return beats.stream().filter(details::equals).count();
  }

  @Test
  void repeatsTheLastReportOnlyWithinTheGraceAndStopsWhenClosed() throws Exception {
    try (KeepAlive k = new KeepAlive(context(), Duration.ofMillis(400), Duration.ofMillis(40))) {
      k.report("tokens", 5, -1);
      Thread.sleep(250);
      assertThat(count("tokens 5")).isGreaterThanOrEqualTo(3); // the report + repeats
      Thread.sleep(700);
      long afterGrace = count("tokens 5");
      Thread.sleep(400);
      assertThat(count("tokens 5")).as("no heartbeats once silent past the grace").isEqualTo(afterGrace);
      k.report("mini-batches", 1, 2);
      Thread.sleep(250);
      assertThat(count("mini-batches 1/2")).isGreaterThanOrEqualTo(2);
    }
    int closed = beats.size();
    Thread.sleep(200);
    assertThat(beats).hasSize(closed);
  }

  @Test
  void theKeepAliveBeatsAtLeastThreeTimesPerHeartbeatTimeout() {
    assertThat(ComputeActivities.keepAliveInterval(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(5));
    assertThat(ComputeActivities.keepAliveInterval(Duration.ofSeconds(15))).isEqualTo(Duration.ofSeconds(5));
    assertThat(ComputeActivities.keepAliveInterval(Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(3));
    assertThat(ComputeActivities.keepAliveInterval(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(1));
    assertThat(ComputeActivities.keepAliveInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    assertThat(ComputeActivities.keepAliveInterval(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    assertThat(ComputeActivities.MIN_HEARTBEAT_TIMEOUT).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aReportAfterCancellationThrows() {
    try (KeepAlive k = new KeepAlive(context(), Duration.ofSeconds(1), Duration.ofMillis(40))) {
      cancelled.set(true);
      assertThatThrownBy(() -> k.report("tokens", 1, -1)).isInstanceOf(ActivityCanceledException.class);
    }
  }
}
