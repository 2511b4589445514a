package dev.tooln1.workflows;

import static dev.tooln1.workflows.CampaignTestEnv.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.SchedulerState;
import dev.tooln1.workflows.evaluation.ScheduledEvaluationWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The action of a native Schedule. The test server has no Schedules API, so the repeated firings
 * are played by a cron workflow, which hands each run the previous run's result the same way
 * ({@code Workflow.getLastCompletionResult}).
 */
class ScheduledEvaluationWorkflowTest {
  private CampaignTestEnv t;

  @BeforeEach
  void setUp() {
    t = new CampaignTestEnv();
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private static CheckpointRecord checkpoint(int step) {
    return new CheckpointRecord(step, FakeCompute.ref("ckpt-" + step), null);
  }

  private ScheduledEvaluationWorkflow action(String workflowId, String cron) {
    WorkflowOptions.Builder options = WorkflowOptions.newBuilder().setTaskQueue(SHARED)
        .setWorkflowId(workflowId);
    if (cron != null) {
      options.setCronSchedule(cron);
    }
    return t.client.newWorkflowStub(ScheduledEvaluationWorkflow.class, options.build());
  }

  @Test
  void aRunEvaluatesTheCampaignsNewestCheckpoint() {
    t.compute.latestCheckpoints.add(checkpoint(7));

    SchedulerState state = action("eval-schedule-n1-run1", null)
        .run(EvaluationWorkflowsTest.schedule("n1", Duration.ofHours(1), 1, 0));

    assertThat(state.ticks()).isEqualTo(1);
    assertThat(state.evaluations()).isEqualTo(1);
    assertThat(state.lastEvaluated().step()).isEqualTo(7);
    assertThat(state.lastResult().accuracy()).isEqualTo(0.07);
    assertThat(t.compute.callsNamed("evaluate")).containsExactly("evaluate:7@" + SHARED);
  }

  @Test
  void aRunWithoutACheckpointYetEvaluatesNothing() {
    SchedulerState state = action("eval-schedule-n2-run1", null)
        .run(EvaluationWorkflowsTest.schedule("n2", Duration.ofHours(1), 1, 0));

    assertThat(state.ticks()).isEqualTo(1);
    assertThat(state.evaluations()).isZero();
    assertThat(state.lastEvaluated()).isNull();
    assertThat(t.compute.callsNamed("evaluate")).isEmpty();
  }

  @Test
  void aFailedEvaluationCompletesTheRunWithTheErrorRecorded() {
    t.compute.evalErrors.put(5, ErrorTypes.corruptCheckpoint("ckpt-5: sha256 mismatch"));
    t.compute.latestCheckpoints.add(checkpoint(5));

    SchedulerState state = action("eval-schedule-n3-run1", null)
        .run(EvaluationWorkflowsTest.schedule("n3", Duration.ofHours(1), 1, 0));

    assertThat(state.failures()).isEqualTo(1);
    assertThat(state.lastError()).isEqualTo("evaluation of c1 step 5 failed: ckpt-5: sha256 mismatch");
    assertThat(state.lastEvaluated().step()).isEqualTo(5);
    assertThat(state.lastEvaluated().score()).isNull();
  }

  @Test
  void successiveRunsEvaluateEachNewCheckpointOnce() {
    t.compute.latestCheckpoints.add(checkpoint(5));
    t.compute.latestCheckpoints.add(checkpoint(5));
    t.compute.latestCheckpoints.add(checkpoint(10));
    ScheduledEvaluationWorkflow wf = action("eval-schedule-n4", "0 * * * *");
    WorkflowClient.start(wf::run, EvaluationWorkflowsTest.schedule("n4", Duration.ofHours(1), 1, 0));

    t.env.sleep(Duration.ofHours(4));

    // one run per hour; the second saw checkpoint 5 again (skipped), later ones saw 10 once
    assertThat(t.compute.callsNamed("latestCheckpoint")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(t.compute.callsNamed("evaluate")).containsExactly(
        "evaluate:5@" + SHARED, "evaluate:10@" + SHARED);
    WorkflowStub.fromTyped(wf).terminate("test over");
  }
}
