package dev.tooln1.ops.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.ops.testing.Cli;
import dev.tooln1.ops.testing.Cli.Background;
import dev.tooln1.ops.testing.Cli.Result;
import dev.tooln1.ops.testing.FakeCompute;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tooln1 server} and {@code tooln1 worker} (fake compute) running in this JVM through
 * {@code Main}, driven by the CLI's campaign, schedule and eval commands and the console's HTTP
 * API, against the real embedded Temporal server.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrchestratorEndToEndTest {
  @TempDir
  static Path dir;

  static Path campaigns;
  static FakeCompute compute;
  static Background server;
  static Background worker;
  static ServerInfo info;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startServerAndWorker() throws Exception {
    campaigns = dir.resolve("campaigns");
    compute = new FakeCompute(150);
    server = Cli.start(null, "server", "--port", "0", "--console-port", "0", "--campaigns",
        campaigns.toString(), "--metrics-interval", "0.3");
    info = Cli.awaitServer(campaigns, server);
    worker = Cli.start(compute, "worker", "--campaigns", campaigns.toString(), "--worker-id", "w1");
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (worker != null) {
      Result w = worker.stop();
      assertThat(w.code()).as(w.err()).isZero();
      assertThat(w.out()).contains("tooln1 worker w1: polling tooln1-compute and tooln1-worker-w1");
    }
    if (server != null) {
      Result s = server.stop();
      assertThat(s.code()).as(s.err()).isZero();
      assertThat(s.out()).contains("console " + info.consoleUrl()).contains("stopped");
      assertThat(ServerInfo.file(campaigns)).doesNotExist();
    }
  }

  static Path config(String name, int maxSteps) throws Exception {
    // start checks that the data spec exists (the fake compute never reads it)
    Files.writeString(dir.resolve("data.yaml"), "sources: [{type: synthetic, count: 10}]\n");
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, """
        name: %s
        model: {preset: tiny}
        data: {spec: data.yaml}
        grpo: {promptsPerStep: 4, miniBatchSize: 4}
        schedule: {epochs: 100, maxSteps: %d, evalInterval: 3, checkpointInterval: 3, continueAsNewInterval: 3}
        """.formatted(name, maxSteps));
    return f;
  }

  static Result cli(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--campaigns";
    all[args.length + 1] = campaigns.toString();
    return Cli.run(all);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static int step(String statusOut) {
    Matcher m = Pattern.compile("step (\\d+)").matcher(statusOut);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void campaignRunsToTheEndWithPauseAndResumeAndWatchFollowsIt() throws Exception {
    Result start = cli("campaign", "start", "--config", config("alpha", 6).toString());
    assertThat(start.code()).as(start.err()).isZero();
    assertThat(start.out()).contains("campaign alpha: started (workflow campaign-alpha on " + info.temporal());

    Result again = cli("campaign", "start", "--config", config("alpha", 6).toString());
    assertThat(again.out()).contains("campaign alpha: already running; attached");

    await("a first step", () -> step(cli("campaign", "status", "alpha").out()) >= 1);
    Result pause = cli("campaign", "pause", "alpha");
    assertThat(pause.code()).isZero();
    await("the pause", () -> cli("campaign", "status", "alpha").out().contains("alpha PAUSED  step"));
    int pausedAt = step(cli("campaign", "status", "alpha").out());
    Thread.sleep(600); // several rollouts' worth: no step while paused
    assertThat(step(cli("campaign", "status", "alpha").out())).isEqualTo(pausedAt);
    assertThat(pausedAt).isLessThan(6);

    assertThat(cli("campaign", "resume", "alpha").code()).isZero();
    Result watch = cli("campaign", "watch", "alpha");
    assertThat(watch.code()).as(watch.err()).isZero();
    assertThat(watch.out()).contains("alpha TRAINING").contains("reward ").contains("tok/s ")
        .contains("campaign alpha completed after 6 steps; last checkpoint alpha/checkpoints/step-6")
        .contains("final eval accuracy 0.460 on 200 examples");
    assertThat(compute.appliedUpdates("alpha")).isEqualTo(6);

    Result list = cli("campaign", "list");
    assertThat(list.out()).containsPattern("alpha\\s+COMPLETED\\s+COMPLETED\\s+6/6");
    Result completed = cli("campaign", "start", "--config", config("alpha", 6).toString());
    assertThat(completed.out()).contains("campaign alpha: completed already");

    // the config the activities read is recorded with its checksum, like an artifact
    assertThat(campaigns.resolve("alpha/campaign.json")).exists();
    assertThat(campaigns.resolve("alpha/campaign.json.sha256")).exists();
  }

  @Test
  void stoppedCampaignEndsAfterItsStepAndStartingItAgainContinuesWithoutRedoingUpdates()
      throws Exception {
    assertThat(cli("campaign", "start", "--config", config("beta", 400).toString()).code()).isZero();
    await("a first step", () -> step(cli("campaign", "status", "beta").out()) >= 1);
    Result stop = cli("campaign", "stop", "beta");
    assertThat(stop.out()).contains("stop requested");
    Result watch = cli("campaign", "watch", "beta");
    assertThat(watch.code()).isZero();
    assertThat(watch.out()).contains("campaign beta stopped after");
    int stoppedAt = step(cli("campaign", "status", "beta").out());
    assertThat(stoppedAt).isBetween(1, 399);
    assertThat(cli("campaign", "pause", "beta").err()).contains("campaign 'beta' is not running (completed)");

    Result restart = cli("campaign", "start", "--config", config("beta", 400).toString());
    assertThat(restart.out()).contains("campaign beta: started");
    await("progress after the restart",
        () -> step(cli("campaign", "status", "beta").out()) > stoppedAt + 1);
    assertThat(cli("campaign", "stop", "beta").code()).isZero();
    cli("campaign", "watch", "beta");
    // fast-forward: the steps done before the stop were re-run as no-ops, none applied twice
    int finalStep = step(cli("campaign", "status", "beta").out());
    assertThat(compute.appliedUpdates("beta")).isEqualTo(finalStep);
  }

  @Test
  void consoleApiShowsTheRealWorkflowAndPausesAndResumesItByPost() throws Exception {
    assertThat(cli("campaign", "start", "--config", config("gamma", 400).toString()).code()).isZero();
    await("two steps", () -> step(cli("campaign", "status", "gamma").out()) >= 2);
    String base = info.consoleUrl();
    assertThat(get(base + "api/campaigns").body()).contains("\"id\":\"gamma\"").contains("\"status\":\"RUNNING\"");
    String detail = get(base + "api/campaigns/gamma").body();
    assertThat(detail).contains("\"history\":[{\"step\":1,").contains("\"meanReward\":0.1");
    assertThat(get(base + "api/campaigns/nosuch").statusCode()).isEqualTo(404);

    String page = get(base).body();
    Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([0-9a-f]+)\"").matcher(page);
    assertThat(m.find()).isTrue();
    String csrf = m.group(1);
    assertThat(post(base + "api/campaigns/gamma/pause", null).statusCode()).isEqualTo(403);
    HttpResponse<String> paused = post(base + "api/campaigns/gamma/pause", csrf);
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    await("PAUSED in the API", () -> get(base + "api/campaigns/gamma").body().contains("\"status\":\"PAUSED\""));
    HttpResponse<String> resumed = post(base + "api/campaigns/gamma/resume", csrf);
    assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    await("RUNNING in the API", () -> get(base + "api/campaigns/gamma").body().contains("\"status\":\"RUNNING\""));

    // Evaluate resolves the checkpoint from the campaign's directory (the fake compute writes none).
    writeCheckpoint("gamma", 1);
    HttpResponse<String> eval = post(base + "api/campaigns/gamma/evaluate", csrf);
    assertThat(eval.statusCode()).as(eval.body()).isEqualTo(200);
    assertThat(eval.body()).contains("evaluation-gamma-step-1-heldout");

    // The refresher publishes a campaign's gauges before its first step's timings exist: wait for all.
    await("metrics of gamma", () -> {
      String body = get(base + "metrics").body();
      return body.contains("tooln1_campaign_step{campaign=\"gamma\"}")
          && body.contains("tooln1_step_phase_seconds_count{campaign=\"gamma\",phase=\"rollout\"}")
          && body.contains("tooln1_campaign_tokens_per_second{campaign=\"gamma\"}");
    });
    String metrics = get(base + "metrics").body();
    assertThat(metrics).contains("tooln1_campaign_reward{campaign=\"gamma\"}")
        .contains("tooln1_campaign_tokens_per_second{campaign=\"gamma\"}")
        .contains("tooln1_step_phase_seconds_count{campaign=\"gamma\",phase=\"rollout\"}");
    assertThat(cli("campaign", "stop", "gamma").code()).isZero();
    cli("campaign", "watch", "gamma");
  }

  @Test
  void consoleCommandServesTheSameCampaignsAgainstTheRunningServer() throws Exception {
    assertThat(cli("campaign", "start", "--config", config("eta", 2).toString(), "--wait").code()).isZero();
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Background console = Cli.start(null, "console", "--port", String.valueOf(port), "--campaigns",
        campaigns.toString());
    try {
      String url = "http://127.0.0.1:" + port + "/api/campaigns";
      await("the console", () -> {
        try {
          return get(url).body().contains("\"id\":\"eta\",\"name\":\"eta\",\"status\":\"COMPLETED\"");
        } catch (AssertionError e) {
          return false; // not listening yet
        }
      });
    } finally {
      Result r = console.stop();
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("tooln1 console: http://127.0.0.1:" + port + "/ (Temporal " + info.temporal());
    }
  }

  @Test
  void scheduleEvaluatesTheNewestCheckpointAndCanBeListedAndDeleted() throws Exception {
    assertThat(cli("campaign", "start", "--config", config("delta", 4).toString()).code()).isZero();
    cli("campaign", "watch", "delta");
    Result create = cli("schedule", "create", "--campaign", "delta", "--every", "1s");
    assertThat(create.code()).as(create.err()).isZero();
    assertThat(create.out()).contains(
        "schedule delta-heldout: evaluates campaign delta on heldout every 1s (scheduler workflow)");
    assertThat(create.err()).as("the embedded server has no Schedules API").contains(
        "note: this Temporal server has no Schedules API (CreateSchedule answered UNIMPLEMENTED)");
    await("a scheduled evaluation", () -> cli("schedule", "list").out()
        .matches("(?s).*delta-heldout\\s+workflow\\s+delta\\s+heldout\\s+1s\\s+ACTIVE\\s+1\\s+step 4 0\\.440.*"));
    assertThat(get(info.consoleUrl() + "api/schedules").body()).contains("\"id\":\"delta-heldout\"");
    assertThat(cli("schedule", "create", "--campaign", "delta", "--every", "1s").err())
        .contains("schedule 'delta-heldout' exists already");
    assertThat(cli("schedule", "delete", "delta-heldout").code()).isZero();
    assertThat(cli("schedule", "list").out()).doesNotContain("delta-heldout");
    Result missing = cli("schedule", "delete", "delta-heldout");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("tooln1 schedule delete: no schedule 'delta-heldout'\n");

    writeCheckpoint("delta", 2); // eval verifies the checkpoint on disk (the fake compute writes none)
    Result eval = cli("eval", "--checkpoint", "delta/checkpoints/step-2", "--set", "heldout");
    assertThat(eval.code()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("evaluation evaluation-delta-step-2-heldout: accuracy 0.4200 on 200 examples");
    assertThat(compute.calls).contains("evaluate:delta:2@w1");
  }

  /** A real (tiny) checkpoint folder with its manifest, where the campaign directory keeps it. */
  private static void writeCheckpoint(String campaign, int step) throws java.io.IOException {
    var trainer = new dev.tooln1.model.train.SftTrainer(
        dev.tooln1.model.nn.Qwen2Weights.random(dev.tooln1.model.ModelConfig.preset("tiny"), step, 0.02),
        new dev.tooln1.model.train.OptimConfig(dev.tooln1.model.optim.AdamWConfig.defaults(),
            dev.tooln1.model.optim.LrSchedule.constant(1e-6, 0), 1.0), step);
    new dev.tooln1.model.checkpoint.CheckpointStore(campaigns.resolve(campaign).resolve("checkpoints"))
        .save(String.format("step-%06d", step), trainer.checkpoint(
            new dev.tooln1.model.checkpoint.Provenance(campaign, "x", "", "test")));
  }

  @Test
  void unknownCampaignsAndBadConfigsAreUsageErrors() throws Exception {
    Result pause = cli("campaign", "pause", "nosuch");
    assertThat(pause.code()).isEqualTo(2);
    assertThat(pause.err()).isEqualTo("tooln1 campaign pause: no campaign 'nosuch' on this Temporal server\n");
    assertThat(cli("campaign", "status", "nosuch").err()).contains("no campaign 'nosuch'");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: Bad Name\ngrpo: {groupSize: 1, lr: 0}\n");
    Result start = cli("campaign", "start", "--config", bad.toString());
    assertThat(start.code()).isEqualTo(2);
    assertThat(start.err()).contains("name:").contains("grpo.groupSize").contains("grpo.lr")
        .contains("data.spec: required");

    // the same name with another config is refused: the campaign's steps were made with the first
    Files.writeString(dir.resolve("alpha2.yaml"), Files.readString(config("eps", 3)).replace("maxSteps: 3", "maxSteps: 4"));
    assertThat(cli("campaign", "start", "--config", config("eps", 3).toString()).code()).isZero();
    Result clash = cli("campaign", "start", "--config", dir.resolve("alpha2.yaml").toString());
    assertThat(clash.code()).isEqualTo(2);
    assertThat(clash.err()).contains("campaign 'eps' already exists").contains("with a different config");
    cli("campaign", "watch", "eps");
  }

  private static HttpResponse<String> get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> post(String url, String csrf) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
