package dev.tooln1.activities.benchmarks.bfcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.activities.benchmarks.EvalProgress;
import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.activities.benchmarks.ReplayResponseGenerator;
import dev.tooln1.activities.benchmarks.ResponseGenerator;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BfclEvaluatorTest {

  private static BfclSuite suite;
  /** 4 items per category (all 11), plus the known-inconsistent entries. */
  private static List<BfclItem> items;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    suite = BfclSuite.load(BfclDataFiles.vendored(), BfclSuite.ALL_WITH_RELEVANCE);
    List<BfclItem> list = new ArrayList<>(suite.sample(4, 7));
    Set<String> ids = list.stream().map(BfclItem::id).collect(Collectors.toSet());
    for (BfclItem item : suite.all()) {
      if (BfclTestResponses.KNOWN_INCONSISTENT.contains(item.id()) && !ids.contains(item.id())) {
        list.add(item);
      }
    }
    items = List.copyOf(list);
  }

  private static List<BfclItemResult> run(List<BfclItem> which, ResponseGenerator gen, Path results, int batch) {
    return new BfclEvaluator(gen, BfclEvaluator.Options.defaults().withBatchSize(batch))
        .run(which, new BfclResultsFile(results), p -> {});
  }

  @Test
  void groundTruthResponsesAreValidExceptBfclsKnownInconsistentEntries() {
    var gen = new ReplayResponseGenerator(tmp, BfclTestResponses.map(items, BfclTestResponses::groundTruth));
    List<BfclItemResult> results = run(items, gen, tmp.resolve("r.jsonl"), 5);

    assertThat(results).extracting(BfclItemResult::id).containsExactlyElementsOf(items.stream().map(BfclItem::id).toList());
    assertThat(results.stream().map(BfclItemResult::category).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(BfclCategory.values());
    for (BfclItemResult r : results) {
      boolean known = BfclTestResponses.KNOWN_INCONSISTENT.contains(r.id());
      assertThat(r.valid()).as(r.id() + ": " + r.reason()).isEqualTo(!known);
      assertThat(r.reason()).isEqualTo(known ? r.reason() : "ok");
      if (known) {
        assertThat(r.errorType()).isNotBlank();
        assertThat(r.reason()).startsWith(r.errorType());
      }
    }
  }

  @Test
  void corruptedResponsesAreInvalidWithBfclsReasons() throws IOException {
    Path responses = BfclTestResponses.writeJsonl(tmp.resolve("bad.jsonl"),
        BfclTestResponses.map(items, BfclTestResponses::corrupted));
    List<BfclItemResult> results = run(items, ReplayResponseGenerator.fromJsonl(responses), tmp.resolve("r.jsonl"), 8);

    assertThat(results).hasSize(items.size());
    for (BfclItemResult r : results) {
      assertThat(r.valid()).as(r.id()).isFalse();
      String expected = switch (r.category().rule()) {
        case IRRELEVANCE -> "irrelevance_error:decoder_success";
        case RELEVANCE -> "relevance_error:decoder_failed";
        case PARALLEL -> "parallel_function_checker_no_order:cannot_find_match";
        case SIMPLE, MULTIPLE -> "simple_function_checker:wrong_func_name";
      };
      assertThat(r.errorType()).as(r.id() + ": " + r.reason()).isEqualTo(expected);
      assertThat(r.reason()).startsWith(expected + ": ");
    }
  }

  @Test
  void unreadableTextGetsADecoderVerdictPerCategory() {
    List<BfclItem> few = List.of(suite.items(BfclCategory.SIMPLE_PYTHON).get(0),
        suite.items(BfclCategory.IRRELEVANCE).get(0), suite.items(BfclCategory.LIVE_RELEVANCE).get(0));
    var gen = new ReplayResponseGenerator(tmp, BfclTestResponses.map(few, i -> "<tool_call>[{\"name\": broken"));
    List<BfclItemResult> results = run(few, gen, tmp.resolve("r.jsonl"), 2);
    assertThat(results).extracting(BfclItemResult::errorType)
        .containsExactly("ast_decoder:decoder_failed", "", "relevance_error:decoder_failed");
    assertThat(results.get(1).valid()).isTrue(); // no call decoded is right for irrelevance
  }

  @Test
  void interruptedRunContinuesWithoutRedoingFinishedItems() throws IOException {
    Map<String, String> truth = BfclTestResponses.map(items, BfclTestResponses::groundTruth);
    ReplayResponseGenerator replay = new ReplayResponseGenerator(tmp, truth);
    Path file = tmp.resolve("results.jsonl");

    // First run: the "model" dies while generating the fourth batch of 4.
    CountingGenerator dying = new CountingGenerator(replay, 3);
    assertThatThrownBy(() -> run(items, dying, file, 4)).hasMessageContaining("interrupted");
    assertThat(BfclResultsFile.read(file)).hasSize(12);
    // A kill in the middle of writing a line leaves a partial line; it must be dropped and redone.
    Files.writeString(file, "{\"id\":\"" + items.get(12).id() + "\",\"categ", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    List<EvalProgress> progress = new ArrayList<>();
    CountingGenerator rest = new CountingGenerator(replay, Integer.MAX_VALUE);
    List<BfclItemResult> results = new BfclEvaluator(rest, BfclEvaluator.Options.defaults().withBatchSize(4))
        .run(items, new BfclResultsFile(file), progress::add);

    Set<String> firstTwelve = new HashSet<>(items.subList(0, 12).stream().map(BfclItem::id).toList());
    assertThat(rest.asked).hasSize(items.size() - 12).doesNotContainAnyElementsOf(firstTwelve);
    assertThat(results).hasSize(items.size());
    assertThat(BfclResultsFile.read(file)).hasSize(items.size());
    assertThat(progress.get(0)).isEqualTo(new EvalProgress(12, items.size(), 12, 0, 0));
    assertThat(progress.get(progress.size() - 1).done()).isEqualTo(items.size());
    assertThat(progress.get(progress.size() - 1).itemsPerSecond()).isPositive();

    List<BfclItemResult> fresh = run(items, replay, tmp.resolve("fresh.jsonl"), 7);
    assertThat(results).isEqualTo(fresh);

    // A third run has nothing left to do.
    CountingGenerator none = new CountingGenerator(replay, 0);
    assertThat(run(items, none, file, 4)).isEqualTo(fresh);
    assertThat(none.asked).isEmpty();
  }

  @Test
  void aResultsFileWithACorruptLineInTheMiddleIsRejectedWithFileAndLine() throws IOException {
    Path file = tmp.resolve("results.jsonl");
    Files.writeString(file, "{\"id\":\"a\",\"category\":\"multiple\",\"valid\":true,\"error_type\":\"\",\"reason\":\"ok\"}\n"
        + "not json\n"
        + "{\"id\":\"b\",\"category\":\"multiple\",\"valid\":true,\"error_type\":\"\",\"reason\":\"ok\"}\n");
    assertThatThrownBy(() -> BfclResultsFile.read(file)).hasMessageStartingWith(file + ":2: ");
  }

  @Test
  void subsetsAreStratifiedSeededAndNested() {
    List<BfclItem> three = suite.sample(3, 1);
    List<BfclItem> five = suite.sample(5, 1);
    Map<BfclCategory, Long> perCategory = three.stream()
        .collect(Collectors.groupingBy(BfclItem::category, Collectors.counting()));
    for (BfclCategory c : BfclCategory.values()) {
      assertThat(perCategory.get(c)).isEqualTo(Math.min(3L, suite.items(c).size()));
    }
    assertThat(five).containsAll(three);
    assertThat(suite.sample(3, 1)).isEqualTo(three);
    assertThat(suite.sample(3, 2)).isNotEqualTo(three);
    assertThat(suite.sample(0, 1)).hasSize(suite.all().size());
    // Kept in dataset order within each category.
    List<BfclItem> simple = three.stream().filter(i -> i.category() == BfclCategory.SIMPLE_PYTHON).toList();
    List<BfclItem> all = suite.items(BfclCategory.SIMPLE_PYTHON);
    assertThat(all.indexOf(simple.get(0))).isLessThan(all.indexOf(simple.get(1)));
  }

  @Test
  void dottedNamesAreOfferedAsWrittenOrWithUnderscoresAndCheckedTheSameWay() {
    BfclItem dotted = suite.items(BfclCategory.SIMPLE_PYTHON).stream()
        .filter(i -> i.question().functions().get(0).name().contains(".")).findFirst().orElseThrow();
    String name = dotted.question().functions().get(0).name();
    assertThat(new BfclPrompts(false).prompt(dotted).tools().get(0).name()).isEqualTo(name);
    assertThat(new BfclPrompts(true).prompt(dotted).tools().get(0).name()).isEqualTo(name.replace('.', '_'));

    String asWritten = BfclTestResponses.groundTruth(dotted);
    String underscored = asWritten.replace(name, name.replace('.', '_'));
    var gen = new ReplayResponseGenerator(tmp, Map.of(dotted.id(), underscored));
    BfclEvaluator plain = new BfclEvaluator(gen, BfclEvaluator.Options.defaults());
    BfclEvaluator converted = new BfclEvaluator(gen, new BfclEvaluator.Options(8, true,
        dev.tooln1.reward.ToolCallParser.ThinkRule.OPTIONAL));
    assertThat(plain.judge(dotted, asWritten).valid()).isTrue();
    assertThat(plain.judge(dotted, underscored).errorType()).isEqualTo("simple_function_checker:wrong_func_name");
    assertThat(converted.judge(dotted, underscored).valid()).isTrue();
  }

  @Test
  void promptsCarryTheQuestionAndTheFunctions() {
    BfclItem item = suite.items(BfclCategory.MULTIPLE).get(0);
    EvalPrompt p = new BfclPrompts(false).prompt(item);
    assertThat(p.id()).isEqualTo(item.id());
    assertThat(p.messages()).isNotEmpty();
    assertThat(p.messages().get(p.messages().size() - 1).content())
        .isEqualTo(item.question().question().get(0).get(item.question().question().get(0).size() - 1).get("content").asText());
    assertThat(p.tools()).isEqualTo(item.question().functions());
  }

  @Test
  void bothPromptStylesOfferEveryFunctionAndTheQuestion() throws IOException {
    BfclItem item = suite.items(BfclCategory.PARALLEL_MULTIPLE).get(0);
    EvalPrompt p = new BfclPrompts(false).prompt(item);
    var qwen = dev.tooln1.model.template.QwenChatTemplate.qwen25();
    String toolN1 = PromptStyle.TOOLN1.over(qwen).render(p.messages(), p.tools(), true);
    String nativeStyle = PromptStyle.NATIVE.over(qwen).render(p.messages(), p.tools(), true);
    String question = p.messages().get(p.messages().size() - 1).content();
    for (String text : List.of(toolN1, nativeStyle)) {
      assertThat(text).contains(question).contains("<tools>").endsWith("<|im_start|>assistant\n");
      p.tools().forEach(t -> assertThat(text).contains("\"name\": \"" + t.name() + "\""));
    }
    assertThat(toolN1).contains("<tool_call>[]</tool_call>").contains("<think>");
    assertThat(nativeStyle).doesNotContain("<tool_call>[]</tool_call>");
    assertThat(PromptStyle.fromName("Native")).isEqualTo(PromptStyle.NATIVE);
  }

  @Test
  void replayFileErrorsNameFileAndLine() throws IOException {
    Path f = tmp.resolve("resp.jsonl");
    Files.writeString(f, "{\"id\":\"x\",\"result\":\"a\"}\n{\"id\":\"x\",\"result\":\"b\"}\n");
    assertThatThrownBy(() -> ReplayResponseGenerator.fromJsonl(f)).hasMessage(f + ":2: id 'x' already given on line 1");
    Files.writeString(f, "{\"id\":\"x\"}\n");
    assertThatThrownBy(() -> ReplayResponseGenerator.fromJsonl(f)).hasMessageStartingWith(f + ":1: missing string field 'result'");
    var gen = ReplayResponseGenerator.fromJsonl(BfclTestResponses.writeJsonl(f, Map.of("x", "y")));
    assertThatThrownBy(() -> gen.generate(List.of(new BfclPrompts(false).prompt(items.get(0)))))
        .hasMessageContaining("no response for id '" + items.get(0).id() + "'");
  }

  /** Passes prompts through, records the ids asked for, and fails on the batch after {@code batches}. */
  private static final class CountingGenerator implements ResponseGenerator {
    private final ResponseGenerator inner;
    private final int batches;
    private int calls;
    final List<String> asked = new ArrayList<>();

    CountingGenerator(ResponseGenerator inner, int batches) {
      this.inner = inner;
      this.batches = batches;
    }

    @Override
    public List<String> generate(List<EvalPrompt> prompts) {
      if (calls++ >= batches) {
        throw new IllegalStateException("interrupted");
      }
      prompts.forEach(p -> asked.add(p.id()));
      return inner.generate(prompts);
    }

    @Override
    public String describe() {
      return "counting " + inner.describe();
    }
  }
}
