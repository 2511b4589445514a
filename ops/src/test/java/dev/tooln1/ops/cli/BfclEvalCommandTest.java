package dev.tooln1.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.bfcl.BfclItem;
import dev.tooln1.activities.benchmarks.bfcl.BfclPrompts;
import dev.tooln1.activities.benchmarks.bfcl.BfclSuite;
import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.template.QwenChatTemplate;
import dev.tooln1.model.template.ToolN1Prompt;
import dev.tooln1.model.tokenizer.HfTokenizer;
import dev.tooln1.model.tokenizer.TrimmedVocabulary;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import dev.tooln1.reward.bfcl.BfclGroundTruth;
import dev.tooln1.reward.bfcl.BfclPossibleAnswer;
import dev.tooln1.reward.bfcl.BfclQuestion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BfclEvalCommandTest {

  @TempDir
  Path tmp;

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

  /** Ground-truth responses (Tool-N1 text) for every item of simple_python, parallel and irrelevance. */
  private Path truthResponses(boolean breakSimple) throws IOException {
    return responses(breakSimple ? "broken.jsonl" : "truth.jsonl", breakSimple, Set.of());
  }

  /** Responses as {@link #truthResponses}, none for the categories in {@code missing}. */
  private Path responses(String fileName, boolean breakSimple, Set<BfclCategory> missing) throws IOException {
    BfclDataFiles files = BfclDataFiles.vendored();
    StringBuilder sb = new StringBuilder();
    for (BfclCategory c : List.of(BfclCategory.SIMPLE_PYTHON, BfclCategory.PARALLEL, BfclCategory.IRRELEVANCE)) {
      Map<String, BfclPossibleAnswer> answers = new HashMap<>();
      if (c.hasPossibleAnswers()) {
        files.possibleAnswers(c).forEach(a -> answers.put(a.id(), a));
      }
      for (BfclQuestion q : missing.contains(c) ? List.<BfclQuestion>of() : files.questions(c)) {
        ArrayNode calls = Json.MAPPER.createArrayNode();
        if (c.hasPossibleAnswers()) {
          for (ToolCall call : BfclGroundTruth.render(q.functions(), answers.get(q.id()))) {
            calls.add(call.toJson());
          }
        }
        String text = breakSimple && c == BfclCategory.SIMPLE_PYTHON ? "I cannot help."
            : "<think>ok</think><tool_call>" + Json.compact(calls) + "</tool_call>";
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("id", q.id());
        line.put("result", text);
        sb.append(Json.compact(line)).append('\n');
      }
    }
    Path f = tmp.resolve(fileName);
    Files.writeString(f, sb.toString());
    return f;
  }

  private static final String[] CATS = {"--category", "simple_python,parallel", "--category", "irrelevance"};

  private static String[] args(String... rest) {
    List<String> all = new ArrayList<>(List.of("bfcl-eval"));
    all.addAll(List.of(CATS));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  @Test
  void scoresRecordedResponsesAndResumesWithoutRedoingItems() throws IOException {
    Path responses = truthResponses(false);
    Path out = tmp.resolve("step-0");
    Run first = run(args("--responses", responses.toString(), "--limit", "3", "--seed", "4", "--out", out.toString(),
        "--batch-size", "2"));
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("progress: 0/9 items (0 resumed)").contains("progress: 9/9 items")
        .contains("| simple_python | 3 | 3 | 400 | 100.00% |").contains("| Non-live AST (mean of 4) | 50.00% *");
    List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
    assertThat(lines).hasSize(9);
    for (String f : List.of("report.json", "report.md", "report.html", "run.json")) {
      assertThat(out.resolve(f)).isNotEmptyFile();
    }
    JsonNode report = Json.parse(Files.readString(out.resolve("report.json"))).get("runs").get(0);
    assertThat(report.get("label").asText()).isEqualTo("step-0");
    assertThat(report.get("subset").asBoolean()).isTrue();
    assertThat(report.get("provenance").get("responses").asText()).isEqualTo(responses.toAbsolutePath().toString());

    // A larger limit with the same seed keeps the 9 judged items and adds the rest.
    Run more = run(args("--responses", responses.toString(), "--limit", "5", "--seed", "4", "--out", out.toString()));
    assertThat(more.code()).as(more.err()).isZero();
    assertThat(more.out()).contains("progress: 9/15 items (9 resumed)");
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(15).startsWith(lines.toArray(String[]::new));
  }

  @Test
  void refusesToMixRunsAndRejectsBadUsageWithOneLine() throws IOException {
    Path out = tmp.resolve("run");
    assertThat(run(args("--responses", truthResponses(false).toString(), "--limit", "1", "--out", out.toString())).code())
        .isZero();
    Run mixed = run(args("--responses", truthResponses(true).toString(), "--limit", "1", "--out", out.toString()));
    assertThat(mixed.code()).isEqualTo(2);
    assertThat(mixed.err()).startsWith("tooln1 bfcl-eval: --out " + out + " holds results of a different run (responses: ");

    Run neither = run("bfcl-eval", "--out", out.toString());
    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err().strip()).isEqualTo("tooln1 bfcl-eval: give exactly one of --model DIR and --responses FILE");
    Run badPrompt = run(args("--responses", "x.jsonl", "--prompt", "fancy"));
    assertThat(badPrompt.err().strip()).isEqualTo(
        "tooln1 bfcl-eval: --prompt: unknown prompt style 'fancy' (expected tooln1 or native)");
    Run badCategory = run("bfcl-eval", "--responses", "x.jsonl", "--category", "simple_java");
    assertThat(badCategory.code()).isEqualTo(2);
    assertThat(badCategory.err()).contains("--category: unknown BFCL category 'simple_java'");
    Run missing = run(args("--responses", tmp.resolve("nope.jsonl").toString(), "--out", tmp.resolve("o").toString()));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("tooln1 bfcl-eval: " + tmp.resolve("nope.jsonl") + ": no such file");
  }

  @Test
  void reportComparesCheckpointsOneColumnEach() throws IOException {
    Path good = tmp.resolve("step-100");
    Path bad = tmp.resolve("step-0");
    assertThat(run(args("--responses", truthResponses(false).toString(), "--limit", "4", "--out", good.toString())).code())
        .isZero();
    assertThat(run(args("--responses", truthResponses(true).toString(), "--limit", "4", "--out", bad.toString())).code())
        .isZero();
    Path out = tmp.resolve("cmp");
    Run r = run("bfcl-report", "--results", bad.resolve("results.jsonl").toString(),
        "--results", good.resolve("results.jsonl").toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("| | step-0 | step-100 |")
        .contains("| simple_python | 0.00% (4) | 100.00% (4) |")
        .contains("step-100 vs step-0: 12 shared items, +33.33 points (only step-0 right: 0, only step-100 right: 4)");
    assertThat(Files.readString(out.resolve("report.html"))).contains("<th>step-0</th><th>step-100</th>");
    assertThat(Json.parse(Files.readString(out.resolve("report.json"))).get("runs")).hasSize(2);

    Run dup = run("bfcl-report", "--results", good.resolve("results.jsonl").toString(),
        "--results", good.resolve("results.jsonl").toString(), "--out", out.toString());
    assertThat(dup.code()).isEqualTo(2);
    assertThat(dup.err()).contains("label 'step-100' given twice");
    Files.writeString(tmp.resolve("broken.jsonl"), "{\"id\":1}\n");
    Run broken = run("bfcl-report", "--results", "b=" + tmp.resolve("broken.jsonl"), "--out", out.toString());
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains(tmp.resolve("broken.jsonl") + ":1: missing string field 'id'");
  }

  @Test
  void evaluatesACheckpointWithItsTrimmedVocabulary() throws IOException {
    // A tiny random checkpoint whose vocabulary covers the prompts of the items the command will sample.
    List<BfclItem> items = BfclSuite.load(BfclDataFiles.vendored(),
        List.of(BfclCategory.SIMPLE_PYTHON, BfclCategory.IRRELEVANCE)).sample(2, 0);
    List<String> texts = new ArrayList<>();
    ToolN1Prompt template = new ToolN1Prompt(QwenChatTemplate.qwen25());
    for (BfclItem item : items) {
      EvalPrompt p = new BfclPrompts(false).prompt(item);
      texts.add(template.render(p.messages(), p.tools(), true));
    }
    Path ckpt = tmp.resolve("ckpt");
    Files.createDirectories(ckpt);
    try (HfTokenizer base = HfTokenizer.qwen25()) {
      TrimmedVocabulary vocab = TrimmedVocabulary.fromTexts(base, texts, List.of("<|im_end|>", "<|endoftext|>"));
      vocab.write(ckpt.resolve("vocabulary.json"));
      ModelConfig config = new ModelConfig(32, 1, 2, 1, 64, vocab.size(), 4096, 10_000.0, 1e-6, true);
      Files.writeString(ckpt.resolve("config.json"), Json.compact(config.toHfJson()));
      Qwen2Weights.random(config, 3, 0.3).save(ckpt.resolve("model.safetensors"));
    }
    Path out = tmp.resolve("eval");
    Run r = run("bfcl-eval", "--model", ckpt.toString(), "--vocabulary", ckpt.resolve("vocabulary.json").toString(),
        "--category", "simple_python,irrelevance", "--limit", "2", "--max-new-tokens", "4", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("progress: 4/4 items").contains("| irrelevance | 2 | 2 |");
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(4);
    JsonNode run = Json.parse(Files.readString(out.resolve("run.json")));
    assertThat(run.get("prompt").asText()).isEqualTo("tooln1");
    assertThat(run.get("generator").asText()).contains("greedy, max 4 new tokens");
  }

  @Test
  void rerunWithTheSameSettingsAfterAFailureResumesWhereItStopped() throws IOException {
    // The recorded responses lack the irrelevance items: the run fails when it reaches them.
    Path responses = responses("partial.jsonl", false, Set.of(BfclCategory.IRRELEVANCE));
    Path out = tmp.resolve("resume");
    Run failed = run(args("--responses", responses.toString(), "--limit", "2", "--batch-size", "2",
        "--out", out.toString()));
    assertThat(failed.code()).isEqualTo(2);
    assertThat(failed.err()).contains("no response for id 'irrelevance_");
    List<String> judged = Files.readAllLines(out.resolve("results.jsonl"));
    assertThat(judged).hasSize(4).noneMatch(l -> l.contains("\"irrelevance_"));
    assertThat(out.resolve("run.json")).exists();

    // The same file (now complete) under the same settings: the judged items are kept, the rest added.
    Files.copy(truthResponses(false), responses, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Run resumed = run(args("--responses", responses.toString(), "--limit", "2", "--batch-size", "2",
        "--out", out.toString()));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("progress: 4/6 items (4 resumed)").contains("progress: 6/6 items");
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(6).startsWith(judged.toArray(String[]::new));
  }

  @Test
  void rerunWithOtherSettingsIsRefusedNamingEachDifferenceAndTheWaysOn() throws IOException {
    Path responses = responses("partial.jsonl", false, Set.of(BfclCategory.IRRELEVANCE));
    Path out = tmp.resolve("mixed");
    assertThat(run(args("--responses", responses.toString(), "--limit", "2", "--batch-size", "2",
        "--out", out.toString())).code()).isEqualTo(2);

    Path other = truthResponses(false);
    Run refused = run(args("--responses", other.toString(), "--require-think", "--limit", "2", "--out", out.toString()));
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err().strip()).doesNotContain("\n").isEqualTo("tooln1 bfcl-eval: --out " + out
        + " holds results of a different run (responses: " + responses.toAbsolutePath() + " there, "
        + other.toAbsolutePath() + " now; require_think: false there, true now; 4 items judged); rerun with its "
        + "settings to resume it, give another --out to keep both, or delete " + out.resolve("results.jsonl")
        + " to start over");
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(4);
  }

  @Test
  void aFailedRunThatJudgedNothingDoesNotHoldItsOut() throws IOException {
    // Nothing for the first category: the run fails on its first batch, leaving run.json and no result.
    Path none = responses("none.jsonl", false, Set.of(BfclCategory.SIMPLE_PYTHON));
    Path out = tmp.resolve("empty");
    Run failed = run(args("--responses", none.toString(), "--limit", "1", "--out", out.toString()));
    assertThat(failed.code()).isEqualTo(2);
    assertThat(out.resolve("run.json")).exists();
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).isEmpty();

    Path truth = truthResponses(false);
    Run other = run(args("--responses", truth.toString(), "--limit", "1", "--out", out.toString()));
    assertThat(other.code()).as(other.err()).isZero();
    assertThat(Json.parse(Files.readString(out.resolve("run.json"))).get("responses").asText())
        .isEqualTo(truth.toAbsolutePath().toString());
    assertThat(Files.readAllLines(out.resolve("results.jsonl"))).hasSize(3);
  }

  @Test
  void aCheckpointWithATrimmedVocabularyThatCannotReadBfclIsTurnedAwayWithTheReason() throws IOException {
    Path ckpt = tmp.resolve("trimmed");
    Files.createDirectories(ckpt);
    int vocabSize;
    try (HfTokenizer base = HfTokenizer.qwen25()) {
      // The vocabulary of a model trained on a few short texts, as the demo trims its own.
      TrimmedVocabulary vocab = TrimmedVocabulary.fromTexts(base, List.of("call get_weather(city='Paris')"),
          List.of("<|im_end|>", "<|endoftext|>"));
      vocab.write(ckpt.resolve("vocabulary.json"));
      vocabSize = vocab.size();
      ModelConfig config = new ModelConfig(32, 1, 2, 1, 64, vocab.size(), 4096, 10_000.0, 1e-6, true);
      Files.writeString(ckpt.resolve("config.json"), Json.compact(config.toHfJson()));
      Qwen2Weights.random(config, 3, 0.3).save(ckpt.resolve("model.safetensors"));
    }
    Path out = tmp.resolve("trimmed-eval");
    Run r = run("bfcl-eval", "--model", ckpt.toString(), "--vocabulary", ckpt.resolve("vocabulary.json").toString(),
        "--category", "simple_python", "--limit", "2", "--max-new-tokens", "4", "--out", out.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).doesNotContain("progress:");
    String err = r.err().strip();
    assertThat(err).doesNotContain("\n").doesNotContain("Exception")
        .startsWith("tooln1 bfcl-eval: --model " + ckpt + " was trained on a trimmed vocabulary (" + vocabSize
            + " of the tokenizer's ")
        .contains("and cannot read BFCL's prompts: item simple_python_")
        .endsWith(", which it never saw; evaluate a checkpoint with the full vocabulary instead");
    // Checked before anything is written: the folder stays free for the next run.
    assertThat(out).doesNotExist();
  }
}
