package dev.tooln1.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, faults (2), (2c), (3) and (4) through real OS processes ({@code bin/tooln1 server},
 * {@code worker} and CLI calls), the embedded Temporal server and the tiny model: a killed client,
 * a frozen (hung) worker, a corrupt checkpoint on disk, and pause / resume / stop from the CLI.
 */
class CampaignControlProcessTest {

  private static final String ID = "ctl";
  private static final Pattern STEP = Pattern.compile(ID + " [A-Z_]+ .*?step (\\d+)/");
  /** Final weights of every 4-step run of the class, by test: all must be the same bits. */
  private static final Map<String, String> FINAL_WEIGHTS = new ConcurrentHashMap<>();

  @TempDir
  Path dir;

  private Path campaigns;
  private Path config;

  private void setUp(int maxSteps) throws IOException {
    campaigns = dir.resolve("campaigns");
    Path data = dir.resolve("data.yaml");
    Files.writeString(data, "seed: 3\nsources:\n  - {type: synthetic, count: 120}\n"
        + "split: {train: 0.8, validation: 0.2, test: 0}\n");
    config = dir.resolve("campaign.yaml");
    Files.writeString(config, String.join("\n",
        "name: " + ID,
        "seed: 11",
        "model: {preset: tiny, trimVocabulary: true}",
        "data: {spec: " + data + "}",
        "promptFormat: compact",
        "grpo: {groupSize: 2, temperature: 0.7, lr: 1.0e-3, promptsPerStep: 4, miniBatchSize: 4,",
        "       maxPromptTokens: 400, maxResponseTokens: 24}",
        "schedule: {epochs: 20, maxSteps: " + maxSteps + ", evalInterval: 100, checkpointInterval: 1,",
        "           continueAsNewInterval: 2, heartbeatTimeoutSeconds: 3, workerStartTimeoutSeconds: 3}",
        "evaluation: {heldOutTasks: 4}",
        ""));
  }

  private Path log(String name) {
    return dir.resolve(name + ".log");
  }

  private Path checkpoint(int step) {
    return campaigns.resolve(ID + "/checkpoints").resolve(String.format("step-%06d", step));
  }

  private Path rollouts(int step) {
    return campaigns.resolve(ID + "/rollouts").resolve(String.format("step-%06d.jsonl", step));
  }

  private Path rewards(int step) {
    return campaigns.resolve(ID + "/rewards").resolve(String.format("step-%06d.jsonl", step));
  }

  private Tooln1Process startCampaign(String logName, boolean wait) throws IOException {
    List<String> args = new ArrayList<>(List.of("campaign", "start", "--config", config.toString(),
        "--campaigns", campaigns.toString()));
    if (wait) {
      args.add("--wait");
    }
    return Tooln1Process.start(log(logName), args.toArray(String[]::new));
  }

  /** Runs {@code tooln1 campaign <verb> ctl} and returns its output; fails on another exit code. */
  private String cli(String logName, int expectedExit, String verb) throws Exception {
    Path log = log(logName);
    int exit = Tooln1Process.run(log, Duration.ofMinutes(2), "campaign", verb, ID, "--campaigns",
        campaigns.toString());
    String out = Files.readString(log);
    assertThat(exit).as(out).isEqualTo(expectedExit);
    return out;
  }

