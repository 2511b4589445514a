package dev.tooln1.workflows;

import static dev.tooln1.workflows.CampaignTestEnv.SHARED;
import static dev.tooln1.workflows.CampaignTestEnv.WORKER_QUEUE;
import static dev.tooln1.workflows.CampaignTestEnv.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.workflows.campaign.TrainingCampaignWorkflow;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.CampaignState;
import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.ConfigUpdate;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.GuardState;
import dev.tooln1.workflows.dto.Phase;
import dev.tooln1.workflows.dto.PreparedData;
import dev.tooln1.workflows.dto.StepMetrics;
import dev.tooln1.workflows.dto.WorkerLease;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingCampaignWorkflowTest {
  private CampaignTestEnv t;

  @BeforeEach
  void setUp() {
    t = new CampaignTestEnv();
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private static List<String> stepCalls(int from, int to, boolean withEval, int evalInterval) {
    List<String> out = new ArrayList<>();
    for (int k = from; k < to; k++) {
      out.add("rollout:" + k + "@" + WORKER_QUEUE);
      out.add("score:" + k + "@" + SHARED);
      out.add("update:" + k + "@" + WORKER_QUEUE);
      if (withEval && (k + 1) % evalInterval == 0) {
        out.add("evaluate:" + (k + 1) + "@" + WORKER_QUEUE);
      }
    }
    return out;
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void runsPrepareSftStepsEvaluationsAndFinalEvaluationInOrder() {
    t.compute.evalAccuracy.put(2, 0.7);
    t.compute.evalAccuracy.put(4, 0.6);
    t.compute.evalAccuracy.put(6, 0.65);
    CampaignConfig cfg = config("full").epochs(2).evalInterval(2).sftWarmup(true)
        .finalEvaluation(true).build();

    CampaignResult result = t.campaign("full").run(cfg, null);

    List<String> expected = new ArrayList<>(List.of("prepareData:0@" + SHARED,
        "claimWorker:0@" + SHARED, "sftWarmup:0@" + WORKER_QUEUE, "evaluate:0@" + WORKER_QUEUE));
    expected.addAll(stepCalls(0, 6, true, 2));
    assertThat(t.compute.calls).containsExactlyElementsOf(expected);
    assertThat(result.steps()).isEqualTo(6);
    assertThat(result.stopped()).isFalse();
    assertThat(result.lastCheckpoint()).isEqualTo(FakeCompute.ref("ckpt-6"));
    assertThat(result.best().step()).isEqualTo(2);
    assertThat(result.best().checkpoint()).isEqualTo(FakeCompute.ref("ckpt-2"));
    assertThat(result.best().score()).isEqualTo(0.7);
    // the final evaluation reuses the evaluation of step 6 instead of running it twice
    assertThat(result.finalEval().accuracy()).isEqualTo(0.65);
    // the SFT'd policy was evaluated before the first step: the baseline of every later evaluation
    assertThat(result.baselineEval().accuracy()).isEqualTo(0.0);
  }

  @Test
  void finalEvaluationRunsOnTheLastCheckpointWhenNotJustEvaluated() {
    CampaignConfig cfg = config("final").epochs(1).finalEvaluation(true).build();

    CampaignResult result = t.campaign("final").run(cfg, null);

    assertThat(t.compute.calls).last().isEqualTo("evaluate:3@" + WORKER_QUEUE);
    assertThat(result.finalEval().report()).isEqualTo(FakeCompute.ref("eval-final"));
    assertThat(result.best().step()).isEqualTo(3);
  }

  @Test
  void stepLimitEndsTheCampaignBeforeTheEpochsDo() {
    CampaignConfig cfg = config("limit").epochs(5).maxSteps(4).build();

    CampaignResult result = t.campaign("limit").run(cfg, null);

    assertThat(result.steps()).isEqualTo(4);
    assertThat(t.compute.callsNamed("update")).hasSize(4);
  }

  @Test
  void continueAsNewCarriesStateWithoutSkippingOrRepeatingSteps() {
    // 7 steps with continue-as-new every 2: four workflow runs
    CampaignConfig cfg = config("can").epochs(3).maxSteps(7).continueAsNewInterval(2)
        .evalInterval(3).build();
    TrainingCampaignWorkflow stub = t.campaign("can");

    CampaignResult result = stub.run(cfg, null);

    List<String> expected = new ArrayList<>(List.of("prepareData:0@" + SHARED,
        "claimWorker:0@" + SHARED, "evaluate:0@" + WORKER_QUEUE));
    expected.addAll(stepCalls(0, 7, true, 3));
    assertThat(t.compute.calls).containsExactlyElementsOf(expected);
    assertThat(result.steps()).isEqualTo(7);
    assertThat(result.best().step()).isEqualTo(6);
    List<StepMetrics> history = t.existing("can").metricsHistory();
    assertThat(history).extracting(StepMetrics::step).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(history).extracting(StepMetrics::epoch).containsExactly(0, 0, 0, 1, 1, 1, 2);
    assertThat(t.existing("can").status().runs()).isEqualTo(4);
    long continuedAsNew = t.client.fetchHistory(TrainingCampaignWorkflow.workflowId("can"))
        .getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
        .count();
    assertThat(continuedAsNew).isEqualTo(1); // the latest run's own history only
  }

  @Test
  void continueAsNewExactlyAtAnEpochBoundaryContinuesWithTheNextEpoch() {
    CampaignConfig cfg = config("boundary").epochs(2).continueAsNewInterval(3).build();

    CampaignResult result = t.campaign("boundary").run(cfg, null);

    assertThat(result.steps()).isEqualTo(6);
    assertThat(t.compute.callsNamed("rollout")).containsExactlyElementsOf(
        IntStream.range(0, 6).mapToObj(k -> "rollout:" + k + "@" + WORKER_QUEUE).toList());
  }

  @Test
  void resumingAtAnEpochBoundaryTrainsTheNextEpochInsteadOfEndingWithZeroSteps() {
    CampaignConfig cfg = config("resume").epochs(2).build();
    CampaignState atBoundary = new CampaignState(
        new PreparedData(FakeCompute.ref("train"), FakeCompute.ref("eval"), 12, 3), false,
        FakeCompute.ref("base"), FakeCompute.ref("ckpt-3"), 3, new DataCursor(1, 0), null, null,
        -1, List.of(), new WorkerLease("w", WORKER_QUEUE), false, false, 2, 3, GuardState.START,
        null);

    CampaignResult result = t.campaign("resume").run(cfg, atBoundary);

    assertThat(t.compute.calls).containsExactlyElementsOf(stepCalls(3, 6, false, 1));
    assertThat(result.steps()).isEqualTo(6);
    assertThat(t.existing("resume").metricsHistory())
        .extracting(m -> m.epoch() + "/" + m.batch()).containsExactly("1/0", "1/1", "1/2");
  }

  @Test
  void pauseHoldsAfterTheCurrentStepAndResumeContinues() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    t.compute.rolloutGates.put(1, gate);
    t.compute.rolloutEntered.put(1, entered);
    CampaignConfig cfg = config("pause").epochs(1).build();
    TrainingCampaignWorkflow stub = t.campaign("pause");
    WorkflowClient.start(stub::run, cfg, null);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    stub.pause();
    gate.countDown();
    eventually(() -> stub.status().phase() == Phase.PAUSED);
    Thread.sleep(300);

    CampaignStatus paused = stub.status();
    assertThat(paused.step()).isEqualTo(2);
    assertThat(paused.paused()).isTrue();
    assertThat(t.compute.callsNamed("rollout")).hasSize(2);

    stub.resume();
    CampaignResult result = t.client.newUntypedWorkflowStub(
        TrainingCampaignWorkflow.workflowId("pause")).getResult(CampaignResult.class);
    assertThat(result.steps()).isEqualTo(3);
    assertThat(t.compute.callsNamed("update")).hasSize(3);
  }

  @Test
  void stopFinishesTheCurrentStepThenEndsWithoutFinalEvaluation() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    t.compute.rolloutGates.put(1, gate);
    t.compute.rolloutEntered.put(1, entered);
    CampaignConfig cfg = config("stop").epochs(3).finalEvaluation(true).build();
    TrainingCampaignWorkflow stub = t.campaign("stop");
    WorkflowClient.start(stub::run, cfg, null);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    stub.stop();
    gate.countDown();
    CampaignResult result = t.client.newUntypedWorkflowStub(
        TrainingCampaignWorkflow.workflowId("stop")).getResult(CampaignResult.class);

    assertThat(result.stopped()).isTrue();
    assertThat(result.steps()).isEqualTo(2);
    assertThat(result.lastCheckpoint()).isEqualTo(FakeCompute.ref("ckpt-2"));
    assertThat(t.compute.calls).last().isEqualTo("update:1@" + WORKER_QUEUE);
    assertThat(t.compute.callsNamed("evaluate")).isEmpty();
  }

  @Test
  void updateConfigChangesEvalIntervalAndStepLimitAndRejectsInvalidValues() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    t.compute.rolloutGates.put(1, gate);
    t.compute.rolloutEntered.put(1, entered);
    CampaignConfig cfg = config("update").epochs(3).evalInterval(0).build();
    TrainingCampaignWorkflow stub = t.campaign("update");
    WorkflowClient.start(stub::run, cfg, null);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    stub.updateConfig(new ConfigUpdate(1, 4));
    stub.updateConfig(new ConfigUpdate(-2, null));
    eventually(() -> stub.status().notice() != null);
    assertThat(stub.status().notice()).contains("evalInterval must be >= 0, was -2");
    assertThat(stub.status().evalInterval()).isEqualTo(1);
    assertThat(stub.status().maxSteps()).isEqualTo(4);
    gate.countDown();
    CampaignResult result = t.client.newUntypedWorkflowStub(
        TrainingCampaignWorkflow.workflowId("update")).getResult(CampaignResult.class);

    assertThat(result.steps()).isEqualTo(4);
    assertThat(t.compute.callsNamed("evaluate")).containsExactly(
        "evaluate:2@" + WORKER_QUEUE, "evaluate:3@" + WORKER_QUEUE, "evaluate:4@" + WORKER_QUEUE);
  }

  @Test
  void statusReportsProgressMetricsAndEtaAndHistoryIsBounded() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    t.compute.rolloutGates.put(4, gate);
    t.compute.rolloutEntered.put(4, entered);
    CampaignConfig cfg = config("status").epochs(2).metricsHistoryLimit(3).build();
    TrainingCampaignWorkflow stub = t.campaign("status");
    WorkflowClient.start(stub::run, cfg, null);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CampaignStatus status = stub.status();
    assertThat(status.phase()).isEqualTo(Phase.TRAINING);
    assertThat(status.step()).isEqualTo(4);
    assertThat(status.totalSteps()).isEqualTo(6);
    assertThat(status.cursor()).isEqualTo(new DataCursor(1, 1));
    assertThat(status.lastCheckpoint()).isEqualTo(FakeCompute.ref("ckpt-4"));
    assertThat(status.lastMetrics().step()).isEqualTo(4);
    assertThat(status.lastMetrics().meanReward()).isEqualTo(0.5);
    assertThat(status.lastMetrics().kl()).isEqualTo(0.01);
    assertThat(status.etaMillis()).isNotNull().isGreaterThanOrEqualTo(0L);
    assertThat(status.workerQueue()).isEqualTo(WORKER_QUEUE);
    assertThat(stub.metricsHistory()).extracting(StepMetrics::step).containsExactly(2, 3, 4);
    gate.countDown();
    t.client.newUntypedWorkflowStub(TrainingCampaignWorkflow.workflowId("status"))
        .getResult(CampaignResult.class);
  }

  @Test
  void transientActivityFailuresAreRetried() {
    t.compute.transientFailures.put("score:1", 2);
    CampaignConfig cfg = config("retry").epochs(1).build();

    CampaignResult result = t.campaign("retry").run(cfg, null);

    assertThat(result.steps()).isEqualTo(3);
    assertThat(t.compute.callsNamed("score")).containsExactly("score:0@" + SHARED,
        "score:1@" + SHARED, "score:1@" + SHARED, "score:1@" + SHARED, "score:2@" + SHARED);
  }

  @Test
  void badInputFailsFastWithoutRetryAndNamesActivityAndCause() {
    t.compute.prepareError =
        ErrorTypes.corruptData("data/train.jsonl line 3: field 'tools' is not a JSON list");
    CampaignConfig cfg = config("corrupt").epochs(1).build();

    assertThatThrownBy(() -> t.campaign("corrupt").run(cfg, null))
        .isInstanceOf(WorkflowFailedException.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(ErrorTypes.CORRUPT_DATA);
          assertThat(f.getOriginalMessage()).isEqualTo("campaign corrupt failed in prepareData at "
              + "step 0 (CorruptData): data/train.jsonl line 3: field 'tools' is not a JSON list");
        });
    assertThat(t.compute.calls).containsExactly("prepareData:0@" + SHARED);
  }

  @Test
  void invalidCampaignConfigFailsBeforeAnyActivity() {
    CampaignConfig cfg = config("invalid").epochs(0).continueAsNewInterval(0).build();

    assertThatThrownBy(() -> t.campaign("invalid").run(cfg, null))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(ErrorTypes.INVALID_CONFIG);
          assertThat(f.getOriginalMessage()).contains("epochs: must be >= 1, was 0")
              .contains("continueAsNewInterval: must be >= 1, was 0");
        });
    assertThat(t.compute.calls).isEmpty();
  }

  @Test
  void hungRolloutIsDetectedByItsHeartbeatTimeoutAndRetried() {
    t.compute.hangs.put("rollout:1", 1);
    CampaignConfig cfg = config("hung").epochs(1).heartbeatTimeout(Duration.ofSeconds(1)).build();

    CampaignResult result = t.campaign("hung").run(cfg, null);

    assertThat(result.steps()).isEqualTo(3);
    // One attempt on the holder's queue, then the shared queue; the next step claims a worker again.
    assertThat(t.compute.callsNamed("rollout")).containsExactly("rollout:0@" + WORKER_QUEUE,
        "rollout:1@" + WORKER_QUEUE, "rollout:1@" + SHARED, "rollout:2@" + WORKER_QUEUE);
  }

  @Test
  void workerThatKeepsTimingOutIsAbandonedForTheSharedQueueAndReclaimedNextStep() {
    t.compute.hangs.put("update:0", 2);
    CampaignConfig cfg = config("fallback").epochs(1).maxSteps(2)
        .heartbeatTimeout(Duration.ofSeconds(1)).build();
    TrainingCampaignWorkflow stub = t.campaign("fallback");

    CampaignResult result = stub.run(cfg, null);

    assertThat(result.steps()).isEqualTo(2);
    assertThat(t.compute.calls).containsExactly(
        "prepareData:0@" + SHARED, "claimWorker:0@" + SHARED,
        "rollout:0@" + WORKER_QUEUE, "score:0@" + SHARED,
        "update:0@" + WORKER_QUEUE, "update:0@" + SHARED, "update:0@" + SHARED,
        "claimWorker:0@" + SHARED,
        "rollout:1@" + WORKER_QUEUE, "score:1@" + SHARED, "update:1@" + WORKER_QUEUE);
    assertThat(t.existing("fallback").status().notice())
        .contains("update at step 0 timed out on worker fake-worker-1");
  }

  @Test
  void deadWorkerQueueWithoutPollerTimesOutToTheSharedQueue() {
    t.compute.workerQueue = "worker-gone";
    CampaignConfig cfg = config("gone").epochs(1).maxSteps(1)
        .workerStartTimeout(Duration.ofSeconds(1)).build();

    CampaignResult result = t.campaign("gone").run(cfg, null);

    assertThat(result.steps()).isEqualTo(1);
    assertThat(t.compute.calls).containsExactly(
        "prepareData:0@" + SHARED, "claimWorker:0@" + SHARED, "rollout:0@" + SHARED,
        "score:0@" + SHARED, "claimWorker:0@" + SHARED, "update:0@" + SHARED);
  }

  @Test
  void largeBatchesFanOutInShardsOverTheSharedQueueAndAreMergedBeforeScoring() {
    CampaignConfig cfg = config("shards").epochs(1).maxSteps(2).rolloutShards(3).build();

    CampaignResult result = t.campaign("shards").run(cfg, null);

    assertThat(result.steps()).isEqualTo(2);
    assertThat(t.compute.rolloutShards)
        .containsExactlyInAnyOrder("0/0/3", "0/1/3", "0/2/3", "1/0/3", "1/1/3", "1/2/3");
    assertThat(t.compute.callsNamed("rollout")).allMatch(c -> c.endsWith("@" + SHARED));
    assertThat(t.compute.merges).containsExactly(
        List.of("mem://rollouts-0-shard-0", "mem://rollouts-0-shard-1", "mem://rollouts-0-shard-2"),
        List.of("mem://rollouts-1-shard-0", "mem://rollouts-1-shard-1", "mem://rollouts-1-shard-2"));
    List<String> afterRollouts = t.compute.calls.stream()
        .filter(c -> !c.startsWith("rollout:")).toList();
    // the policy's worker is claimed at the first model-bound activity on it: the update
    assertThat(afterRollouts).containsExactly("prepareData:0@" + SHARED,
        "mergeRollouts:0@" + SHARED, "score:0@" + SHARED, "claimWorker:0@" + SHARED,
        "update:0@" + WORKER_QUEUE,
        "mergeRollouts:1@" + SHARED, "score:1@" + SHARED, "update:1@" + WORKER_QUEUE);
  }

  @Test
  void stopWhilePausedEndsTheCampaignWithoutAnotherStep() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    t.compute.rolloutGates.put(0, gate);
    t.compute.rolloutEntered.put(0, entered);
    TrainingCampaignWorkflow stub = t.campaign("pause-stop");
    WorkflowClient.start(stub::run, config("pause-stop").epochs(1).build(), null);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    stub.pause();
    gate.countDown();
    eventually(() -> stub.status().phase() == Phase.PAUSED);

    stub.stop();
    CampaignResult result = t.client.newUntypedWorkflowStub(
        TrainingCampaignWorkflow.workflowId("pause-stop")).getResult(CampaignResult.class);

    assertThat(result.stopped()).isTrue();
    assertThat(result.steps()).isEqualTo(1);
    assertThat(t.compute.callsNamed("rollout")).hasSize(1);
    assertThat(stub.status().phase()).isEqualTo(Phase.STOPPED);
  }

  @Test
  void anActivityThatKeepsFailingOnTheHolderIsRetriedOnTheSharedQueue() {
    t.compute.transientFailures.put("update:0", 3);
    CampaignConfig cfg = config("holder-fails").epochs(1).maxSteps(1).build();

    CampaignResult result = t.campaign("holder-fails").run(cfg, null);

    assertThat(result.steps()).isEqualTo(1);
    assertThat(t.compute.callsNamed("update")).containsExactly("update:0@" + WORKER_QUEUE,
        "update:0@" + SHARED, "update:0@" + SHARED, "update:0@" + SHARED);
    assertThat(t.existing("holder-fails").status().notice())
        .contains("update at step 0 failed on worker fake-worker-1");
  }

  @Test
  void badInputOnTheHolderFailsTheCampaignWithoutFallback() {
    t.compute.updateError = ErrorTypes.corruptCheckpoint("ckpt-0/model.safetensors: sha256 mismatch");
    CampaignConfig cfg = config("corrupt-ckpt").epochs(1).build();

    assertThatThrownBy(() -> t.campaign("corrupt-ckpt").run(cfg, null))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(ErrorTypes.CORRUPT_CHECKPOINT);
          assertThat(f.getOriginalMessage()).isEqualTo("campaign corrupt-ckpt failed in update at "
              + "step 0 (CorruptCheckpoint): ckpt-0/model.safetensors: sha256 mismatch");
        });
    assertThat(t.compute.callsNamed("update")).containsExactly("update:0@" + WORKER_QUEUE);
  }
}
