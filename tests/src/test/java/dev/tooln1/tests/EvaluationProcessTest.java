package dev.tooln1.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: every evaluation entry point through real {@code tooln1 server} and {@code worker}
 * processes and the shipped full-vocabulary tiny recipe ({@code examples/tiny-full-vocab.yaml}), no
 * fakes: the campaign's own evaluations (held-out, a BFCL subset, an API-Bank subset), a scheduled
 * evaluation that fires on new checkpoints while the campaign trains, and {@code tooln1 eval} on
 * each kind of set with each way of naming a checkpoint; bad input is refused with exit 2 and leaves
 * the schedule running.
 */
class EvaluationProcessTest {

  private static final String ID = "evals";

  @TempDir
  Path dir;

  private Path campaigns;

  /** The shipped recipe, with its data spec made absolute (tests run in another directory) and 6 steps. */
  private Path config() throws IOException {
    Path root = DataFiles.projectRoot();
    String yaml = Files.readString(root.resolve("examples/tiny-full-vocab.yaml"))
        .replace("name: tiny-full", "name: " + ID)
        .replace("spec: examples/data/tiny-synthetic.yaml",
            "spec: " + root.resolve("examples/data/tiny-synthetic.yaml"))
        .replace("maxSteps: 4", "maxSteps: 6")
        .replace("continueAsNewInterval: 4", "continueAsNewInterval: 6");
    assertThat(yaml).contains("name: " + ID, "maxSteps: 6", root.toString());
    Path config = dir.resolve("campaign.yaml");
    Files.writeString(config, yaml);
    return config;
  }

  private String cli(String logName, int expectedExit, String... args) throws Exception {
    Path log = dir.resolve(logName + ".log");
    String[] all = Stream.concat(Stream.of(args), Stream.of("--campaigns", campaigns.toString()))
        .toArray(String[]::new);
    int exit = Tooln1Process.run(log, Duration.ofMinutes(3), all);
    String out = Files.readString(log);
    assertThat(exit).as(String.join(" ", args) + ":\n" + out).isEqualTo(expectedExit);
    return out;
  }

  private JsonNode report(String name) throws IOException {
    Path file = campaigns.resolve(ID).resolve("eval").resolve(name);
    assertThat(file).as("report " + name).exists();
    assertThat(campaigns.resolve(ID).resolve("eval").resolve(name + ".sha256")).exists();
    return Json.MAPPER.readTree(Files.readString(file));
  }

  private static int column(String table, String row, int column) {
    for (String line : table.split("\n")) {
      if (line.startsWith(row + " ")) {
        return Integer.parseInt(line.trim().split("\\s+")[column]);
      }
    }
    throw new AssertionError("no row " + row + " in\n" + table);
  }

