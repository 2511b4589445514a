package dev.tooln1.activities.campaign.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.activities.campaign.CampaignFiles;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.campaign.records.CampaignDiskState;
import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.activities.campaign.records.CampaignEndRecords;
import dev.tooln1.model.checkpoint.CheckpointStore;
import dev.tooln1.workflows.ErrorTypes;
import dev.tooln1.workflows.WorkflowRegistry;
import dev.tooln1.workflows.activities.TrainingActivities;
import dev.tooln1.workflows.campaign.TrainingCampaignWorkflow;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CampaignOutcome;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.RolloutRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole campaign in process: the real workflows ({@code WorkflowRegistry}) on a Temporal test
 * environment and the real activities on a tiny model — prepare (synthetic world) → SFT warm-up →
 * 3 GRPO steps (rollouts in 2 shards, merged) → evaluation — then the same campaign id again on a fresh server and a fresh worker,
 * which must fast-forward through every step without computing anything.
 */
class CampaignEndToEndTest {

  static final String ORCHESTRATOR = "tooln1-orchestrator";

  @TempDir
  Path tmp;

  static CampaignSpec spec(Path dataSpec) {
    return new CampaignSpec("e2e", "", 5,
        new CampaignSpec.Model("tiny", null, "vendored:qwen2.5", true),
        new CampaignSpec.Data(dataSpec.toString(), "train", "validation"), "tooln1", "tooln1",
        new CampaignSpec.Sft(true, 3, 8, 2e-3, 0, 1.0, 3),
        new CampaignSpec.Grpo(3, 0.7, 1.0, 0, 1e-3, 0.001, 0.2, 0.2, 4, 2, 1, 480, 10, 1.0, 0.0, 0,
            "token-mean", true, false),
        new CampaignSpec.Schedule(1, 3, 2, 1, 2, 3),
        new CampaignSpec.Evaluation(5, List.of(), null, false, null, 0.0),
        new CampaignSpec.Guard(false, 0.5, 5));
  }

  static CampaignConfig config(String id, Path campaignsRoot, CampaignSpec spec) throws Exception {
    ArtifactRef configRef = CampaignFiles.writeCampaignJson(campaignsRoot.resolve(id), spec);
    return CampaignConfig.builder(id, configRef, BasePolicyRef.of(spec))
        .seed(spec.seed()).epochs(spec.schedule().epochs()).maxSteps(spec.schedule().maxSteps())
        .evalInterval(spec.schedule().evalInterval()).checkpointInterval(spec.schedule().checkpointInterval())
        .continueAsNewInterval(spec.schedule().continueAsNewInterval()).sftWarmup(spec.sft().enabled())
        .finalEvaluation(true).heartbeatTimeout(Duration.ofSeconds(60)).rolloutShards(2).build();
  }

