package dev.tooln1.ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.benchmarks.ModelResponseGenerator;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.activities.benchmarks.ReplayResponseGenerator;
import dev.tooln1.activities.benchmarks.ResponseGenerator;
import dev.tooln1.activities.benchmarks.bfcl.BfclEvaluator;
import dev.tooln1.activities.benchmarks.bfcl.BfclItem;
import dev.tooln1.activities.benchmarks.bfcl.BfclItemResult;
import dev.tooln1.activities.benchmarks.bfcl.BfclPrompts;
import dev.tooln1.activities.benchmarks.bfcl.BfclReport;
import dev.tooln1.activities.benchmarks.bfcl.BfclReportWriter;
import dev.tooln1.activities.benchmarks.bfcl.BfclResultsFile;
import dev.tooln1.activities.benchmarks.bfcl.BfclSuite;
import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.template.QwenChatTemplate;
import dev.tooln1.model.tokenizer.HfTokenizer;
import dev.tooln1.model.tokenizer.Tokenizer;
import dev.tooln1.model.tokenizer.TrimmedTokenizer;
import dev.tooln1.model.tokenizer.TrimmedVocabulary;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCallParser.ThinkRule;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataFiles;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tooln1 bfcl-eval}: run a model (or recorded responses) on BFCL and report as the leaderboard does. */
@Command(name = "bfcl-eval", mixinStandardHelpOptions = true,
    description = {
        "Evaluate a model on BFCL's single-turn AST categories: render each question with its functions",
        "(Tool-N1 system prompt or the model's native tool template), generate (greedy by default), judge",
        "with BFCL's AST checker, and write results.jsonl, run.json and report.{json,md,html} to --out.",
        "Resumable: results are appended per item and a rerun with the same --out skips finished items.",
        "Give --responses instead of --model to score responses recorded elsewhere."})
