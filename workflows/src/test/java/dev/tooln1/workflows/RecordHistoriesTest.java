package dev.tooln1.workflows;

import static dev.tooln1.workflows.CampaignTestEnv.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.campaign.TrainingCampaignWorkflow;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.ConfigUpdate;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvaluationRequest;
import dev.tooln1.workflows.dto.Phase;
import dev.tooln1.workflows.dto.SchedulerState;
import dev.tooln1.workflows.evaluation.EvaluationSchedulerWorkflow;
import dev.tooln1.workflows.evaluation.EvaluationWorkflow;
import dev.tooln1.workflows.evaluation.ScheduledEvaluationWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records the histories that {@link ReplayTest} replays. Run only on purpose, after a deliberate
 * change of workflow logic (never to silence a replay failure of an unintended change), and, once
 * tooln1 is released, only for a change that getVersion gates (see workflows/README.md):
 * {@code ./mvnw -B -o -q -pl workflows verify -Dtest=RecordHistoriesTest
 * -Dtooln1.recordHistories=$PWD/workflows/src/test/resources/histories} from the project root.
 */
@EnabledIfSystemProperty(named = "tooln1.recordHistories", matches = ".+")
class RecordHistoriesTest {
  private final Path dir = Path.of(System.getProperty("tooln1.recordHistories", "."));

  @Test
  void recordCampaignHistories() throws Exception {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      // a whole campaign: prepare, SFT, steps with evaluations, final evaluation
      TrainingCampaignWorkflow full = t.campaign("full");
      WorkflowExecution fullRun = WorkflowClient.start(full::run,
          config("full").epochs(2).evalInterval(2).sftWarmup(true).finalEvaluation(true).build(),
          null);
      t.client.newUntypedWorkflowStub(fullRun.getWorkflowId()).getResult(CampaignResult.class);
      HistoryExport.export(t.client, fullRun, dir.resolve("campaign-full.json"));

      // signals and continue-as-new: pause, updateConfig, resume in the first run
      CountDownLatch gate = new CountDownLatch(1);
      CountDownLatch entered = new CountDownLatch(1);
      t.compute.rolloutGates.put(1, gate);
      t.compute.rolloutEntered.put(1, entered);
      TrainingCampaignWorkflow signalled = t.campaign("signals");
      WorkflowExecution first = WorkflowClient.start(signalled::run,
          config("signals").epochs(2).continueAsNewInterval(3).build(), null);
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      signalled.pause();
      signalled.updateConfig(new ConfigUpdate(2, 5));
      gate.countDown();
      long deadline = System.currentTimeMillis() + 10_000;
      while (signalled.status().phase() != Phase.PAUSED && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      signalled.resume();
      t.client.newUntypedWorkflowStub(first.getWorkflowId()).getResult(CampaignResult.class);
      HistoryExport.export(t.client, first, dir.resolve("campaign-signals-continued.json"));

      // a worker that hangs: heartbeat timeouts, then the shared-queue fallback
      t.compute.hangs.put("update:0", 2);
      TrainingCampaignWorkflow hung = t.campaign("fallback");
      WorkflowExecution hungRun = WorkflowClient.start(hung::run, config("fallback").epochs(1)
          .maxSteps(2).heartbeatTimeout(Duration.ofSeconds(1)).build(), null);
      t.client.newUntypedWorkflowStub(hungRun.getWorkflowId()).getResult(CampaignResult.class);
      HistoryExport.export(t.client, hungRun, dir.resolve("campaign-fallback.json"));

      // rollout fanned out in shards, then merged
      TrainingCampaignWorkflow sharded = t.campaign("sharded");
      WorkflowExecution shardedRun = WorkflowClient.start(sharded::run,
          config("sharded").epochs(1).rolloutShards(3).evalInterval(2).build(), null);
      t.client.newUntypedWorkflowStub(shardedRun.getWorkflowId()).getResult(CampaignResult.class);
      HistoryExport.export(t.client, shardedRun, dir.resolve("campaign-sharded.json"));
    }
  }

