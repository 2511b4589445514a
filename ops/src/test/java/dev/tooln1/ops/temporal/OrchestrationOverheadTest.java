package dev.tooln1.ops.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.activities.DataActivities;
import dev.tooln1.workflows.activities.EvalActivities;
import dev.tooln1.workflows.activities.TrainingActivities;
import dev.tooln1.workflows.campaign.TrainingCampaignWorkflow;
import dev.tooln1.workflows.campaign.TrainingCampaignWorkflowImpl;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CampaignEndRequest;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.ClaimRequest;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.LatestCheckpointRequest;
import dev.tooln1.workflows.dto.MergeRolloutsRequest;
import dev.tooln1.workflows.dto.PrepareRequest;
import dev.tooln1.workflows.dto.PreparedData;
import dev.tooln1.workflows.dto.RolloutRequest;
import dev.tooln1.workflows.dto.RolloutResult;
import dev.tooln1.workflows.dto.ScoreRequest;
import dev.tooln1.workflows.dto.ScoreResult;
import dev.tooln1.workflows.dto.SftRequest;
import dev.tooln1.workflows.dto.SftResult;
import dev.tooln1.workflows.dto.StepMetrics;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import dev.tooln1.workflows.dto.WorkerLease;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Temporal overhead per training step: the campaign workflow with near-instant activities on
 * the embedded server (real gRPC, real time), so almost all of a step's time is orchestration.
 * Prints the figure and writes it to target/orchestration-overhead.txt. A sanity figure on a shared
 * machine; measure on a quiet one for the record.
 */
class OrchestrationOverheadTest {
  private static final String SHARED = "overhead-shared";
  private static final String WORKER_QUEUE = "overhead-worker-1";
  private static final int STEPS = 40;

  private static ArtifactRef ref(String name) {
    return new ArtifactRef("mem://" + name, "0".repeat(64));
  }

  /** Compute activities that return at once (the end record included: it is part of a campaign's cost). */
  static final class InstantCompute implements DataActivities, TrainingActivities, EvalActivities,
      CampaignStoreActivities {
    @Override
    public PreparedData prepareData(PrepareRequest r) {
      return new PreparedData(ref("train"), ref("eval"), STEPS * 8, STEPS);
    }

    @Override
    public WorkerLease claimWorker(ClaimRequest r) {
      return new WorkerLease("instant", WORKER_QUEUE);
    }

    @Override
    public SftResult sftWarmup(SftRequest r) {
      return new SftResult(ref("sft"), 0, 0);
    }

    @Override
    public RolloutResult rollout(RolloutRequest r) {
      return new RolloutResult(ref("rollouts-" + r.step()), 8, 40, 400, 10, 0);
    }

    @Override
    public RolloutResult mergeRollouts(MergeRolloutsRequest r) {
      return new RolloutResult(ref("rollouts-" + r.step()), 8, 40, 400, 10, 0);
    }

    @Override
    public ScoreResult score(ScoreRequest r) {
      return new ScoreResult(ref("rewards-" + r.step()), 0.5, 0.5, 1, 0);
    }

    @Override
    public UpdateResult update(UpdateRequest r) {
      return new UpdateResult(ref("ckpt-" + (r.step() + 1)), 0, 0, 0, 0);
    }

    @Override
    public EvalResult evaluate(EvalRequest r) {
      return new EvalResult(ref("eval-" + r.label()), 0.5, 10, 0);
    }

    @Override
    public CheckpointRecord latestCheckpoint(LatestCheckpointRequest r) {
      return null;
    }

    @Override
    public void recordEnd(CampaignEndRequest r) {
      // nothing to keep: no campaign directory here
    }
  }

  @Test
  void measuresTemporalOverheadPerStepOnTheEmbeddedServer() throws Exception {
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.start(0);
        TemporalConnection orchestrator = TemporalConnection.connect(server.target(),
            EmbeddedTemporalServer.NAMESPACE, Duration.ofSeconds(10));
        TemporalConnection compute = TemporalConnection.connect(server.target(),
            EmbeddedTemporalServer.NAMESPACE, Duration.ofSeconds(10))) {
      WorkerFactory workflows = orchestrator.newWorkerFactory();
      workflows.newWorker(SHARED).registerWorkflowImplementationTypes(
          TrainingCampaignWorkflowImpl.class);
      WorkerFactory activities = compute.newWorkerFactory();
      InstantCompute instant = new InstantCompute();
      activities.newWorker(SHARED).registerActivitiesImplementations(instant);
      activities.newWorker(WORKER_QUEUE).registerActivitiesImplementations(instant);
      workflows.start();
      activities.start();

      CampaignConfig config = CampaignConfig.builder("overhead", ref("config"), ref("base"))
          .epochs(1).evalInterval(10).continueAsNewInterval(10).finalEvaluation(true)
          .taskQueue(SHARED).build();
      // a short warm-up campaign so class loading and JIT do not count
      runCampaign(orchestrator, config.withMaxSteps(5), "overhead-warmup");

      long t0 = System.nanoTime();
      CampaignResult result = runCampaign(orchestrator, config, "overhead");
      double wallMs = (System.nanoTime() - t0) / 1e6;

      List<StepMetrics> history = orchestrator.client().newWorkflowStub(
          TrainingCampaignWorkflow.class, TrainingCampaignWorkflow.workflowId("overhead"))
          .metricsHistory();
      double stepMs = history.stream().mapToLong(m -> m.timings().stepMs()).average().orElse(-1);
      double overheadMs =
          history.stream().mapToLong(m -> m.timings().overheadMs()).average().orElse(-1);
      String report = String.format(
          "orchestration overhead on the embedded server: %.1f ms/step end to end (%d steps, "
              + "%d continue-as-new, %d evaluations, %.0f ms in all); workflow-measured step "
              + "%.1f ms, of it outside activities %.1f ms%n",
          wallMs / STEPS, STEPS, STEPS / 10 - 1, STEPS / 10, wallMs, stepMs, overheadMs);
      System.out.print(report);
      Files.writeString(Path.of("target", "orchestration-overhead.txt"), report,
          StandardCharsets.UTF_8);

      assertThat(result.steps()).isEqualTo(STEPS);
      assertThat(history).extracting(StepMetrics::step).hasSize(STEPS).startsWith(1).endsWith(STEPS);
      workflows.shutdown();
      activities.shutdown();
      workflows.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      activities.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static CampaignResult runCampaign(TemporalConnection connection, CampaignConfig config,
      String campaignId) {
    CampaignConfig named = CampaignConfig.builder(campaignId, config.config(), config.basePolicy())
        .epochs(config.epochs()).maxSteps(config.maxSteps()).evalInterval(config.evalInterval())
        .continueAsNewInterval(config.continueAsNewInterval()).finalEvaluation(true)
        .taskQueue(config.taskQueue()).build();
    return connection.client().newWorkflowStub(TrainingCampaignWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(SHARED)
            .setWorkflowId(TrainingCampaignWorkflow.workflowId(campaignId)).build())
        .run(named, null);
  }
}