  /**
   * Polls {@code campaign status} until its output contains {@code text}; returns that output. A
   * failed poll is tolerated (a query can fall between two runs of continue-as-new).
   */
  private String awaitStatus(String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String out = "";
    int n = 0;
    while (System.nanoTime() < deadline) {
      Path log = log("status-" + n++);
      int exit = Tooln1Process.run(log, Duration.ofMinutes(2), "campaign", "status", ID,
          "--campaigns", campaigns.toString());
      out = Files.readString(log);
      if (exit == 0 && out.contains(text)) {
        return out;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("status never showed '" + text + "'; last:\n" + out);
  }

  private static int stepOf(String status) {
    Matcher m = STEP.matcher(status);
    assertThat(m.find()).as(status).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private int newestCheckpoint() throws IOException {
    try (var s = Files.list(checkpoint(0).getParent())) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("step-\\d{6}"))
          .mapToInt(n -> Integer.parseInt(n.substring(5))).max().orElse(-1);
    }
  }

  private static String weightsDigest(Path checkpoint) throws Exception {
    return Tooln1Process.weightsDigest(checkpoint);
  }

  @AfterAll
  static void everyFourStepRunEndsWithTheSameWeights() {
    assertThat(FINAL_WEIGHTS.values().stream().distinct()).as("final weights by test: %s", FINAL_WEIGHTS)
        .hasSizeLessThanOrEqualTo(1);
  }

  /** Fault (2): kill -9 the `campaign start --wait` client mid-campaign; the campaign goes on. */
  @Test
  void killingTheClientDoesNotStopTheCampaign() throws Exception {
    setUp(4);
    try (Tooln1Process server = Tooln1Process.startServer(campaigns, log("server"));
         Tooln1Process worker = Tooln1Process.startWorker(campaigns, log("worker"))) {
      Tooln1Process client = startCampaign("start", true);
      Tooln1Process.await("the rewards of step 1", Duration.ofMinutes(4),
          () -> Files.exists(rewards(1)) || !client.isAlive());
      assertThat(client.isAlive()).as(client.output()).isTrue();
      client.kill9();
      assertThat(Files.exists(checkpoint(4))).isFalse();

      // a new CLI process sees it finish
      String done = awaitStatus(ID + ": COMPLETED", Duration.ofMinutes(4));
      assertThat(done).contains("step 4/4");
      assertThat(server.isAlive()).isTrue();
      assertThat(worker.isAlive()).isTrue();
    }
    CheckpointStore.verify(checkpoint(4));
    FINAL_WEIGHTS.put("killed client", weightsDigest(checkpoint(4)));
  }

  /**
   * Fault (2c): the worker freezes (SIGSTOP: its heartbeats stop, its process stays) while the
   * policy's activities run on it. The heartbeat timeout catches it, the step is retried on the
   * shared queue, where a second worker takes it; the campaign finishes with the same weights.
   */
  @Test
  void aFrozenWorkerIsCaughtByTheHeartbeatTimeoutAndAnotherWorkerFinishes() throws Exception {
    setUp(4);
    try (Tooln1Process server = Tooln1Process.startServer(campaigns, log("server"))) {
      Tooln1Process frozen = Tooln1Process.startWorker(campaigns, log("worker-1"));
      Tooln1Process client = startCampaign("start", true);
      try {
        // checkpoint 1 written: the rollout of step 1 starts on the policy's worker
        Tooln1Process.await("checkpoint 1", Duration.ofMinutes(4),
            () -> Files.exists(checkpoint(1)) || !client.isAlive());
        frozen.freeze();
        try (Tooln1Process second = Tooln1Process.startWorker(campaigns, log("worker-2"))) {
          Tooln1Process.await("the campaign to end", Duration.ofMinutes(4), () -> !client.isAlive());
          assertThat(client.output()).contains("COMPLETED").contains("timed out on worker");
          assertThat(frozen.isAlive()).isTrue(); // still there, just hung: only timeouts found it
        }
      } finally {
        frozen.thaw();
        frozen.kill9();
        client.close();
      }
    }
    for (int s = 0; s <= 4; s++) {
      CheckpointStore.verify(checkpoint(s));
    }
    FINAL_WEIGHTS.put("frozen worker", weightsDigest(checkpoint(4)));
  }

  /**
   * Fault (3): flip bytes in the newest checkpoint's weights while nothing runs, restart, start the
   * campaign again: its fast-forward finds the checkpoint does not verify and the campaign fails at
   * once naming the file (it does not train on, nor silently redo). Moving the corrupt checkpoint
   * away, as the message says, redoes that one step from the previous checkpoint, to the same bits.
   */
  @Test
  void aCorruptCheckpointOnDiskIsDetectedNamingTheFileAndMovingItAwayRedoesTheStep() throws Exception {
    setUp(4);
    try (Tooln1Process server = Tooln1Process.startServer(campaigns, log("server-1"));
         Tooln1Process worker = Tooln1Process.startWorker(campaigns, log("worker-1"))) {
      assertThat(Tooln1Process.run(log("start-1"), Duration.ofMinutes(5), "campaign", "start",
          "--config", config.toString(), "--campaigns", campaigns.toString(), "--wait"))
          .as(Files.readString(log("start-1"))).isZero();
    }
    String intact = weightsDigest(checkpoint(4));
    FINAL_WEIGHTS.put("corrupt checkpoint", intact);
    Path weights = checkpoint(4).resolve("model.safetensors");
    try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long at = ch.size() / 2;
      ByteBuffer b = ByteBuffer.allocate(8);
      ch.read(b, at);
      for (int i = 0; i < 8; i++) {
        b.put(i, (byte) ~b.get(i));
      }
      b.rewind();
      ch.write(b, at);
    }

    try (Tooln1Process server = Tooln1Process.startServer(campaigns, log("server-2"));
         Tooln1Process worker = Tooln1Process.startWorker(campaigns, log("worker-2"))) {
      int exit = Tooln1Process.run(log("start-2"), Duration.ofMinutes(5), "campaign", "start",
          "--config", config.toString(), "--campaigns", campaigns.toString(), "--wait");
      String out = Files.readString(log("start-2"));
      assertThat(exit).as(out).isEqualTo(1);
      assertThat(out).contains("failed in update at step 3 (CorruptCheckpoint)")
          .contains(checkpoint(4).toString()).contains("model.safetensors is corrupt")
          .contains("move it away").doesNotContain("\tat ");
      assertThat(weightsDigest(checkpoint(4))).isNotEqualTo(intact); // left as found

      Files.move(checkpoint(4), checkpoint(4).resolveSibling("step-000004.corrupt"));
      int again = Tooln1Process.run(log("start-3"), Duration.ofMinutes(5), "campaign", "start",
          "--config", config.toString(), "--campaigns", campaigns.toString(), "--wait");
      assertThat(again).as(Files.readString(log("start-3"))).isZero();
    }
    CheckpointStore.verify(checkpoint(4));
    assertThat(weightsDigest(checkpoint(4))).isEqualTo(intact);
  }

