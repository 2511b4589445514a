package dev.tooln1.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults (1) and (2b): kill -9 the compute worker in the middle of an update, start a new worker: the
 * campaign finishes, and its final weights are bit-identical to an uninterrupted run with the same
 * seed (so no step was skipped or applied twice). Real processes, real embedded Temporal server, real
 * model (the tiny preset).
 */
class CrashRecoveryTest {

  private static final int STEPS = 4;

  @TempDir
  Path dir;

  private Path writeConfig(Path where) throws IOException {
    Path data = where.resolve("data.yaml");
    Files.writeString(data, "seed: 3\nsources:\n  - {type: synthetic, count: 120}\n"
        + "split: {train: 0.8, validation: 0.2, test: 0}\n");
    Path config = where.resolve("campaign.yaml");
    Files.writeString(config, String.join("\n",
        "name: fault",
        "seed: 11",
        "model: {preset: tiny, trimVocabulary: true}",
        "data: {spec: " + data + "}",
        "promptFormat: compact",
        "grpo: {groupSize: 2, temperature: 0.7, lr: 1.0e-3, promptsPerStep: 4, miniBatchSize: 4,",
        "       maxPromptTokens: 400, maxResponseTokens: 24}",
        "schedule: {epochs: 3, maxSteps: " + STEPS + ", evalInterval: 100, checkpointInterval: 1,",
        "           continueAsNewInterval: 2, heartbeatTimeoutSeconds: 3, workerStartTimeoutSeconds: 3}",
        "evaluation: {heldOutTasks: 4}",
        ""));
    return config;
  }

  private static Tooln1Process server(Path campaigns, Path log) throws Exception {
    return Tooln1Process.startServer(campaigns, log);
  }

  private static Tooln1Process worker(Path campaigns, Path log) throws IOException {
    return Tooln1Process.startWorker(campaigns, log);
  }

  private static String weightsDigest(Path checkpoint) throws Exception {
    return Tooln1Process.weightsDigest(checkpoint);
  }

  private static Path checkpoint(Path campaigns, int step) {
    return campaigns.resolve("fault/checkpoints").resolve(String.format("step-%06d", step));
  }

  /** The final weights of an uninterrupted run of the same campaign. */
  private String uninterruptedRun() throws Exception {
    Path refDir = Files.createDirectories(dir.resolve("ref"));
    Path refCampaigns = refDir.resolve("campaigns");
    Path refConfig = writeConfig(refDir);
    try (Tooln1Process server = server(refCampaigns, refDir.resolve("server.log"));
         Tooln1Process worker = worker(refCampaigns, refDir.resolve("worker.log"))) {
      Path log = refDir.resolve("start.log");
      int exit = Tooln1Process.run(log, Duration.ofMinutes(5), "campaign", "start", "--config",
          refConfig.toString(), "--campaigns", refCampaigns.toString(), "--wait");
      assertThat(exit).as(Files.readString(log) + "\n--- worker:\n" + worker.output()).isZero();
    }
    return weightsDigest(checkpoint(refCampaigns, STEPS));
  }

  @Test
  void killedWorkerMidUpdateIsReplacedAndTheResultIsBitIdentical() throws Exception {
    String expected = uninterruptedRun();

    // The same campaign; the worker is killed while it applies update 2 -> 3.
    Path runDir = Files.createDirectories(dir.resolve("run"));
    Path campaigns = runDir.resolve("campaigns");
    Path config = writeConfig(runDir);
    try (Tooln1Process server = server(campaigns, runDir.resolve("server.log"))) {
      Tooln1Process first = worker(campaigns, runDir.resolve("worker-1.log"));
      Tooln1Process start = Tooln1Process.start(runDir.resolve("start.log"), "campaign", "start",
          "--config", config.toString(), "--campaigns", campaigns.toString(), "--wait");
      Path rewards = campaigns.resolve("fault/rewards/step-000002.jsonl");
      Tooln1Process.await("the rewards of step 2 (update 2 -> 3 starts next)", Duration.ofMinutes(4),
          () -> Files.exists(rewards) || !start.isAlive());
      assertThat(Files.exists(checkpoint(campaigns, 3))).isFalse();
      first.kill9();
      assertThat(first.isAlive()).isFalse();

      try (Tooln1Process second = worker(campaigns, runDir.resolve("worker-2.log"))) {
        Tooln1Process.await("the campaign to finish", Duration.ofMinutes(5), () -> !start.isAlive());
        assertThat(start.output()).contains("COMPLETED");
      } finally {
        start.close();
      }
    }
    for (int s = 0; s <= STEPS; s++) {
      assertThat(checkpoint(campaigns, s)).as("checkpoint " + s).isDirectory();
    }
    assertThat(checkpoint(campaigns, STEPS + 1)).doesNotExist();
    assertThat(weightsDigest(checkpoint(campaigns, STEPS))).isEqualTo(expected);
  }