public final class BfclEvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", paramLabel = "DIR", description = "Hugging Face checkpoint folder: config.json + *.safetensors")
  Path model;

  @Option(names = "--tokenizer", paramLabel = "PATH",
      description = "tokenizer.json[.gz] or its folder; its tokenizer_config.json supplies the chat template "
          + "(default: the vendored Qwen2.5 tokenizer)")
  Path tokenizer;

  @Option(names = "--vocabulary", paramLabel = "FILE",
      description = "trimmed vocabulary of a small model trained on a subset of the tokenizer's ids")
  Path vocabulary;

  @Option(names = "--responses", paramLabel = "FILE",
      description = "instead of a model: recorded responses, JSON Lines {\"id\", \"result\"} (model text)")
  Path responses;

  @Option(names = "--category", paramLabel = "C",
      description = "category (repeatable, or 'all' = with live_relevance); default: the 10 of the paper")
  List<String> categories;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "at most N items per category, a seeded sample (0 = all; default ${DEFAULT-VALUE})")
  int limit;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "sample and sampling seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--prompt", paramLabel = "STYLE", defaultValue = "tooln1",
      description = "tooln1 (the paper's system prompt) or native (the model's tool template); default ${DEFAULT-VALUE}")
  String prompt;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "bfcl-eval", description = "output folder (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--label", paramLabel = "NAME", description = "name of this run in reports (default: the --out folder's name)")
  String label;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8", description = "prompts per generation batch (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "512", description = "default ${DEFAULT-VALUE}")
  int maxNewTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 = greedy (default)")
  double temperature;

  @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0", description = "nucleus sampling when --temperature > 0 (default ${DEFAULT-VALUE})")
  double topP;

  @Option(names = "--dots-as-underscores",
      description = "offer function names with '.' as '_' and expect that spelling (BFCL's rule for APIs that forbid dots)")
  boolean dotsAsUnderscores;

  @Option(names = "--require-think", description = "a response must open with a <think> block to be decoded")
  boolean requireThink;

  @Option(names = "--data", paramLabel = "DIR", description = "BFCL data folder (default: the vendored data/bfcl)")
  Path data;

  @Override
  public Integer call() throws IOException {
    if ((model == null) == (responses == null)) {
      throw new UsageException("give exactly one of --model DIR and --responses FILE");
    }
    if (limit < 0) {
      throw new UsageException("--limit must be >= 0, got " + limit);
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
    Set<BfclCategory> selected = BfclCli.categories(categories);
    BfclDataFiles files = BfclCli.data(data);
    BfclSuite suite = BfclCli.load(files, selected);
    List<BfclItem> items = suite.sample(limit, seed);

    Map<String, String> settings = settings(style);
    checkSameRun(settings);
    PrintWriter pw = spec.commandLine().getOut();
    try (Loaded loaded = generator(style)) {
      loaded.trimmed().ifPresent(check -> check.requireReadable(items));
      writeRunFile(settings, loaded.generator().describe(), selected);
      BfclEvaluator evaluator = new BfclEvaluator(loaded.generator(),
          new BfclEvaluator.Options(batchSize, dotsAsUnderscores, requireThink ? ThinkRule.REQUIRED : ThinkRule.OPTIONAL));
      List<BfclItemResult> results;
      try {
        results = evaluator.run(items, new BfclResultsFile(out.resolve(BfclCli.RESULTS_FILE)), p -> {
          pw.println("progress: " + p);
          pw.flush();
        });
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      Map<String, String> provenance = BfclCli.provenance(out.resolve(BfclCli.RESULTS_FILE));
      provenance.put("limit", Integer.toString(limit));
      provenance.put("seed", Long.toString(seed));
      BfclReport report = BfclReport.of(label != null ? label : name(out), provenance, results,
          BfclCli.datasetSizes(files));
      List<Path> written = BfclReportWriter.writeAll(List.of(report), out);
      pw.println();
      pw.print(BfclReportWriter.markdown(List.of(report)));
      pw.println();
      pw.println("wrote " + out.resolve(BfclCli.RESULTS_FILE) + ", " + written.stream().map(Path::toString)
          .reduce((a, b) -> a + ", " + b).orElse(""));
      pw.flush();
    }
    return 0;
  }

  /** What must not change between a run and its resumption (results judged under other settings would mix). */
  private Map<String, String> settings(PromptStyle style) {
    Map<String, String> s = new LinkedHashMap<>();
    if (model != null) {
      s.put("model", model.toAbsolutePath().normalize().toString());
      s.put("tokenizer", tokenizer == null ? "vendored qwen2.5" : tokenizer.toAbsolutePath().normalize().toString());
      s.put("vocabulary", vocabulary == null ? "" : vocabulary.toAbsolutePath().normalize().toString());
      s.put("prompt", style.cliName());
      s.put("temperature", Double.toString(temperature));
      s.put("top_p", Double.toString(topP));
      s.put("max_new_tokens", Integer.toString(maxNewTokens));
    } else {
      s.put("responses", responses.toAbsolutePath().normalize().toString());
    }
    s.put("dots_as_underscores", Boolean.toString(dotsAsUnderscores));
    s.put("require_think", Boolean.toString(requireThink));
    return s;
  }

  /**
   * A rerun into the same {@code --out} resumes only a run with the same settings. The {@code run.json}
   * of a run that recorded no result (it failed before its first item was judged) claims nothing: the
   * new run replaces it.
   */
  private void checkSameRun(Map<String, String> settings) {
    Path resultsFile = out.resolve(BfclCli.RESULTS_FILE);
    EvalRunSettings.requireSameRun(out, resultsFile, settings, RUN_SETTINGS, () -> BfclResultsFile.read(resultsFile).size(), "items");
  }

  /** The settings two runs into one {@code --out} must share (see {@link #settings}). */
  private static final List<String> RUN_SETTINGS = List.of("model", "tokenizer", "vocabulary", "prompt",
      "temperature", "top_p", "max_new_tokens", "responses", "dots_as_underscores", "require_think");


  private void writeRunFile(Map<String, String> settings, String generator, Set<BfclCategory> selected) throws IOException {
    Files.createDirectories(out);
    ObjectNode run = Json.MAPPER.createObjectNode();
    settings.forEach(run::put);
    run.put("generator", generator);
    run.put("categories", String.join(",", BfclCli.names(selected)));
    Files.writeString(out.resolve(BfclCli.RUN_FILE),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(run) + "\n", StandardCharsets.UTF_8);
  }

  /**
   * The generator, what must be closed after the run, and for a model with a trimmed vocabulary the
   * check that it can read the run's prompts.
   */
  private record Loaded(ResponseGenerator generator, Tokenizer tokenizer, Optional<TrimmedVocabularyCheck> trimmed)
      implements AutoCloseable {
    @Override
    public void close() {
      if (tokenizer != null) {
        tokenizer.close();
      }
    }
  }

  private Loaded generator(PromptStyle style) {
    if (responses != null) {
      try {
        return new Loaded(ReplayResponseGenerator.fromJsonl(responses), null, Optional.empty());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
    }
    if (!Files.isDirectory(model) || !Files.exists(model.resolve("config.json"))) {
      throw new UsageException("--model " + model + ": not a checkpoint folder (no config.json)");
    }
    HfTokenizer base;
    ChatTemplate template;
    try {
      base = tokenizer == null ? HfTokenizer.qwen25() : HfTokenizer.load(tokenizer);
      Path dir = tokenizer == null ? null : Files.isDirectory(tokenizer) ? tokenizer : tokenizer.toAbsolutePath().getParent();
      Path config = dir == null ? null : dir.resolve("tokenizer_config.json");
      template = config != null && Files.exists(config) && Files.readString(config).contains("\"chat_template\"")
          ? QwenChatTemplate.fromTokenizerConfig(config) : QwenChatTemplate.qwen25();
    } catch (IOException e) {
      throw new UsageException("--tokenizer " + tokenizer + ": " + e.getMessage(), e);
    }
    Tokenizer tok = base;
    TrimmedVocabulary trimmed = null;
    if (vocabulary != null) {
      try {
        trimmed = TrimmedVocabulary.read(vocabulary);
        tok = new TrimmedTokenizer(base, trimmed);
      } catch (IOException | IllegalArgumentException e) {
        base.close();
        throw new UsageException("--vocabulary " + vocabulary + ": " + e.getMessage(), e);
      }
    }
    Qwen2Weights weights;
    try {
      weights = Qwen2Weights.fromHfDirectory(model);
    } catch (IOException | IllegalArgumentException e) {
      tok.close();
      throw new UsageException("--model " + model + ": " + e.getMessage(), e);
    }
    ModelConfig config = weights.config();
    if (config.vocabSize() < tok.vocabSize()) {
      tok.close();
      throw new UsageException("--model " + model + " has " + config.vocabSize() + " token embeddings, but the tokenizer "
          + "produces ids up to " + (tok.vocabSize() - 1) + (vocabulary == null ? " (a trimmed model needs --vocabulary)" : ""));
    }
    SamplingParams params;
    try {
      params = new SamplingParams(temperature, topP, 0, maxNewTokens, Set.of(tok.eosId()), seed);
    } catch (IllegalArgumentException e) {
      tok.close();
      throw new UsageException(e.getMessage(), e);
    }
    ModelResponseGenerator gen = new ModelResponseGenerator(tok, style.over(template), new Generator(new Qwen2Model(weights)),
        params, "Qwen2 " + model + ", prompt " + style.cliName());
    return new Loaded(gen, tok, trimmed == null ? Optional.empty()
        : Optional.of(new TrimmedVocabularyCheck(model, base, trimmed, gen, new BfclPrompts(dotsAsUnderscores))));
  }

  private static String name(Path dir) {
    Path n = dir.toAbsolutePath().normalize().getFileName();
    return n == null ? "run" : n.toString();
  }
}