  /**
   * Fault (4): pause → the phase is PAUSED and no step advances; resume → it advances; stop → it
   * ends after the step in flight, its checkpoint intact, no further step begun.
   */
  @Test
  void pauseResumeAndStopFromTheCli() throws Exception {
    setUp(60);
    try (Tooln1Process server = Tooln1Process.startServer(campaigns, log("server"));
         Tooln1Process worker = Tooln1Process.startWorker(campaigns, log("worker"))) {
      assertThat(Tooln1Process.run(log("start"), Duration.ofMinutes(2), "campaign", "start",
          "--config", config.toString(), "--campaigns", campaigns.toString()))
          .as(Files.readString(log("start"))).isZero();
      Tooln1Process.await("the rewards of step 1", Duration.ofMinutes(4), () -> Files.exists(rewards(1)));

      assertThat(cli("pause", 0, "pause")).contains("pause requested");
      String paused = awaitStatus(ID + " PAUSED", Duration.ofMinutes(2));
      assertThat(paused).contains(ID + ": PAUSED");
      int pausedAt = stepOf(paused);
      int newest = newestCheckpoint();
      assertThat(newest).isEqualTo(pausedAt);
      Thread.sleep(6_000);
      assertThat(newestCheckpoint()).isEqualTo(pausedAt);
      assertThat(rollouts(pausedAt)).doesNotExist();
      assertThat(stepOf(cli("status-paused", 0, "status"))).isEqualTo(pausedAt);

      assertThat(cli("resume", 0, "resume")).contains("resumed");
      Tooln1Process.await("a step after the pause", Duration.ofMinutes(2),
          () -> Files.exists(checkpoint(pausedAt + 1)));

      assertThat(cli("stop", 0, "stop")).contains("stop requested");
      String stopped = awaitStatus(ID + ": COMPLETED", Duration.ofMinutes(2));
      assertThat(stopped).contains(ID + " STOPPED");
      int last = stepOf(stopped);
      assertThat(last).isGreaterThan(pausedAt).isLessThan(60);
      Thread.sleep(2_000);
      assertThat(newestCheckpoint()).isEqualTo(last);
      CheckpointStore.verify(checkpoint(last));
      assertThat(rollouts(last)).as("no step begun after the stop").doesNotExist();
    }
  }
}
