package dev.tooln1.activities.benchmarks.bfcl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.benchmarks.EvalProgress;
import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.ModelResponseGenerator;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.template.QwenChatTemplate;
import dev.tooln1.model.tokenizer.HfTokenizer;
import dev.tooln1.model.tokenizer.TrimmedTokenizer;
import dev.tooln1.model.tokenizer.TrimmedVocabulary;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline with a real model: a tiny random Qwen2 over the Qwen2.5 tokenizer (its vocabulary
 * trimmed to the prompts' tokens so the model stays tiny), greedy decoding, 2 items per category. A
 * random model's accuracy is near zero; what is pinned is that every item is rendered, generated,
 * decoded, judged and reported.
 */
class ModelBfclEvaluationTest {

  @TempDir
  Path tmp;

  @Test
  void tinyRandomModelGetsAVerdictAndAReasonForEveryItem() throws Exception {
    BfclSuite suite = BfclSuite.load(BfclDataFiles.vendored(), BfclSuite.ALL_WITH_RELEVANCE);
    List<BfclItem> items = suite.sample(2, 3);
    ChatTemplate template = PromptStyle.TOOLN1.over(QwenChatTemplate.qwen25());
    BfclPrompts prompts = new BfclPrompts(false);
    List<String> rendered = new ArrayList<>();
    items.forEach(i -> rendered.add(template.render(prompts.prompt(i).messages(), prompts.prompt(i).tools(), true)));
    assertThat(rendered.get(0)).contains("<tools>").contains("<tool_call>[]</tool_call>").endsWith("<|im_start|>assistant\n");

    try (HfTokenizer base = HfTokenizer.qwen25()) {
      TrimmedTokenizer tokenizer = new TrimmedTokenizer(base,
          TrimmedVocabulary.fromTexts(base, rendered, List.of("<|im_end|>", "<|endoftext|>")));
      ModelConfig config = new ModelConfig(32, 1, 2, 1, 64, tokenizer.vocabSize(), 8192, 10_000.0, 1e-6, true);
      Generator generator = new Generator(new Qwen2Model(Qwen2Weights.random(config, 5, 0.3)));
      ModelResponseGenerator model = new ModelResponseGenerator(tokenizer, template, generator,
          SamplingParams.greedy(6, Set.of(tokenizer.eosId())), "tiny random Qwen2");
      assertThat(model.render(prompts.prompt(items.get(0)))).isEqualTo(rendered.get(0));

      // Sampling: an item's response depends on the run seed and its id, not on its batch.
      ModelResponseGenerator sampling = new ModelResponseGenerator(tokenizer, template, generator,
          new SamplingParams(1.0, 1.0, 0, 5, Set.of(tokenizer.eosId()), 17), "tiny random Qwen2");
      List<EvalPrompt> four = items.subList(0, 4).stream().map(prompts::prompt).toList();
      List<String> together = sampling.generate(four);
      List<String> alone = new ArrayList<>();
      four.forEach(p -> alone.addAll(sampling.generate(List.of(p))));
      assertThat(alone).isEqualTo(together);
      assertThat(new java.util.HashSet<>(together)).hasSizeGreaterThan(1);

      List<EvalProgress> progress = new ArrayList<>();
      List<BfclItemResult> results = new BfclEvaluator(model, BfclEvaluator.Options.defaults().withBatchSize(6))
          .run(items, new BfclResultsFile(tmp.resolve("results.jsonl")), progress::add);

      assertThat(results).hasSize(items.size()).hasSize(22);
      for (BfclItemResult r : results) {
        assertThat(r.response()).isNotNull();
        assertThat(r.reason()).isNotBlank();
        assertThat(r.valid() ? r.reason() : r.errorType()).isNotBlank();
      }
      // Random tokens are no tool call: every AST item fails to decode, every irrelevance item passes.
      for (BfclItemResult r : results) {
        if (r.category().rule() == BfclCategory.Rule.IRRELEVANCE) {
          assertThat(r.valid()).as(r.id()).isTrue();
        } else {
          assertThat(r.valid()).as(r.id() + ": " + r.response()).isFalse();
        }
      }
      assertThat(progress.get(progress.size() - 1).done()).isEqualTo(22);
      assertThat(progress).hasSize(1 + 4); // the start, then one per batch of 6

      BfclReport report = BfclReport.of("tiny", Map.of("generator", model.describe()), results, suite.datasetSizes());
      assertThat(report.subset()).isTrue();
      assertThat(report.categories()).hasSize(BfclCategory.values().length);
      assertThat(report.aggregates().get("non_live_ast").accuracy()).isZero();
      assertThat(report.aggregates().get("irrelevance").accuracy()).isEqualTo(1.0);
      assertThat(BfclReportWriter.writeAll(List.of(report), tmp.resolve("report"))).allSatisfy(p ->
          assertThat(p).isNotEmptyFile());
    }
  }
}