  /**
   * Fault (2b): kill -9 the orchestrator (embedded Temporal: the workflow history is lost) while an
   * update runs; restart it and start the same campaign: it fast-forwards through the steps whose
   * outputs exist and continues from the first missing one, to the same final weights. Then one more
   * restart (issue 14, item 7): the finished campaign's history is gone again, and the console shows it
   * as its directory records its end, COMPLETED at its last step, not LOST.
   */
  @Test
  void killedOrchestratorIsRestartedAndTheCampaignContinuesToTheSameResult() throws Exception {
    String expected = uninterruptedRun();
    Path runDir = Files.createDirectories(dir.resolve("run2"));
    Path campaigns = runDir.resolve("campaigns");
    Path config = writeConfig(runDir);
    Tooln1Process server = server(campaigns, runDir.resolve("server-1.log"));
    Tooln1Process worker = worker(campaigns, runDir.resolve("worker-1.log"));
    Tooln1Process start = Tooln1Process.start(runDir.resolve("start-1.log"), "campaign", "start",
        "--config", config.toString(), "--campaigns", campaigns.toString(), "--wait");
    try {
      Path rewards = campaigns.resolve("fault/rewards/step-000002.jsonl");
      Tooln1Process.await("the rewards of step 2", Duration.ofMinutes(4),
          () -> Files.exists(rewards) || !start.isAlive());
      server.kill9();
    } finally {
      start.close();
      worker.close();
      server.close();
    }
    assertThat(checkpoint(campaigns, STEPS)).doesNotExist();
    // A dead orchestrator's server.json is ignored (its pid is gone); a new one starts on a new port.
    try (Tooln1Process server2 = server(campaigns, runDir.resolve("server-2.log"));
         Tooln1Process worker2 = worker(campaigns, runDir.resolve("worker-2.log"))) {
      Path log = runDir.resolve("start-2.log");
      int exit = Tooln1Process.run(log, Duration.ofMinutes(5), "campaign", "start", "--config",
          config.toString(), "--campaigns", campaigns.toString(), "--wait");
      assertThat(exit).as(Files.readString(log) + "\n--- worker:\n" + worker2.output()).isZero();
    }
    for (int s = 0; s <= STEPS; s++) {
      assertThat(checkpoint(campaigns, s)).as("checkpoint " + s).isDirectory();
    }
    assertThat(weightsDigest(checkpoint(campaigns, STEPS))).isEqualTo(expected);

    try (Tooln1Process server3 = server(campaigns, runDir.resolve("server-3.log"))) {
      String consoleUrl = Json.MAPPER.readTree(Files.readString(campaigns.resolve("server.json")))
          .get("consoleUrl").asText();
      HttpResponse<String> api = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(consoleUrl + "api/campaigns")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(200);
      JsonNode row = Json.MAPPER.readTree(api.body()).get(0);
      assertThat(row.get("id").asText()).as(api.body()).isEqualTo("fault");
      assertThat(row.get("status").asText()).as(api.body()).isEqualTo("COMPLETED");
      assertThat(row.get("phase").asText()).as(api.body()).isEqualTo("COMPLETED");
      assertThat(row.get("step").asInt()).as(api.body()).isEqualTo(STEPS);
    }
  }
}
