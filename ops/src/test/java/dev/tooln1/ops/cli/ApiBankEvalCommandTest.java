package dev.tooln1.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code apibank-eval} and {@code apibank-report} in process, on a tiny random checkpoint with the
 * Qwen2.5 tokenizer's full vocabulary (its answers are junk; what is tested is the run around them).
 */
class ApiBankEvalCommandTest {

  @TempDir
  static Path shared;

  @TempDir
  Path tmp;

  private static Path ckpt;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = dev.tooln1.ops.Main.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A random Qwen2 checkpoint of the given vocabulary and context sizes. */
  static Path checkpoint(Path dir, int vocab, int positions) throws IOException {
    Files.createDirectories(dir);
    ModelConfig config = new ModelConfig(32, 1, 2, 1, 64, vocab, positions, 10_000.0, 1e-6, true);
    Files.writeString(dir.resolve("config.json"), Json.compact(config.toHfJson()));
    Qwen2Weights.random(config, 3, 0.3).save(dir.resolve("model.safetensors"));
    return dir;
  }

  @BeforeAll
  static void model() throws IOException {
    ckpt = checkpoint(shared.resolve("ckpt"), ModelConfig.preset("qwen2.5-0.5b").vocabSize(), 4096);
  }

  private String[] eval(Path out, String... rest) {
    List<String> all = new ArrayList<>(List.of("apibank-eval", "--model", ckpt.toString(), "--max-new-tokens", "3",
        "--batch-size", "3", "--out", out.toString()));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  @Test
  void runsASeededSubsetWritesEveryFileAndResumesWithALargerLimit() throws IOException {
    Path out = tmp.resolve("step-0");
    Run first = run(eval(out, "--subset", "first-call", "--limit", "4", "--seed", "2"));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("progress: 0/4 samples (0 resumed), 0.00 samples/s, 0s elapsed, ETA unknown")
        .contains("progress: 3/4 samples (0 resumed)").containsPattern("progress: 4/4 samples \\(0 resumed\\), .* done")
        .contains("# API-Bank level-1 (call) evaluation").contains("## step-0")
        .contains("- scored over 4 of 399 level-1 samples: first call of each dialog, a seeded sample (seed 2); 4 judged")
        .contains("| overall | ");
    List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
    assertThat(lines).hasSize(4);
    for (String f : List.of("report.json", "report.md", "report.html", "run.json")) {
      assertThat(out.resolve(f)).isNotEmptyFile();
    }
    JsonNode report = Json.parse(Files.readString(out.resolve("report.json"))).get("runs").get(0);
    assertThat(report.get("label").asText()).isEqualTo("step-0");
    assertThat(report.get("n").asInt()).isEqualTo(4);
    assertThat(report.at("/scope/whole_set").asBoolean()).isFalse();
    assertThat(report.at("/provenance/prompt").asText()).isEqualTo("tooln1");
    assertThat(report.at("/provenance/generator").asText()).contains("greedy, max 3 new tokens");
    JsonNode runJson = Json.parse(Files.readString(out.resolve("run.json")));
    assertThat(runJson.get("subset").asText()).isEqualTo("first-call");
    assertThat(runJson.get("limit").asText()).isEqualTo("4");

    Run more = run(eval(out, "--subset", "first-call", "--limit", "6", "--seed", "2"));
    assertThat(more.code()).as(more.err()).isZero();
    assertThat(more.out()).contains("progress: 4/6 samples (4 resumed)").contains("progress: 6/6 samples (4 resumed)");
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(6).startsWith(lines.toArray(String[]::new));

    // Another run with the native prompt, then both compared.
    Path other = tmp.resolve("native");
    assertThat(run(eval(other, "--subset", "first-call", "--limit", "6", "--seed", "2", "--prompt", "native",
        "--label", "nat")).code()).isZero();
    Path cmp = tmp.resolve("cmp");
    Run report2 = run("apibank-report", "--runs", out.toString(), other.toString(), "--out", cmp.toString());
    assertThat(report2.code()).as(report2.err()).isZero();
    assertThat(report2.out()).contains("| | step-0 | nat |").contains("nat vs step-0: 6 shared samples");
    assertThat(Json.parse(Files.readString(cmp.resolve("report.json"))).get("paired_vs_first").get(0)
        .get("shared_samples").asInt()).isEqualTo(6);
    assertThat(Files.readString(cmp.resolve("report.html"))).contains("<th>step-0</th><th>nat</th>");

    Run one = run("apibank-report", "--runs", "mine=" + out);
    assertThat(one.code()).as(one.err()).isZero();
    assertThat(one.out()).contains("## mine").doesNotContain("Comparison");
  }

  @Test
  void rerunWithOtherSettingsIsRefusedNamingEachDifference() throws IOException {
    Path out = tmp.resolve("mixed");
    assertThat(run(eval(out, "--limit", "1")).code()).isZero();
    Run refused = run("apibank-eval", "--model", ckpt.toString(), "--max-new-tokens", "5", "--prompt", "native",
        "--limit", "2", "--out", out.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err().strip()).doesNotContain("\n").isEqualTo("tooln1 apibank-eval: --out " + out
        + " holds results of a different run (prompt: tooln1 there, native now; max_new_tokens: 3 there, 5 now; "
        + "1 samples judged); rerun with its settings to resume it, give another --out to keep both, or delete "
        + out.resolve("results.jsonl") + " to start over");
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(1);
  }

  @Test
  void badInputIsOneLineWithExitCode2AndNothingWritten() throws IOException {
    Path out = tmp.resolve("never");
    Run noConfig = run("apibank-eval", "--model", tmp.toString(), "--out", out.toString());
    assertThat(noConfig.code()).isEqualTo(2);
    assertThat(noConfig.err().strip()).isEqualTo("tooln1 apibank-eval: --model " + tmp + ": not a checkpoint folder (no config.json)");

    Run subset = run(eval(out, "--subset", "multi-turn"));
    assertThat(subset.code()).isEqualTo(2);
    assertThat(subset.err().strip()).isEqualTo("tooln1 apibank-eval: --subset: unknown API-Bank subset 'multi-turn' "
        + "(expected one of all, first-call, one-user-turn)");

    Run negative = run(eval(out, "--limit", "-3"));
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err().strip()).isEqualTo("tooln1 apibank-eval: --limit must be >= 0 (0 = all), got -3");

    Run prompt = run(eval(out, "--prompt", "fancy"));
    assertThat(prompt.err().strip()).isEqualTo("tooln1 apibank-eval: --prompt: unknown prompt style 'fancy' (expected tooln1 or native)");

    Path trimmed = checkpoint(tmp.resolve("trimmed"), 1000, 4096);
    Run small = run("apibank-eval", "--model", trimmed.toString(), "--out", out.toString());
    assertThat(small.code()).isEqualTo(2);
    assertThat(small.err().strip()).doesNotContain("\n").doesNotContain("Exception")
        .startsWith("tooln1 apibank-eval: --model " + trimmed + " has 1000 token embeddings, fewer than the tokenizer's ")
        .endsWith("a checkpoint trained on a trimmed vocabulary cannot read API-Bank's prompts (they need tokens it "
            + "never saw); evaluate a checkpoint with the full vocabulary");

    Path shortContext = checkpoint(tmp.resolve("short"), ModelConfig.preset("qwen2.5-0.5b").vocabSize(), 512);
    Run tooLong = run("apibank-eval", "--model", shortContext.toString(), "--out", out.toString());
    assertThat(tooLong.code()).isEqualTo(2);
    assertThat(tooLong.err().strip()).doesNotContain("\n")
        .startsWith("tooln1 apibank-eval: --model " + shortContext + " reads at most 512 positions (max_position_embeddings), "
            + "but the prompt of sample ")
        .contains("or use a model with a longer context");
    assertThat(out).doesNotExist();

    Run report = run("apibank-report", "--runs", tmp.resolve("absent").toString());
    assertThat(report.code()).isEqualTo(2);
    assertThat(report.err().strip()).isEqualTo("tooln1 apibank-report: --runs " + tmp.resolve("absent") + ": no such folder");
    Files.createDirectories(tmp.resolve("empty"));
    Run empty = run("apibank-report", "--runs", tmp.resolve("empty").toString());
    assertThat(empty.err().strip()).isEqualTo("tooln1 apibank-report: " + tmp.resolve("empty")
        + ": no results.jsonl (not an apibank-eval output folder)");
  }
}
