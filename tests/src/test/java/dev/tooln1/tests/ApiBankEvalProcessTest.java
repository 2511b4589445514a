package dev.tooln1.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.apibank.ApiBankItemResult;
import dev.tooln1.activities.benchmarks.apibank.ApiBankResultsFile;
import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tooln1 apibank-eval} as a user runs it, as a real OS process on a real (tiny, random) Qwen2
 * checkpoint with the Qwen2.5 tokenizer's full vocabulary: killed with SIGKILL part-way through the 399
 * level-1 samples, then the same command again finishes the run without judging any sample twice, and
 * the report is scored over the whole set.
 */
class ApiBankEvalProcessTest {

  @TempDir
  Path dir;

  /**
   * A random checkpoint: one narrow layer (answers are junk, fast), Qwen2.5's embedding rows (every token
   * of API-Bank's prompts exists), and a context long enough for the longest prompt.
   */
  private Path tinyFullVocabularyCheckpoint() throws IOException {
    Path ckpt = dir.resolve("tiny-full-vocab");
    Files.createDirectories(ckpt);
    ModelConfig config = new ModelConfig(32, 1, 2, 1, 64, ModelConfig.preset("qwen2.5-0.5b").vocabSize(), 4096,
        10_000.0, 1e-6, true);
    Files.writeString(ckpt.resolve("config.json"), Json.compact(config.toHfJson()));
    Qwen2Weights.random(config, 7, 0.3).save(ckpt.resolve("model.safetensors"));
    return ckpt;
  }

  /** Complete lines of the results file (a line being written when the process died is not one). */
  private static long completeLines(Path file) {
    try {
      if (!Files.exists(file)) {
        return 0;
      }
      byte[] bytes = Files.readAllBytes(file);
      long n = 0;
      for (byte b : bytes) {
        if (b == '\n') {
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      return 0;
    }
  }

  @Test
  void judgesAll399SamplesOnceEachAcrossAKill9AndAResume() throws Exception {
    Path ckpt = tinyFullVocabularyCheckpoint();
    Path out = dir.resolve("apibank");
    Path results = out.resolve("results.jsonl");
    String[] args = {"apibank-eval", "--model", ckpt.toString(), "--max-new-tokens", "8", "--batch-size", "16",
        "--out", out.toString()};

    Tooln1Process first = Tooln1Process.start(dir.resolve("first.log"), args);
    try {
      Tooln1Process.await("the first batch's results", Duration.ofSeconds(120),
          () -> completeLines(results) >= 16 || !first.isAlive());
      assertThat(first.isAlive()).as("apibank-eval still running when killed; log:\n%s", first.output()).isTrue();
      first.kill9();
    } finally {
      first.close();
    }
    Map<String, ApiBankItemResult> beforeResume = ApiBankResultsFile.read(results);
    assertThat(beforeResume.size()).as("judged before the kill").isBetween(16, 398);
    assertThat(first.output()).contains("progress: 0/399 samples (0 resumed)").doesNotContain("wrote ");

    Path log = dir.resolve("second.log");
    int exit = Tooln1Process.run(log, Duration.ofSeconds(300), args);
    String second = Files.readString(log);
    assertThat(exit).as(second).isZero();
    assertThat(second).contains("progress: " + beforeResume.size() + "/399 samples (" + beforeResume.size()
        + " resumed)").contains("progress: 399/399 samples (" + beforeResume.size() + " resumed)")
        .contains("- scored over all 399 level-1 samples (the whole set); 399 judged");

    List<String> lines = Files.readAllLines(results);
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      ids.add(ApiBankItemResult.fromJson(Json.parse(line)).sample());
    }
    assertThat(lines).hasSize(399);
    assertThat(ids).as("399 distinct samples, none judged twice").hasSize(399);
    // the samples judged before the kill were kept as they were, not redone
    assertThat(ApiBankResultsFile.read(results)).containsAllEntriesOf(beforeResume);

    JsonNode report = Json.parse(Files.readString(out.resolve("report.json"))).get("runs").get(0);
    assertThat(report.get("n").asInt()).isEqualTo(399);
    assertThat(report.get("judged").asInt()).isEqualTo(399);
    assertThat(report.get("missing").asInt()).isZero();
    assertThat(report.at("/scope/whole_set").asBoolean()).isTrue();
    assertThat(report.at("/scope/scored_over").asInt()).isEqualTo(399);
    assertThat(report.at("/overall/total").asInt()).isEqualTo(399);
    assertThat(out.resolve("report.md")).isNotEmptyFile();
    assertThat(out.resolve("report.html")).isNotEmptyFile();
  }
}
