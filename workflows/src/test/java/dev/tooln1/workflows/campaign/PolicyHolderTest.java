package dev.tooln1.workflows.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.ErrorTypes;
import dev.tooln1.workflows.dto.WorkerLease;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where model-bound work goes after a failure on the holder's queue, without Temporal. */
class PolicyHolderTest {
  private static final WorkerLease LEASE = new WorkerLease("host-1-42", "tooln1-worker-host-1-42");

  @Test
  void aCarriedLeaseIsHeldAndNoneMeansTheNextActivityClaimsOne() {
    assertThat(new PolicyHolder(LEASE).held()).isTrue();
    PolicyHolder none = new PolicyHolder(null);
    assertThat(none.held()).isFalse();
    none.claimed(LEASE);
    assertThat(none.lease()).isEqualTo(LEASE);
  }

  @Test
  void aTimeoutOnTheHolderSendsTheWorkToTheSharedQueueAndDropsTheLease() {
    PolicyHolder holder = new PolicyHolder(LEASE);

    Optional<String> notice = holder.fallBack("update", 4,
        new TimeoutFailure("heartbeat", null, TimeoutType.TIMEOUT_TYPE_HEARTBEAT));

    assertThat(notice).hasValueSatisfying(n -> assertThat(n)
        .startsWith("update at step 4 timed out on worker host-1-42 (")
        .endsWith("); retrying on the shared queue"));
    assertThat(holder.held()).isFalse();
  }

  @Test
  void aRetryableErrorThatOutlivedItsAttemptAlsoGoesToTheSharedQueue() {
    PolicyHolder holder = new PolicyHolder(LEASE);

    Optional<String> notice = holder.fallBack("rollout", 2,
        ApplicationFailure.newFailure("out of memory", "java.lang.OutOfMemoryError"));

    assertThat(notice).hasValueSatisfying(n -> assertThat(n)
        .startsWith("rollout at step 2 failed on worker host-1-42 (").contains("out of memory"));
    assertThat(holder.held()).isFalse();
  }

  @Test
  void badInputIsFinalOnAnyWorkerAndKeepsTheLease() {
    for (String type : ErrorTypes.NON_RETRYABLE) {
      PolicyHolder holder = new PolicyHolder(LEASE);
      assertThat(holder.fallBack("update", 0, ApplicationFailure.newFailure("bad", type))).isEmpty();
      assertThat(holder.lease()).isEqualTo(LEASE);
    }
  }

  @Test
  void aNonRetryableFailureAndACancellationAreFinal() {
    assertThat(PolicyHolder.worthAnotherWorker(
        ApplicationFailure.newNonRetryableFailure("no", "Whatever"))).isFalse();
    assertThat(PolicyHolder.worthAnotherWorker(new CanceledFailure("cancelled"))).isFalse();
    assertThat(PolicyHolder.worthAnotherWorker(null)).isFalse();
  }
}
