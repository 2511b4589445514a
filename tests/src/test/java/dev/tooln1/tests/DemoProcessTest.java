package dev.tooln1.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tooln1 demo} as a user runs it, on a tiny config so it takes a minute instead of eight:
 * it supervises its own orchestrator and worker processes, is interrupted (SIGTERM, what Ctrl-C's
 * shutdown does) in the middle of GRPO and leaves no process behind, and the same command then
 * resumes the campaign and prints the SFT-vs-GRPO summary with intervals and the paired test.
 */
class DemoProcessTest {

  @TempDir
  Path dir;

  @Test
  void theDemoIsInterruptedWithoutLeftoversAndTheSameCommandResumesItToTheSummary() throws Exception {
    Path data = dir.resolve("data.yaml");
    Files.writeString(data, "seed: 3\nsources:\n  - {type: synthetic, count: 200, quote_values: true}\n"
        + "split: {train: 0.8, validation: 0.2, test: 0}\n");
    Path config = dir.resolve("demo.yaml");
    Files.writeString(config, String.join("\n",
        "name: tinydemo",
        "seed: 5",
        "model: {preset: tiny, trimVocabulary: true}",
        "data: {spec: " + data + "}",
        "promptFormat: compact",
        "sft: {enabled: true, maxSteps: 6, batchSize: 8, evalEvery: 3}",
        "grpo: {groupSize: 2, temperature: 0.7, lr: 1.0e-3, promptsPerStep: 4, miniBatchSize: 4,",
        "       maxPromptTokens: 400, maxResponseTokens: 24, dynamicSampling: true}",
        "schedule: {epochs: 20, maxSteps: 8, evalInterval: 8, checkpointInterval: 2, continueAsNewInterval: 4}",
        "evaluation: {heldOutTasks: 12}",
        "compute: {threads: 2}",
        ""));
    Path campaigns = dir.resolve("runs");

    Tooln1Process first = Tooln1Process.start(dir.resolve("demo-1.log"), "demo", "--config", config.toString(),
        "--campaigns", campaigns.toString(), "--console-port", "0");
    Path checkpoint2 = campaigns.resolve("tinydemo/checkpoints/step-000002");
    Tooln1Process.await("checkpoint 2 of the demo", Duration.ofSeconds(150),
        () -> Files.isDirectory(checkpoint2) || !first.isAlive());
    assertThat(first.isAlive()).as("demo still running; log:\n%s", first.output()).isTrue();
    List<ProcessHandle> children = ProcessHandle.of(first.pid()).orElseThrow().descendants().toList();
    assertThat(children).as("the demo runs its orchestrator and worker as child processes").hasSizeGreaterThanOrEqualTo(2);

    first.close(); // SIGTERM: the demo's shutdown stops its children
    for (ProcessHandle child : children) {
      child.onExit().get(30, TimeUnit.SECONDS);
      assertThat(child.isAlive()).as("child %d after the demo stopped", child.pid()).isFalse();
    }
    assertThat(first.output()).contains("console: http://127.0.0.1:");

    Path log = dir.resolve("demo-2.log");
    int exit = Tooln1Process.run(log, Duration.ofSeconds(240), "demo", "--config", config.toString(),
        "--campaigns", campaigns.toString(), "--console-port", "0");
    String out = Files.readString(log);
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("campaign tinydemo: resumed from").contains("campaign tinydemo completed after 8 steps")
        .contains("held-out accuracy (n = 12, greedy, 95% Wilson intervals)")
        .contains("after SFT warm-up (step 0)").contains("after GRPO (step 8)")
        .contains("paired on the same 12 tasks (exact McNemar)").contains("this run of the demo took");
    // the resumed run did not redo the SFT warm-up or the steps finished before the interruption
    assertThat(Files.readString(campaigns.resolve("logs/worker.log"))).isNotEmpty();
    assertThat(campaigns.resolve("tinydemo/eval/baseline-step-000000.json")).exists();
    assertThat(campaigns.resolve("tinydemo/checkpoints/step-000008")).isDirectory();
  }
}