  /** One server + orchestrator + compute worker; returns the campaign's result and the worker. */
  static CampaignResult run(Path campaignsRoot, CampaignConfig cfg, ComputeActivities compute) {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkflowRegistry.registerWorkflows(env.newWorker(ORCHESTRATOR));
      compute.registerOn(env.newWorker(cfg.taskQueue()));
      compute.registerOn(env.newWorker(compute.workerQueue()));
      env.start();
      TrainingCampaignWorkflow wf = env.getWorkflowClient().newWorkflowStub(TrainingCampaignWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(ORCHESTRATOR)
              .setWorkflowId(TrainingCampaignWorkflow.workflowId(cfg.campaignId())).build());
      return wf.run(cfg, null);
    }
  }

  @Test
  void aCampaignRunsEndToEndAndARestartFastForwardsWithoutRecomputing() throws Exception {
    Path dataSpec = tmp.resolve("data.yaml");
    Files.writeString(dataSpec, """
        seed: 4
        sources:
          - {type: synthetic, count: 100, mix: {single: 1, distractors: 1, irrelevant: 1}}
        split: {train: 0.8, validation: 0.2, test: 0}
        """);
    Path root = tmp.resolve("campaigns");
    CampaignSpec spec = spec(dataSpec);
    CampaignConfig cfg = config("e2e", root, spec);

    ComputeActivities first = new ComputeActivities(root, WorkflowRegistry.workerQueue("w1"));
    CampaignResult result = run(root, cfg, first);

    assertThat(result.steps()).isEqualTo(3);
    assertThat(result.stopped()).isFalse();
    assertThat(result.lastCheckpoint().uri()).isEqualTo("checkpoints/step-000003");
    assertThat(result.finalEval()).isNotNull();
    assertThat(result.finalEval().examples()).isEqualTo(5);
    assertThat(first.workLog().snapshot()).containsEntry("prepare", 1).containsEntry("sft", 1)
        .containsEntry("rollout", 6).containsEntry("merge", 3).containsEntry("score", 3).containsEntry("update", 3)
        .containsEntry("evaluate", 3); // the SFT'd baseline, after step 2, and the final one after step 3

    CampaignLayout layout = new CampaignLayout(root, "e2e");
    var store = layout.store();
    for (int step = 0; step <= 3; step++) {
      CheckpointStore.verify(layout.checkpointsDir().resolve(CampaignLayout.stepName(step)));
    }
    for (int step = 0; step < 3; step++) {
      assertThat(store.verify(CampaignLayout.rolloutUri(step, 0, 1))).isNotNull();
      assertThat(store.verify(CampaignLayout.rolloutUri(step, 1, 2))).isNotNull();
      assertThat(store.verify(CampaignLayout.rewardsUri(step))).isNotNull();
      assertThat(store.verify(CampaignLayout.metricsUri(step + 1))).isNotNull();
    }
    assertThat(store.verify(CampaignLayout.evalUri("baseline", 0))).isNotNull();
    assertThat(result.baselineEval().examples()).isEqualTo(5);
    assertThat(store.verify(CampaignLayout.evalUri("step-2", 2))).isNotNull();
    assertThat(store.verify(CampaignLayout.evalUri("final", 3))).isNotNull();
    assertThat(store.verify(CampaignLayout.SFT_METRICS)).isNotNull();
    String finalWeights = CheckpointStore.sha256(layout.checkpointsDir().resolve("step-000003/model.safetensors"));
    // how it ended is in its directory too (recordEnd), for when the history is gone
    assertThat(CampaignDiskState.ended(layout.dir())).get().satisfies(end -> {
      assertThat(end.phase()).isEqualTo(CampaignOutcome.COMPLETED);
      assertThat(end.step()).isEqualTo(3);
    });
    assertThat(store.list(CampaignEndRecords.PREFIX)).hasSize(1);

    // The embedded server keeps history in memory only: a restarted server and worker start the
    // campaign from scratch, and every activity finds its verified output.
    ComputeActivities second = new ComputeActivities(root, WorkflowRegistry.workerQueue("w2"));
    CampaignResult again = run(root, cfg, second);
    assertThat(again.steps()).isEqualTo(3);
    assertThat(again.lastCheckpoint()).isEqualTo(result.lastCheckpoint());
    assertThat(again.finalEval().accuracy()).isEqualTo(result.finalEval().accuracy());
    assertThat(second.workLog().total()).as("work redone: %s", second.workLog().snapshot()).isZero();
    assertThat(CheckpointStore.sha256(layout.checkpointsDir().resolve("step-000003/model.safetensors")))
        .isEqualTo(finalWeights);
    assertThat(store.list(CampaignEndRecords.PREFIX)).hasSize(2); // one record per end
    assertThat(CampaignDiskState.ended(layout.dir())).get().extracting(CampaignEnd::step).isEqualTo(3);
  }

  /**
   * {@code schedule.keepCheckpoints: 1}: old checkpoints go as training advances, yet a restarted
   * campaign (fresh server and worker) fast-forwards through the completed steps whose checkpoints
   * are gone, continues from the first missing step, and a third start redoes nothing.
   */
  @Test
  void prunedCheckpointsDoNotStopARestartFromFastForwarding() throws Exception {
    Path dataSpec = tmp.resolve("data.yaml");
    Files.writeString(dataSpec, """
        seed: 4
        sources:
          - {type: synthetic, count: 100, mix: {single: 1, distractors: 1, irrelevant: 1}}
        split: {train: 0.8, validation: 0.2, test: 0}
        """);
    Path root = tmp.resolve("campaigns");
    CampaignSpec base = spec(dataSpec);
    CampaignSpec spec = new CampaignSpec("pruned", "", base.seed(), base.model(), base.data(),
        base.reward(), base.promptFormat(), new CampaignSpec.Sft(false, 1, 8, 2e-3, 0, 1.0, 3),
        base.grpo(), new CampaignSpec.Schedule(1, 4, 100, 100, 100, 1), base.evaluation(), base.guard());
    CampaignConfig full = config("pruned", root, spec);
    CampaignConfig firstHalf = full.withMaxSteps(2);
    CampaignLayout layout = new CampaignLayout(root, "pruned");
    Path ckpts = layout.checkpointsDir();

    // first server: 2 steps (the last one is kept long-term, checkpoint 1 is pruned)
    run(root, firstHalf, new ComputeActivities(root, WorkflowRegistry.workerQueue("w1")));
    assertThat(ckpts.resolve("step-000001")).doesNotExist();
    assertThat(ckpts.resolve("step-000001.pruned.json")).isRegularFile();

    // second server and worker: fast-forward 0..1, then steps 2 and 3
    ComputeActivities second = new ComputeActivities(root, WorkflowRegistry.workerQueue("w2"));
    CampaignResult result = run(root, full, second);
    assertThat(result.steps()).isEqualTo(4);
    assertThat(result.lastCheckpoint().uri()).isEqualTo("checkpoints/step-000004");
    assertThat(second.workLog().snapshot()).containsEntry("rollout", 4).containsEntry("merge", 2) // 2 shards
        .containsEntry("update", 2)
        .doesNotContainKey("prepare");
    try (var names = Files.list(ckpts)) {
      assertThat(names.map(p -> p.getFileName().toString()).filter(n -> CampaignLayout.stepOf(n) >= 0)
          .sorted().toList()).containsExactly("step-000000", "step-000002", "step-000004");
    }

    // third: nothing left to do
    ComputeActivities third = new ComputeActivities(root, WorkflowRegistry.workerQueue("w3"));
    CampaignResult again = run(root, full, third);
    assertThat(again.lastCheckpoint()).isEqualTo(result.lastCheckpoint());
    assertThat(third.workLog().total()).as("work redone: %s", third.workLog().snapshot()).isZero();
  }

  @Test
  void badInputFailsAsTheWorkflowsNonRetryableTypes() throws Exception {
    Path dataSpec = tmp.resolve("data.yaml");
    Files.writeString(dataSpec, "seed: 1\nsources:\n  - {type: synthetic, count: 20}\n");
    Path root = tmp.resolve("campaigns");
    CampaignSpec spec = spec(dataSpec);
    CampaignConfig cfg = config("bad", root, spec);
    ComputeActivities compute = new ComputeActivities(root, WorkflowRegistry.workerQueue("w"));
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(compute.activities().toArray());
      TrainingActivities training = env.newActivityStub(TrainingActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
      // A checkpoint ref whose manifest does not exist / does not match.
      RolloutRequest req = new RolloutRequest("bad", 0, new DataCursor(0, 0), cfg.config(),
          new ArtifactRef("checkpoints/step-000007", "0".repeat(64)),
          new ArtifactRef("data/manifest.json#train", "0".repeat(64)), 1, 0, 1);
      assertThatThrownBy(() -> training.rollout(req)).isInstanceOfSatisfying(ActivityFailure.class, e ->
          assertThat(((ApplicationFailure) e.getCause()).getType()).isIn(ErrorTypes.CORRUPT_DATA,
              ErrorTypes.CORRUPT_CHECKPOINT));
      // A config ref that does not match campaign.json.
      RolloutRequest wrongConfig = new RolloutRequest("bad", 0, new DataCursor(0, 0),
          new ArtifactRef("campaign.json", "1".repeat(64)), cfg.basePolicy(), req.trainSet(), 1, 0, 1);
      assertThatThrownBy(() -> training.rollout(wrongConfig)).isInstanceOfSatisfying(ActivityFailure.class, e -> {
        ApplicationFailure f = (ApplicationFailure) e.getCause();
        assertThat(f.getType()).isEqualTo(ErrorTypes.CORRUPT_DATA);
        assertThat(f.getOriginalMessage()).contains("campaign.json");
      });
    } finally {
      env.close();
    }
  }
}
