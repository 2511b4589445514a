package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.activities.benchmarks.EvalProgress;
import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.activities.benchmarks.ReplayResponseGenerator;
import dev.tooln1.activities.benchmarks.ResponseGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiBankRunnerTest {

  private static ApiBankEvaluator evaluator;
  /** The benchmark's own expected output per sample: raw {@code API-Request: [Name(k='v')]} text. */
  private static Map<String, String> gold;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    evaluator = ApiBankEvaluator.vendored();
    gold = new HashMap<>();
    evaluator.samples().forEach(s -> gold.put(s.key(), s.expectedOutput()));
  }

  /** Answers from a map and remembers every prompt it was asked, to show what a resumed run redoes. */
  static final class RecordingGenerator implements ResponseGenerator {
    final List<EvalPrompt> asked = new ArrayList<>();
    final List<Integer> batches = new ArrayList<>();
    private final ReplayResponseGenerator replay;

    RecordingGenerator(Map<String, String> responses) {
      this.replay = new ReplayResponseGenerator(Path.of("gold"), responses);
    }

    @Override
    public List<String> generate(List<EvalPrompt> prompts) {
      asked.addAll(prompts);
      batches.add(prompts.size());
      return replay.generate(prompts);
    }

    @Override
    public String describe() {
      return "recording " + replay.describe();
    }
  }

  @Test
  void goldResponsesScoreTheKnownCeilingOf347Of399OverTheWholeSet() {
    RecordingGenerator gen = new RecordingGenerator(gold);
    Path file = tmp.resolve("results.jsonl");
    List<EvalProgress> progress = new ArrayList<>();
    List<ApiBankItemResult> results = new ApiBankRunner(evaluator, gen, 16)
        .run(evaluator.samples(), new ApiBankResultsFile(file), progress::add);

    assertThat(results).extracting(ApiBankItemResult::sample)
        .containsExactlyElementsOf(evaluator.samples().stream().map(ApiBankSample::key).toList());
    assertThat(results.stream().filter(ApiBankItemResult::correct).count()).isEqualTo(347);
    assertThat(gen.batches).hasSize(25).allMatch(n -> n <= 16);
    assertThat(progress.get(0)).isEqualTo(new EvalProgress(0, 399, 0, 0, 0));
    assertThat(progress.get(progress.size() - 1).done()).isEqualTo(399);

    Map<String, ApiBankItemResult> recorded = new ApiBankResultsFile(file).read();
    assertThat(recorded).hasSize(399);
    ApiBankRunReport report = ApiBankRunReport.of("gold", Map.of(),
        ApiBankRunReport.Scope.of(ApiBankSubsets.ALL, 0, 0, 399, 399), evaluator.samples(), recorded);
    assertThat(report.overall().correct()).isEqualTo(347);
    assertThat(report.overall().n()).isEqualTo(399);
    assertThat(ApiBankRunReport.of("gold", Map.of(), report.scope(), evaluator.samples(), results)).isEqualTo(report);
    assertThat(report.scope().wholeSet()).isTrue();
    assertThat(report.missing()).isZero();
    assertThat(report.perApi()).hasSize(49);
    assertThat(report.perApi().get("RecordHealthData").correct()).isZero();
    assertThat(report.perApi().get("RecordHealthData").n()).isEqualTo(19);
    assertThat(report.perApi().get("GetUserToken").correct()).isEqualTo(80);
    assertThat(report.subsets().get(ApiBankSubsets.FIRST_CALL).n()).isEqualTo(212);
    assertThat(report.subsets().get(ApiBankSubsets.ONE_USER_TURN).n()).isEqualTo(61);
    assertThat(report.failures().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(52);
    assertThat(report.failures()).doesNotContainKey(ApiBankRunReport.NO_RESULT);
    // Wilson interval of 347/399
    assertThat(report.overall().lower()).isBetween(0.832, 0.834);
    assertThat(report.overall().upper()).isBetween(0.899, 0.901);
  }

  @Test
  void theTwoPromptStylesAreJudgedAlikeFromToolN1OrRawOutputs() {
    List<ApiBankSample> some = evaluator.samples().subList(0, 20);
    Map<String, String> toolN1 = new HashMap<>();
    some.forEach(s -> toolN1.put(s.key(), GoldCallsTest.toolN1(s)));
    RecordingGenerator gen = new RecordingGenerator(toolN1);
    List<ApiBankItemResult> viaToolN1 = new ApiBankRunner(evaluator, gen, 8)
        .run(some, new ApiBankResultsFile(tmp.resolve("a.jsonl")), p -> {});
    RecordingGenerator nativeGen = new RecordingGenerator(gold);
    List<ApiBankItemResult> viaRaw = new ApiBankRunner(evaluator, nativeGen,
        new ApiBankPrompts(evaluator, PromptStyle.NATIVE), 8).run(some, new ApiBankResultsFile(tmp.resolve("b.jsonl")), p -> {});
    assertThat(viaToolN1).extracting(ApiBankItemResult::correct)
        .containsExactlyElementsOf(viaRaw.stream().map(ApiBankItemResult::correct).toList());
    assertThat(gen.asked.get(0).tools()).isNotEmpty();
    assertThat(nativeGen.asked.get(0).tools()).isEmpty();
    assertThat(nativeGen.asked.get(0).messages().get(0).content()).isEqualTo(some.get(0).instruction());
  }

  @Test
  void aResumedRunSkipsRecordedSamplesAndRedoesOnlyATornLastLine() throws Exception {
    Path file = tmp.resolve("results.jsonl");
    List<ApiBankSample> all = evaluator.samples();
    new ApiBankRunner(evaluator, new RecordingGenerator(gold), 7)
        .run(all.subList(0, 30), new ApiBankResultsFile(file), p -> {});
    // A kill -9 in the middle of writing line 31: half a JSON object, no newline.
    String torn = new ApiBankRunner(evaluator, new RecordingGenerator(gold), 1)
        .judge(all.get(30), gold.get(all.get(30).key())).toJson().toString();
    Files.writeString(file, torn.substring(0, torn.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThat(new ApiBankResultsFile(file).read()).hasSize(30);

    RecordingGenerator gen = new RecordingGenerator(gold);
    List<EvalProgress> progress = new ArrayList<>();
    List<ApiBankItemResult> results = new ApiBankRunner(evaluator, gen, 16).run(all, new ApiBankResultsFile(file), progress::add);

    assertThat(progress.get(0)).isEqualTo(new EvalProgress(30, 399, 30, 0, 0));
    assertThat(gen.asked).hasSize(369);
    assertThat(gen.asked.get(0).id()).isEqualTo(all.get(30).key());
    Set<String> redone = new HashSet<>();
    gen.asked.forEach(p -> redone.add(p.id()));
    all.subList(0, 30).forEach(s -> assertThat(redone).doesNotContain(s.key()));
    assertThat(results).hasSize(399);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(399);
    assertThat(new HashSet<>(lines.stream().map(l -> l.substring(0, l.indexOf("\",\"api\""))).toList())).hasSize(399);
    assertThat(new ApiBankResultsFile(file).read()).hasSize(399);

    // Everything recorded: nothing asked.
    RecordingGenerator idle = new RecordingGenerator(Map.of());
    new ApiBankRunner(evaluator, idle, 16).run(all, new ApiBankResultsFile(file), p -> {});
    assertThat(idle.asked).isEmpty();
  }

  @Test
  void aWholeUnterminatedLastLineIsKeptAndTheNextAppendStartsOnItsOwnLine() throws Exception {
    Path file = tmp.resolve("results.jsonl");
    List<ApiBankSample> all = evaluator.samples();
    new ApiBankRunner(evaluator, new RecordingGenerator(gold), 4).run(all.subList(0, 4), new ApiBankResultsFile(file), p -> {});
    String content = Files.readString(file);
    Files.writeString(file, content.substring(0, content.length() - 1)); // killed between the object and its newline
    assertThat(new ApiBankResultsFile(file).read()).hasSize(4);
    RecordingGenerator gen = new RecordingGenerator(gold);
    new ApiBankRunner(evaluator, gen, 4).run(all.subList(0, 6), new ApiBankResultsFile(file), p -> {});
    assertThat(gen.asked).hasSize(2);
    assertThat(Files.readAllLines(file)).hasSize(6);
    assertThat(new ApiBankResultsFile(file).read()).hasSize(6);
  }

  @Test
  void aBadLineBeforeTheLastOrASampleRecordedTwiceIsAnErrorNamingFileAndLine() throws Exception {
    Path file = tmp.resolve("results.jsonl");
    ApiBankSample s = evaluator.samples().get(0);
    String line = new ApiBankRunner(evaluator, new RecordingGenerator(gold), 1).judge(s, gold.get(s.key())).toJson().toString();
    Files.writeString(file, "{\"sample\": 3}\n" + line + "\n");
    assertThatThrownBy(() -> new ApiBankResultsFile(file).read()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ":1: missing string field 'sample'");
    Files.writeString(file, line + "\n" + line + "\n");
    assertThatThrownBy(() -> new ApiBankResultsFile(file).read())
        .hasMessage(file + ":2: id '" + s.key() + "' recorded twice");
  }

  @Test
  void aResultRecordedUnderAnotherApiOrAGeneratorMiscountingIsRefused() throws Exception {
    Path file = tmp.resolve("results.jsonl");
    ApiBankSample s = evaluator.samples().get(0);
    ApiBankItemResult other = new ApiBankItemResult(s.key(), "NotTheApi", true, "correct", null, null, "x");
    Files.writeString(file, other.toJson().toString() + "\n");
    assertThatThrownBy(() -> new ApiBankRunner(evaluator, new RecordingGenerator(gold), 4)
        .run(List.of(s), new ApiBankResultsFile(file), p -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is recorded with API NotTheApi, but the data has " + s.apiName());

    ResponseGenerator miscounting = new ResponseGenerator() {
      @Override
      public List<String> generate(List<EvalPrompt> prompts) {
        return List.of();
      }

      @Override
      public String describe() {
        return "broken";
      }
    };
    assertThatThrownBy(() -> new ApiBankRunner(evaluator, miscounting, 4)
        .run(evaluator.samples().subList(1, 3), new ApiBankResultsFile(tmp.resolve("x.jsonl")), p -> {}))
        .hasMessage("broken returned 0 responses for 2 prompts");
    assertThatThrownBy(() -> new ApiBankRunner(evaluator, miscounting, 0)).hasMessageContaining("batch size");
  }

  @Test
  void anyResponseTextGetsAVerdictNeverAnException() {
    ApiBankRunner runner = new ApiBankRunner(evaluator, new RecordingGenerator(gold), 1);
    for (String text : new String[] {null, "", "<tool_call>[{\"name\": 3}]</tool_call>", "[Calculator(formula='+')]",
        "<tool_call>not json", "API-Request: [ToolSearcher(keywords='x')]"}) {
      for (ApiBankSample s : evaluator.samples().subList(0, 5)) {
        ApiBankItemResult r = runner.judge(s, text);
        assertThat(r.correct()).isFalse();
        assertThat(r.reason()).isNotBlank();
      }
    }
  }

  @Test
  void aSampleOfTheScoredSetWithoutAResultCountsAsWrong() {
    List<ApiBankSample> all = evaluator.samples();
    Map<String, ApiBankItemResult> partial = new HashMap<>();
    ApiBankRunner runner = new ApiBankRunner(evaluator, new RecordingGenerator(gold), 1);
    for (ApiBankSample s : all.subList(0, 40)) {
      partial.put(s.key(), runner.judge(s, gold.get(s.key())));
    }
    long correct = partial.values().stream().filter(ApiBankItemResult::correct).count();
    ApiBankRunReport whole = ApiBankRunReport.of("partial", Map.of(), ApiBankRunReport.Scope.of("all", 0, 0, 399, 399),
        all, partial);
    assertThat(whole.overall().n()).isEqualTo(399);
    assertThat(whole.overall().correct()).isEqualTo((int) correct);
    assertThat(whole.judged()).isEqualTo(40);
    assertThat(whole.missing()).isEqualTo(359);
    assertThat(whole.failures().get(ApiBankRunReport.NO_RESULT)).isEqualTo(359);
    assertThat(whole.scope().description()).isEqualTo("all 399 level-1 samples (the whole set)");

    ApiBankRunReport onlyJudged = ApiBankRunReport.of("partial", Map.of(), ApiBankRunReport.Scope.responded(40, 399),
        all.subList(0, 40), partial);
    assertThat(onlyJudged.overall().n()).isEqualTo(40);
    assertThat(onlyJudged.missing()).isZero();
    assertThat(onlyJudged.scope().wholeSet()).isFalse();
    assertThat(onlyJudged.scope().description()).isEqualTo("40 of 399 level-1 samples: those with a response");
    assertThatThrownBy(() -> ApiBankRunReport.of("x", Map.of(), ApiBankRunReport.Scope.responded(41, 399),
        all.subList(0, 40), partial)).hasMessage("scope says 41 samples, 40 given");
  }
}
