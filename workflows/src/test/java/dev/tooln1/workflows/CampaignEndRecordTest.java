package dev.tooln1.workflows;

import static dev.tooln1.workflows.CampaignTestEnv.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.workflows.campaign.TrainingCampaignWorkflow;
import dev.tooln1.workflows.dto.CampaignEndRequest;
import dev.tooln1.workflows.dto.CampaignOutcome;
import dev.tooln1.workflows.dto.CampaignResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The campaign workflow records how it ended (recordEnd) when it completes, is stopped or fails, once
 * per campaign run and never at a continue-as-new, and ends the same way when the record cannot be
 * written.
 */
class CampaignEndRecordTest {
  private CampaignTestEnv t;

  @BeforeEach
  void setUp() {
    t = new CampaignTestEnv();
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  @Test
  void aCompletedCampaignRecordsCompletedWithItsLastStepOnceAcrossContinueAsNew() {
    long before = t.env.currentTimeMillis();
    CampaignResult result = t.campaign("done").run(config("done").epochs(2).continueAsNewInterval(2).build(), null);

    assertThat(result.steps()).isEqualTo(6);
    assertThat(t.compute.ends).hasSize(1);
    CampaignEndRequest end = t.compute.ends.get(0);
    assertThat(end.campaignId()).isEqualTo("done");
    assertThat(end.outcome()).isEqualTo(CampaignOutcome.COMPLETED);
    assertThat(end.step()).isEqualTo(6);
    assertThat(end.error()).isNull();
    assertThat(end.endedAtMillis()).isBetween(before, t.env.currentTimeMillis());
  }

  @Test
  void aStoppedCampaignRecordsStoppedAtTheStepItFinished() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    t.compute.rolloutGates.put(1, gate);
    t.compute.rolloutEntered.put(1, entered);
    TrainingCampaignWorkflow stub = t.campaign("stopped");
    WorkflowClient.start(stub::run, config("stopped").epochs(3).build(), null);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    stub.stop();
    gate.countDown();
    CampaignResult result = t.client.newUntypedWorkflowStub(TrainingCampaignWorkflow.workflowId("stopped"))
        .getResult(CampaignResult.class);

    assertThat(result.stopped()).isTrue();
    assertThat(t.compute.ends).singleElement().satisfies(end -> {
      assertThat(end.outcome()).isEqualTo(CampaignOutcome.STOPPED);
      assertThat(end.step()).isEqualTo(2);
      assertThat(end.error()).isNull();
    });
  }

  @Test
  void aFailedCampaignRecordsFailedWithTheFailureMessageAndStillFailsWithIt() {
    t.compute.evalErrors.put(2, ErrorTypes.corruptCheckpoint("ckpt-2/model.safetensors: sha256 mismatch"));
    String message = "campaign broken failed in evaluate at step 2 (CorruptCheckpoint): "
        + "ckpt-2/model.safetensors: sha256 mismatch";

    assertThatThrownBy(() -> t.campaign("broken").run(config("broken").epochs(1).evalInterval(2).build(), null))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(ErrorTypes.CORRUPT_CHECKPOINT);
          assertThat(f.getOriginalMessage()).isEqualTo(message);
        });
    assertThat(t.compute.ends).singleElement().satisfies(end -> {
      assertThat(end.outcome()).isEqualTo(CampaignOutcome.FAILED);
      assertThat(end.step()).isEqualTo(2);
      assertThat(end.error()).isEqualTo(message);
    });
  }

  @Test
  void badInputTheWorkflowFindsItselfIsRecordedAsFailedToo() {
    t.compute.batchesPerEpoch = 0;

    assertThatThrownBy(() -> t.campaign("empty").run(config("empty").epochs(1).build(), null))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ErrorTypes.CORRUPT_DATA));
    assertThat(t.compute.ends).singleElement().satisfies(end -> {
      assertThat(end.outcome()).isEqualTo(CampaignOutcome.FAILED);
      assertThat(end.step()).isZero();
      assertThat(end.error()).contains("prepareData produced 0 batches per epoch");
    });
  }

  @Test
  void aRecordThatCannotBeWrittenDoesNotChangeHowTheCampaignEnds() {
    // retryable: attempts until the end record's time limit, then the campaign completes anyway
    t.compute.endError = new IllegalStateException("disk full");

    CampaignResult result = t.campaign("no-record").run(config("no-record").epochs(1).build(), null);

    assertThat(result.steps()).isEqualTo(3);
    assertThat(result.stopped()).isFalse();
    assertThat(t.compute.ends).isEmpty();
  }
}
