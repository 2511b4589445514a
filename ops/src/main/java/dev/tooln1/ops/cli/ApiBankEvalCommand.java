package dev.tooln1.ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.ModelResponseGenerator;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.activities.benchmarks.apibank.ApiBankEvaluator;
import dev.tooln1.activities.benchmarks.apibank.ApiBankPrompts;
import dev.tooln1.activities.benchmarks.apibank.ApiBankReportWriter;
import dev.tooln1.activities.benchmarks.apibank.ApiBankResultsFile;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunReport;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunner;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSample;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSubsets;
import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.template.QwenChatTemplate;
import dev.tooln1.model.tokenizer.HfTokenizer;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tooln1 apibank-eval}: run a checkpoint on API-Bank level-1 (call mode) and report as the official evaluator scores. */
@Command(name = "apibank-eval", mixinStandardHelpOptions = true,
    description = {
        "Evaluate a model on API-Bank level-1 (call mode) as the benchmark does: each",
        "sample's history as the benchmark renders it, the dialog's own APIs (as JSON",
        "schemas in the Tool-N1 system prompt, or with --prompt native the benchmark's",
        "own instruction), greedy generation by default, the first call extracted and",
        "judged by executing it as the official evaluator does. Scored over the",
        "selected samples; a sample without a result counts as wrong. Writes",
        "results.jsonl, run.json and report.{json,md,html} to --out. Resumable: a rerun",
        "with the same --out skips the samples already judged."})