  @Test
  void campaignScheduleAndCliEvaluationsRunOnRealWorkers() throws Exception {
    campaigns = dir.resolve("campaigns");
    Path config = config();
    try (Tooln1Process server = Tooln1Process.startServer(campaigns, dir.resolve("server.log"));
         Tooln1Process worker = Tooln1Process.startWorker(campaigns, dir.resolve("worker.log"))) {
      cli("start", 0, "campaign", "start", "--config", config.toString());
      // While the campaign trains: a schedule that evaluates each new checkpoint on 4 held-out tasks.
      cli("schedule-create", 0, "schedule", "create", "--campaign", ID, "--every", "2s", "--set", "heldout",
          "--limit", "4", "--id", "watch");
      Tooln1Process.await("the campaign to complete", Duration.ofMinutes(5), () -> {
        try {
          return cli("status-poll", 0, "campaign", "status", ID).contains("COMPLETED");
        } catch (Exception | AssertionError e) {
          return false; // a query between two runs of continue-as-new
        }
      });

      // The campaign's own evaluations: held-out, BFCL (2 per category) and API-Bank (3 samples).
      JsonNode own = report("step-2-step-000002.json");
      assertThat(own.path("examples").asInt()).isEqualTo(8);
      assertThat(own.path("verdicts").asText()).hasSize(8);
      assertThat(own.path("bfcl").path("items").asInt()).isEqualTo(4);
      assertThat(own.path("apibank").path("n").asInt()).isEqualTo(3);

      // The schedule fired on at least two checkpoints; its reports are in the campaign directory.
      Tooln1Process.await("two scheduled evaluations", Duration.ofMinutes(1), () -> {
        try {
          return column(cli("schedule-list-poll", 0, "schedule", "list"), "watch", 6) >= 2;
        } catch (Exception | AssertionError e) {
          return false;
        }
      });
      String list = cli("schedule-list", 0, "schedule", "list");
      assertThat(list).doesNotContain("failed");
      try (Stream<Path> files = Files.list(campaigns.resolve(ID).resolve("eval"))) {
        List<String> scheduled = files.map(p -> p.getFileName().toString())
            .filter(n -> n.startsWith("scheduled-") && n.endsWith(".json")).toList();
        assertThat(scheduled).as(list).hasSizeGreaterThanOrEqualTo(2);
        for (String name : scheduled) {
          JsonNode r = report(name);
          assertThat(r.path("set").asText()).isEqualTo("heldout");
          assertThat(r.path("examples").asInt()).isEqualTo(4);
        }
      }

      // tooln1 eval, each kind of set, each way of naming the checkpoint.
      String heldout = cli("eval-heldout", 0, "eval", "--checkpoint", ID + "/checkpoints/step-000002",
          "--set", "heldout");
      assertThat(heldout).contains("on 8 examples");
      assertThat(report("adhoc-step-000002.json").path("verdicts").asText())
          .isEqualTo(own.path("verdicts").asText()); // the same tasks as the campaign's own evaluation, greedy
      String bfcl = cli("eval-bfcl", 0, "eval", "--campaign", ID, "--checkpoint", "latest", "--set",
          "bfcl/simple_python", "--limit", "1");
      assertThat(bfcl).contains("on 1 examples");
      assertThat(report("adhoc-bfcl.simple_python.limit-1-step-000006.json").path("bfcl").path("items").asInt())
          .isEqualTo(1);
      cli("eval-apibank", 0, "eval", "--campaign", ID, "--checkpoint", "3", "--set", "apibank", "--limit", "2");
      assertThat(report("adhoc-apibank.limit-2-step-000003.json").path("apibank").path("n").asInt()).isEqualTo(2);
      cli("eval-best", 0, "eval", "--campaign", ID, "--checkpoint", "best", "--set", "heldout", "--limit", "2");

      // Bad input: one line, exit 2, nothing started.
      String unknown = cli("eval-unknown", 2, "eval", "--campaign", ID, "--checkpoint", "latest", "--set", "bfcl/nope");
      assertThat(unknown).contains("unknown evaluation set 'bfcl/nope'; known sets: heldout, bfcl,").doesNotContain("\tat ");
      Path weights = campaigns.resolve(ID).resolve("checkpoints/step-000001/model.safetensors");
      byte[] bytes = Files.readAllBytes(weights);
      bytes[bytes.length / 2] ^= 1;
      Files.write(weights, bytes);
      String corrupt = cli("eval-corrupt", 2, "eval", "--campaign", ID, "--checkpoint", "1", "--set", "heldout");
      assertThat(corrupt).contains("does not verify", "model.safetensors").doesNotContain("\tat ");
      assertThat(corrupt.strip().lines().count()).isEqualTo(1);

      // ... and the schedule is still there and running.
      Matcher state = Pattern.compile("(?m)^watch\\s+\\S+\\s+" + ID + "\\s+\\S+\\s+\\S+\\s+(\\S+)")
          .matcher(cli("schedule-list-after", 0, "schedule", "list"));
      assertThat(state.find()).isTrue();
      assertThat(state.group(1)).isEqualTo("ACTIVE");
      cli("schedule-delete", 0, "schedule", "delete", "watch");
      assertThat(worker.isAlive()).as(worker.output()).isTrue();
      assertThat(server.isAlive()).isTrue();
    }
  }
}
