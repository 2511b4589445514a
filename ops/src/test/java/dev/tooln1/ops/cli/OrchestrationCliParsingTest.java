package dev.tooln1.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.ops.testing.Cli;
import dev.tooln1.ops.testing.Cli.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Options and errors of the process and campaign commands that need no running server. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrchestrationCliParsingTest {
  @TempDir
  Path dir;

  private String campaigns() {
    return dir.resolve("campaigns").toString();
  }

  @Test
  void badOptionsAreUsageErrorsWithOneLine() {
    Result port = Cli.run("server", "--port", "70000", "--campaigns", campaigns());
    assertThat(port.code()).isEqualTo(2);
    assertThat(port.err()).isEqualTo("tooln1 server: --port must be in 0..65535, was 70000\n");

    Result device = Cli.run("worker", "--device", "gpu");
    assertThat(device.code()).isEqualTo(2);
    assertThat(device.err()).contains("--device").contains("cpu, cuda");

    Result root = Cli.run("worker", "--data-root", dir.resolve("no-such-folder").toString(), "--campaigns", campaigns());
    assertThat(root.code()).isEqualTo(2);
    assertThat(root.err()).isEqualTo("tooln1 worker: --data-root " + dir.resolve("no-such-folder") + ": not a folder\n");

    Result target = Cli.run("campaign", "list", "--temporal", "nohostport", "--campaigns", campaigns());
    assertThat(target.code()).isEqualTo(2);
    assertThat(target.err()).isEqualTo(
        "tooln1 campaign list: --temporal: temporal target must be host:port, was 'nohostport'\n");

    Result every = Cli.run("schedule", "create", "--campaign", "x", "--every", "5x", "--campaigns", campaigns());
    assertThat(every.code()).isEqualTo(2);
    assertThat(every.err()).startsWith("tooln1 schedule create: --every: not a duration: '5x'");

    Result kind = Cli.run("schedule", "create", "--campaign", "x", "--every", "5m", "--kind", "cron",
        "--campaigns", campaigns());
    assertThat(kind.code()).isEqualTo(2);
    assertThat(kind.err()).isEqualTo(
        "tooln1 schedule create: --kind: one of auto, native, workflow, was 'cron'\n");

    Result set = Cli.run("eval", "--checkpoint", "x/ck", "--set", "bad name", "--campaigns", campaigns());
    assertThat(set.code()).isEqualTo(2);
    assertThat(set.err()).startsWith("tooln1 eval: --set:");

    assertThat(Cli.run("campaign", "status").code()).isEqualTo(2); // missing ID
    Result token = Cli.run("server", "--console-host", "0.0.0.0", "--port", "0", "--console-port", "0",
        "--campaigns", campaigns());
    assertThat(token.code()).isEqualTo(2);
    assertThat(token.err()).contains("not a loopback address: give an access token");
  }

  @Test
  void commandsWithoutAServerSayHowToStartOne() throws IOException {
    int free;
    try (ServerSocket s = new ServerSocket(0)) {
      free = s.getLocalPort();
    }
    Result r = Cli.run("campaign", "list", "--temporal", "127.0.0.1:" + free, "--connect-timeout", "1",
        "--campaigns", campaigns());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("tooln1 campaign list: no Temporal server at 127.0.0.1:" + free
        + " — start one with tooln1 server\n");
  }

  @Test
  void aSecondServerOnTheSameDirectoryIsRefusedInOneLine() throws Exception {
    var server = Cli.start(null, "server", "--port", "0", "--console-port", "0", "--campaigns", campaigns());
    try {
      Cli.awaitServer(dir.resolve("campaigns"), server);
      Result second = Cli.run("server", "--port", "0", "--console-port", "0", "--campaigns", campaigns());
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err()).startsWith("tooln1 server: a tooln1 server (pid ").contains("already serves");
    } finally {
      server.stop();
    }
  }

  @Test
  void theConsoleFindsTheServerAndReportsABusyPortInOneLine() throws Exception {
    var server = Cli.start(null, "server", "--port", "0", "--console-port", "0", "--campaigns", campaigns());
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli.awaitServer(dir.resolve("campaigns"), server);
      // No --temporal: the console finds the server through <campaigns>/server.json, then cannot bind.
      Result console = Cli.run("console", "--port", String.valueOf(busy.getLocalPort()), "--campaigns", campaigns());
      assertThat(console.code()).isEqualTo(1);
      assertThat(console.err()).isEqualTo("tooln1 console: cannot start the console on 127.0.0.1:"
          + busy.getLocalPort() + ": address in use (choose another --port, or 0)\n");
    } finally {
      server.stop();
    }
  }

  @Test
  void durationsAreReadAsPeopleWriteThem() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThatThrownBy(() -> Durations.parse("10")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> Durations.parse("m10")).hasMessageContaining("not a duration");
    assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.format(Duration.ofSeconds(725))).isEqualTo("12m05s");
    assertThat(Durations.format(Duration.ofMinutes(200))).isEqualTo("3h20m");
  }

  @Test
  void evalFindsTheCampaignInTheCheckpointsNameOrInsistsOnCampaign() {
    assertThat(EvalCommand.campaignOf("demo/checkpoints/step-000020", null)).isEqualTo("demo");
    assertThat(EvalCommand.campaignOf("runs/demo/checkpoints/step-000020/", null)).isEqualTo("demo");
    assertThat(EvalCommand.campaignOf("latest", "demo")).isEqualTo("demo");
    assertThat(EvalCommand.campaignOf("20", "demo")).isEqualTo("demo");
    assertThatThrownBy(() -> EvalCommand.campaignOf("latest", null)).isInstanceOf(UsageException.class)
        .hasMessageContaining("give --campaign");
    assertThatThrownBy(() -> EvalCommand.campaignOf("other/checkpoints/step-000001", "demo"))
        .isInstanceOf(UsageException.class).hasMessageContaining("of campaign 'other'");
  }
}