  /**
   * A campaign whose schedule evaluates: the base policy (no SFT warm-up) is evaluated before the
   * first step, then every 3 steps; the final evaluation reuses the last one.
   */
  @Test
  void recordBaselineEvaluationHistory() {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      TrainingCampaignWorkflow baseline = t.campaign("baseline");
      WorkflowExecution run = WorkflowClient.start(baseline::run,
          config("baseline").epochs(1).evalInterval(3).finalEvaluation(true).build(), null);
      CampaignResult result =
          t.client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(CampaignResult.class);
      assertThat(result.baselineEval()).isNotNull();
      assertThat(t.compute.calls).startsWith("prepareData:0@" + CampaignTestEnv.SHARED,
          "claimWorker:0@" + CampaignTestEnv.SHARED, "evaluate:0@" + CampaignTestEnv.WORKER_QUEUE);
      HistoryExport.export(t.client, run, dir.resolve("campaign-baseline.json"));
    }
  }

  /** The collapse guard rolling back once (a skipped update, the next one on the last good policy). */
  @Test
  void recordCollapseGuardHistory() throws Exception {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      t.compute.meanRewards.putAll(CollapseGuardWorkflowTest.REWARDS);
      TrainingCampaignWorkflow guarded = t.campaign("collapse");
      WorkflowExecution run = WorkflowClient.start(guarded::run,
          config("collapse").epochs(2).collapseGuard(
              new dev.tooln1.workflows.dto.CollapseGuard(true, 0.5, 2)).build(), null);
      t.client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(CampaignResult.class);
      HistoryExport.export(t.client, run, dir.resolve("campaign-collapse.json"));
    }
  }

  /** The end record: a campaign that completes, and one that fails and still records how. */
  @Test
  void recordEndRecordHistories() throws Exception {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      TrainingCampaignWorkflow done = t.campaign("ended");
      WorkflowExecution doneRun = WorkflowClient.start(done::run,
          config("ended").epochs(1).build(), null);
      t.client.newUntypedWorkflowStub(doneRun.getWorkflowId()).getResult(CampaignResult.class);
      HistoryExport.export(t.client, doneRun, dir.resolve("campaign-end-completed.json"));

      t.compute.updateError = ErrorTypes.corruptCheckpoint("ckpt-0/model.safetensors: sha256 mismatch");
      TrainingCampaignWorkflow failing = t.campaign("failing");
      WorkflowExecution failedRun = WorkflowClient.start(failing::run, config("failing").epochs(1).build(), null);
      try {
        t.client.newUntypedWorkflowStub(failedRun.getWorkflowId()).getResult(CampaignResult.class);
      } catch (io.temporal.client.WorkflowFailedException expected) {
        // recorded as FAILED before the workflow failed
      }
      assertThat(t.compute.ends).hasSize(2);
      HistoryExport.export(t.client, failedRun, dir.resolve("campaign-end-failed.json"));
    }
  }

  @Test
  void recordEvaluationHistories() {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      EvaluationWorkflow eval = t.client.newWorkflowStub(EvaluationWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(CampaignTestEnv.SHARED)
              .setWorkflowId("eval-once").build());
      WorkflowExecution evalRun = WorkflowClient.start(eval::evaluate, new EvaluationRequest(
          new EvalRequest("c1", "manual", 7, FakeCompute.ref("config"), FakeCompute.ref("ckpt-7"),
              FakeCompute.ref("eval")), CampaignTestEnv.SHARED, null));
      t.client.newUntypedWorkflowStub(evalRun.getWorkflowId()).getResult(Object.class);
      HistoryExport.export(t.client, evalRun, dir.resolve("evaluation.json"));

      t.compute.latestCheckpoints.add(new CheckpointRecord(5, FakeCompute.ref("ckpt-5"), null));
      t.compute.latestCheckpoints.add(new CheckpointRecord(5, FakeCompute.ref("ckpt-5"), null));
      t.compute.latestCheckpoints.add(new CheckpointRecord(10, FakeCompute.ref("ckpt-10"), null));
      EvaluationSchedulerWorkflow scheduler = t.client.newWorkflowStub(
          EvaluationSchedulerWorkflow.class, WorkflowOptions.newBuilder()
              .setTaskQueue(CampaignTestEnv.SHARED)
              .setWorkflowId(EvaluationSchedulerWorkflow.workflowId("rec")).build());
      WorkflowExecution schedRun = WorkflowClient.start(scheduler::run,
          EvaluationWorkflowsTest.schedule("rec", Duration.ofHours(1), 100, 0), null);
      t.env.sleep(Duration.ofMinutes(90));
      scheduler.setInterval(Duration.ofMinutes(20));
      t.env.sleep(Duration.ofMinutes(45));
      scheduler.stop();
      t.client.newUntypedWorkflowStub(schedRun.getWorkflowId()).getResult(SchedulerState.class);
      HistoryExport.export(t.client, schedRun, dir.resolve("scheduler-signals.json"));
    }
  }

  /** One run of a native Schedule's action: latest checkpoint, then its evaluation as a child. */
  @Test
  void recordScheduledEvaluationHistory() {
    try (CampaignTestEnv t = new CampaignTestEnv()) {
      t.compute.latestCheckpoints.add(new CheckpointRecord(8, FakeCompute.ref("ckpt-8"), null));
      ScheduledEvaluationWorkflow action = t.client.newWorkflowStub(ScheduledEvaluationWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(CampaignTestEnv.SHARED)
              .setWorkflowId(ScheduledEvaluationWorkflow.scheduleId("rec") + "-run").build());
      WorkflowExecution run = WorkflowClient.start(action::run,
          EvaluationWorkflowsTest.schedule("rec", Duration.ofHours(1), 1, 0));
      t.client.newUntypedWorkflowStub(run.getWorkflowId()).getResult(SchedulerState.class);
      HistoryExport.export(t.client, run, dir.resolve("scheduled-evaluation.json"));
    }
  }
}
