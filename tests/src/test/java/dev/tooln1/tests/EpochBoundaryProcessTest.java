package dev.tooln1.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, fault (2d) through real processes: the orchestrator and the worker die exactly at an
 * epoch boundary (the worker is frozen the moment the epoch's last checkpoint appears, then both are
 * killed -9). The restarted campaign must go on into the next epoch — the data cursor is part of
 * the campaign's state, rebuilt by the fast-forward — rather than end with 0 new steps, and finish
 * with the same weights as a run that was never interrupted.
 */
class EpochBoundaryProcessTest {

  private static final String ID = "epochs";

  @TempDir
  Path dir;

  /** 40 tasks → 32 to train on, 16 prompts per step: 2 steps per epoch, 2 epochs. */
  private Path config() throws Exception {
    Path data = dir.resolve("data.yaml");
    Files.writeString(data, "seed: 3\nsources:\n  - {type: synthetic, count: 40}\n"
        + "split: {train: 0.8, validation: 0.2, test: 0}\n");
    Path config = dir.resolve("campaign.yaml");
    Files.writeString(config, String.join("\n",
        "name: " + ID,
        "seed: 13",
        "model: {preset: tiny, trimVocabulary: true}",
        "data: {spec: " + data + "}",
        "promptFormat: compact",
        "grpo: {groupSize: 2, temperature: 0.7, lr: 1.0e-3, promptsPerStep: 16, miniBatchSize: 16,",
        "       maxPromptTokens: 400, maxResponseTokens: 24}",
        "schedule: {epochs: 2, evalInterval: 100, checkpointInterval: 1, continueAsNewInterval: 100,",
        "           heartbeatTimeoutSeconds: 3, workerStartTimeoutSeconds: 3}",
        "evaluation: {heldOutTasks: 4}",
        ""));
    return config;
  }

  private static Path checkpoint(Path campaigns, int step) {
    return campaigns.resolve(ID + "/checkpoints").resolve(String.format("step-%06d", step));
  }

  private int start(Path campaigns, Path config, String log) throws Exception {
    return Tooln1Process.run(dir.resolve(log + ".log"), Duration.ofMinutes(4), "campaign", "start",
        "--config", config.toString(), "--campaigns", campaigns.toString(), "--wait");
  }

  @Test
  void dyingAtAnEpochBoundaryResumesIntoTheNextEpochWithTheSameFinalWeights() throws Exception {
    Path config = config();

    Path reference = dir.resolve("uninterrupted");
    try (Tooln1Process server = Tooln1Process.startServer(reference, dir.resolve("ref-server.log"));
         Tooln1Process worker = Tooln1Process.startWorker(reference, dir.resolve("ref-worker.log"))) {
      assertThat(start(reference, config, "ref-start")).as(Files.readString(dir.resolve("ref-start.log"))).isZero();
    }
    assertThat(checkpoint(reference, 4)).isDirectory();
    assertThat(checkpoint(reference, 5)).doesNotExist();
    String expected = CheckpointStore.sha256(checkpoint(reference, 4).resolve("model.safetensors"));

    Path campaigns = dir.resolve("campaigns");
    Tooln1Process server = Tooln1Process.startServer(campaigns, dir.resolve("server-1.log"));
    Tooln1Process worker = Tooln1Process.startWorker(campaigns, dir.resolve("worker-1.log"));
    Tooln1Process client = Tooln1Process.start(dir.resolve("start-1.log"), "campaign", "start",
        "--config", config.toString(), "--campaigns", campaigns.toString(), "--wait");
    Tooln1Process.await("the last checkpoint of epoch 1 (step 2)", Duration.ofMinutes(3),
        () -> Files.exists(checkpoint(campaigns, 2).resolve("manifest.json")) || !client.isAlive());
    worker.freeze();
    assertThat(checkpoint(campaigns, 3)).as("step 3 must not have finished").doesNotExist();
    server.kill9();
    worker.kill9();
    client.kill9();

    try (Tooln1Process server2 = Tooln1Process.startServer(campaigns, dir.resolve("server-2.log"));
         Tooln1Process worker2 = Tooln1Process.startWorker(campaigns, dir.resolve("worker-2.log"))) {
      int exit = start(campaigns, config, "start-2");
      String out = Files.readString(dir.resolve("start-2.log"));
      assertThat(exit).as(out).isZero();
      assertThat(out).contains("resumed from").contains("completed after 4 steps");
    }
    CheckpointStore.verify(checkpoint(campaigns, 4));
    assertThat(CheckpointStore.sha256(checkpoint(campaigns, 4).resolve("model.safetensors"))).isEqualTo(expected);
  }
}