public final class ApiBankEvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Hugging Face checkpoint folder (config.json + *.safetensors) with the tokenizer's full vocabulary")
  Path model;

  @Option(names = "--tokenizer", paramLabel = "PATH",
      description = "tokenizer.json[.gz] or its folder; its tokenizer_config.json supplies the chat template "
          + "(default: the vendored Qwen2.5 tokenizer)")
  Path tokenizer;

  @Option(names = "--subset", paramLabel = "NAME", defaultValue = "all",
      description = "all (399), first-call (212: the first call of each dialog) or one-user-turn (61); default ${DEFAULT-VALUE}")
  String subset;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "at most N samples of the subset, a seeded sample, nested across limits (0 = all; default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "sample and sampling seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--prompt", paramLabel = "STYLE", defaultValue = "tooln1",
      description = "tooln1 (Tool-N1 system prompt, the APIs as tools) or native (the benchmark's instruction, "
          + "answer 'API-Request: [...]'); default ${DEFAULT-VALUE}")
  String prompt;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "apibank-eval", description = "output folder (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--label", paramLabel = "NAME", description = "name of this run in reports (default: the --out folder's name)")
  String label;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8", description = "prompts per generation batch (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "512", description = "default ${DEFAULT-VALUE}")
  int maxNewTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 = greedy (default)")
  double temperature;

  @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
      description = "nucleus sampling when --temperature > 0 (default ${DEFAULT-VALUE})")
  double topP;

  @Override
  public Integer call() throws IOException {
    if (limit < 0) {
      throw new UsageException("--limit must be >= 0 (0 = all), got " + limit);
    }
    if (batchSize <= 0) {
      throw new UsageException("--batch-size must be > 0, got " + batchSize);
    }
    PromptStyle style;
    try {
      style = PromptStyle.fromName(prompt);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--prompt: " + e.getMessage());
    }
    ApiBankCli.subset(subset);
    ModelConfig config = config();
    ApiBankEvaluator evaluator = ApiBankEvaluator.vendored();
    List<ApiBankSample> samples = ApiBankSubsets.select(evaluator.samples(), subset, limit, seed);

    Map<String, String> settings = settings(style);
    checkSameRun(settings);
    PrintWriter pw = spec.commandLine().getOut();
    try (HfTokenizer tok = loadTokenizer()) {
      if (config.vocabSize() < tok.vocabSize()) {
        throw new UsageException("--model " + model + " has " + config.vocabSize() + " token embeddings, fewer than the "
            + "tokenizer's " + tok.vocabSize() + " tokens: a checkpoint trained on a trimmed vocabulary cannot read "
            + "API-Bank's prompts (they need tokens it never saw); evaluate a checkpoint with the full vocabulary");
      }
      SamplingParams params;
      try {
        params = new SamplingParams(temperature, topP, 0, maxNewTokens, Set.of(tok.eosId()), seed);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      ChatTemplate template = chatTemplate();
      Qwen2Weights weights;
      try {
        weights = Qwen2Weights.fromSafetensors(config, model);
      } catch (IOException | IllegalArgumentException e) {
        throw new UsageException("--model " + model + ": " + e.getMessage(), e);
      }
      ModelResponseGenerator generator = new ModelResponseGenerator(tok, style.over(template),
          new Generator(new Qwen2Model(weights)), params, "Qwen2 " + model + ", prompt " + style.cliName());
      ApiBankPrompts prompts = new ApiBankPrompts(evaluator, style);
      requireContext(config, tok, generator, prompts, samples);

      writeRunFile(settings, generator.describe(), samples.size());
      ApiBankRunner runner = new ApiBankRunner(evaluator, generator, prompts, batchSize);
      try {
        runner.run(samples, new ApiBankResultsFile(out.resolve(ApiBankCli.RESULTS_FILE)), p -> {
          pw.println("progress: " + ApiBankCli.progressLine(p));
          pw.flush();
        });
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
    }
    ApiBankRunReport report = ApiBankCli.report(evaluator, runLabel(), out);
    List<Path> written = ApiBankReportWriter.writeAll(List.of(report), out);
    pw.println();
    pw.print(ApiBankReportWriter.markdown(List.of(report)));
    pw.println();
    pw.println("wrote " + out.resolve(ApiBankCli.RESULTS_FILE) + ", " + String.join(", ",
        written.stream().map(Path::toString).toList()));
    pw.flush();
    return 0;
  }

  private String runLabel() {
    return label != null ? label : ApiBankCli.name(out);
  }

  /** The checkpoint's shape, read before anything heavy so that a wrong folder is refused at once. */
  private ModelConfig config() {
    Path configJson = model.resolve("config.json");
    if (!Files.isDirectory(model) || !Files.isRegularFile(configJson)) {
      throw new UsageException("--model " + model + ": not a checkpoint folder (no config.json)");
    }
    try {
      return ModelConfig.fromHfConfig(configJson);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("--model " + model + ": " + e.getMessage(), e);
    }
  }

  private HfTokenizer loadTokenizer() {
    try {
      return tokenizer == null ? HfTokenizer.qwen25() : HfTokenizer.load(tokenizer);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("--tokenizer " + tokenizer + ": " + e.getMessage(), e);
    }
  }

  /** The tokenizer folder's own chat template when it has one, else Qwen2.5's (as bfcl-eval). */
  private ChatTemplate chatTemplate() {
    try {
      Path dir = tokenizer == null ? null : Files.isDirectory(tokenizer) ? tokenizer : tokenizer.toAbsolutePath().getParent();
      Path tokenizerConfig = dir == null ? null : dir.resolve("tokenizer_config.json");
      return tokenizerConfig != null && Files.exists(tokenizerConfig)
          && Files.readString(tokenizerConfig).contains("\"chat_template\"")
          ? QwenChatTemplate.fromTokenizerConfig(tokenizerConfig) : QwenChatTemplate.qwen25();
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("--tokenizer " + tokenizer + ": " + e.getMessage(), e);
    }
  }

  /** Prompts encoded per tokenizer call while checking their lengths. */
  private static final int CHUNK = 64;

  /**
   * Every prompt with its answer must fit the model's positions; checked before any generation, so that a
   * model with a short context is refused with the numbers instead of failing in the middle of the run.
   */
  private void requireContext(ModelConfig config, HfTokenizer tok, ModelResponseGenerator generator,
      ApiBankPrompts prompts, List<ApiBankSample> samples) {
    int longest = 0;
    String longestSample = null;
    for (int from = 0; from < samples.size(); from += CHUNK) {
      List<ApiBankSample> chunk = samples.subList(from, Math.min(samples.size(), from + CHUNK));
      List<String> texts = new ArrayList<>(chunk.size());
      chunk.forEach(s -> texts.add(generator.render(prompts.prompt(s))));
      List<int[]> encoded = tok.encodeBatch(texts);
      for (int i = 0; i < chunk.size(); i++) {
        if (encoded.get(i).length > longest) {
          longest = encoded.get(i).length;
          longestSample = chunk.get(i).key();
        }
      }
    }
    if (longest + maxNewTokens > config.maxPositions()) {
      throw new UsageException("--model " + model + " reads at most " + config.maxPositions()
          + " positions (max_position_embeddings), but the prompt of sample " + longestSample + " is " + longest
          + " tokens and --max-new-tokens is " + maxNewTokens + "; lower --max-new-tokens to at most "
          + Math.max(0, config.maxPositions() - longest) + " or use a model with a longer context");
    }
  }

  /** What must not change between a run and its resumption (results judged under other settings would mix). */
  private Map<String, String> settings(PromptStyle style) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", model.toAbsolutePath().normalize().toString());
    s.put("tokenizer", tokenizer == null ? "vendored qwen2.5" : tokenizer.toAbsolutePath().normalize().toString());
    s.put("prompt", style.cliName());
    s.put("temperature", Double.toString(temperature));
    s.put("top_p", Double.toString(topP));
    s.put("max_new_tokens", Integer.toString(maxNewTokens));
    // Greedy answers do not depend on the seed; sampled ones do (it seeds each sample's stream).
    s.put("sampling_seed", temperature > 0 ? Long.toString(seed) : "");
    return s;
  }

  /** The settings two runs into one {@code --out} must share (see {@link #settings}). */
  private static final List<String> RUN_SETTINGS = List.of("model", "tokenizer", "prompt", "temperature", "top_p",
      "max_new_tokens", "sampling_seed");

  /**
   * A rerun into the same {@code --out} resumes only a run with the same settings (subset, limit and
   * seed may change: results are per sample). The {@code run.json} of a run that recorded no result
   * claims nothing: the new run replaces it.
   */
  private void checkSameRun(Map<String, String> settings) {
    Path resultsFile = out.resolve(ApiBankCli.RESULTS_FILE);
    EvalRunSettings.requireSameRun(out, resultsFile, settings, RUN_SETTINGS, () -> ApiBankResultsFile.read(resultsFile).size(), "samples");
  }




  private void writeRunFile(Map<String, String> settings, String generator, int samples) throws IOException {
    Files.createDirectories(out);
    ObjectNode run = Json.MAPPER.createObjectNode();
    run.put("label", runLabel());
    settings.forEach(run::put);
    run.put("generator", generator);
    run.put("subset", subset);
    run.put("limit", Integer.toString(limit));
    run.put("seed", Long.toString(seed));
    run.put("samples", Integer.toString(samples));
    Files.writeString(out.resolve(ApiBankCli.RUN_FILE),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(run) + "\n", StandardCharsets.UTF_8);
  }
}
