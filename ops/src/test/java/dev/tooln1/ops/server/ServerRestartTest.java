package dev.tooln1.ops.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.ops.testing.Cli;
import dev.tooln1.ops.testing.Cli.Background;
import dev.tooln1.ops.testing.Cli.Result;
import dev.tooln1.ops.testing.FakeCompute;
import dev.tooln1.reward.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server keeps history in memory: after a restart of {@code tooln1 server} a campaign
 * is LOST until started again, which fast-forwards through the completed steps (the activities
 * find their outputs) without applying any update twice. Once it has ended, a further restart shows
 * it as its directory records the end: COMPLETED at its step, not LOST.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServerRestartTest {
  @TempDir
  Path dir;

  @Test
  void campaignLostWithTheEmbeddedServerIsStartedAgainAndFastForwards() throws Exception {
    Path campaigns = dir.resolve("campaigns");
    Path config = dir.resolve("zeta.yaml");
    Files.writeString(dir.resolve("data.yaml"), "sources: [{type: synthetic, count: 10}]\n"); // start checks it exists
    Files.writeString(config, """
        name: zeta
        model: {preset: tiny}
        data: {spec: data.yaml}
        grpo: {promptsPerStep: 4, miniBatchSize: 4}
        schedule: {epochs: 1, maxSteps: 8, evalInterval: 4, checkpointInterval: 2, continueAsNewInterval: 4}
        """);
    FakeCompute compute = new FakeCompute(200); // its checkpoint map plays the campaign directory
    String c = campaigns.toString();

    Background server = Cli.start(null, "server", "--port", "0", "--console-port", "0", "--campaigns", c);
    ServerInfo first = Cli.awaitServer(campaigns, server);
    Background worker = Cli.start(compute, "worker", "--campaigns", c, "--worker-id", "w1");
    assertThat(Cli.run("campaign", "start", "--config", config.toString(), "--campaigns", c).code()).isZero();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (compute.appliedUpdates("zeta") < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.stop().code()).isZero();
    worker.stop();
    long appliedBefore = compute.appliedUpdates("zeta");
    assertThat(appliedBefore).isBetween(3L, 7L);

    server = Cli.start(null, "server", "--port", "0", "--console-port", "0", "--campaigns", c);
    ServerInfo second = Cli.awaitServer(campaigns, server);
    assertThat(second.temporal()).isNotEqualTo(first.temporal());
    worker = Cli.start(compute, "worker", "--campaigns", c, "--worker-id", "w2");
    try {
      assertThat(Cli.run("campaign", "list", "--campaigns", c).out()).containsPattern("zeta\\s+LOST");
      Result status = Cli.run("campaign", "status", "zeta", "--campaigns", c);
      assertThat(status.code()).isEqualTo(1);
      assertThat(status.out()).contains("campaign zeta: LOST").contains("tooln1 campaign start --config");

      Result again = Cli.run("campaign", "start", "--config", config.toString(), "--campaigns", c, "--wait");
      assertThat(again.code()).as(again.err()).isZero();
      assertThat(again.out()).contains("campaign zeta: started")
          .contains("campaign zeta completed after 8 steps; last checkpoint zeta/checkpoints/step-8");
      // every step applied exactly once across both servers; the early ones re-ran as no-ops on w2
      assertThat(compute.appliedUpdates("zeta")).isEqualTo(8);
      assertThat(compute.calls).contains("update:zeta:0@w1", "update:zeta:0@w2");
      assertThat(compute.calls.stream().filter(x -> x.startsWith("update-applied:zeta:") && x.endsWith("@w2"))
          .count()).isEqualTo(8 - appliedBefore);
    } finally {
      worker.stop();
      server.stop();
    }

    // A third server: the history of the finished campaign is gone again, its recorded end is not.
    server = Cli.start(null, "server", "--port", "0", "--console-port", "0", "--campaigns", c);
    ServerInfo third = Cli.awaitServer(campaigns, server);
    try {
      assertThat(Cli.run("campaign", "list", "--campaigns", c).out())
          .containsPattern("zeta\\s+COMPLETED\\s+COMPLETED\\s+8\\s");
      Result status = Cli.run("campaign", "status", "zeta", "--campaigns", c);
      assertThat(status.code()).as(status.err()).isZero();
      assertThat(status.out()).contains("campaign zeta: COMPLETED (as its directory records it, status/ended-")
          .contains("phase COMPLETED, step 8").doesNotContain("LOST");
      HttpResponse<String> api = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(third.consoleUrl() + "api/campaigns")).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode row = Json.parse(api.body()).get(0);
      assertThat(row.get("id").asText()).isEqualTo("zeta");
      assertThat(row.get("status").asText()).isEqualTo("COMPLETED");
      assertThat(row.get("phase").asText()).isEqualTo("COMPLETED");
      assertThat(row.get("step").asInt()).isEqualTo(8);
    } finally {
      server.stop();
    }
  }
}
