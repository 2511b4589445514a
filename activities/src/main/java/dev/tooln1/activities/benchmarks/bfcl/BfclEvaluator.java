package dev.tooln1.activities.benchmarks.bfcl;

import dev.tooln1.activities.benchmarks.EvalProgress;
import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.ResponseGenerator;
import dev.tooln1.activities.benchmarks.ResultsLog;
import dev.tooln1.reward.ToolCallParser.ThinkRule;
import dev.tooln1.reward.bfcl.BfclAstChecker;
import dev.tooln1.reward.bfcl.BfclDecoded;
import dev.tooln1.reward.bfcl.BfclVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs BFCL items through a {@link ResponseGenerator} and BFCL's AST checker: prompts built by
 * {@link BfclPrompts}, generated in batches, each response decoded with {@link BfclDecoded#fromModelText}
 * (the {@code ToolCallParser}) and judged by {@link BfclAstChecker}; each verdict is appended to the
 * results file as soon as its batch is judged. Items already in the file are not redone, so a run
 * that was interrupted continues where it stopped.
 */
public final class BfclEvaluator {

  /**
   * @param batchSize prompts per generator call
   * @param dotsAsUnderscores offer dotted function names with {@code _} and check with BFCL's matching
   *     rule (see {@link BfclPrompts}); default false, as BFCL runs prompt-based and local models
   * @param thinkRule whether a response must open with a think block to be decoded; BFCL judges only
   *     the calls, so OPTIONAL by default
   */
  public record Options(int batchSize, boolean dotsAsUnderscores, ThinkRule thinkRule) {
    public Options {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
      }
      Objects.requireNonNull(thinkRule, "thinkRule");
    }

    public static Options defaults() {
      return new Options(8, false, ThinkRule.OPTIONAL);
    }

    public Options withBatchSize(int n) {
      return new Options(n, dotsAsUnderscores, thinkRule);
    }
  }

  private final ResponseGenerator generator;
  private final Options options;
  private final BfclPrompts prompts;
  private final BfclAstChecker checker;

  public BfclEvaluator(ResponseGenerator generator, Options options) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.options = Objects.requireNonNull(options, "options");
    this.prompts = new BfclPrompts(options.dotsAsUnderscores());
    this.checker = new BfclAstChecker(options.dotsAsUnderscores());
  }

  /**
   * Evaluates {@code items}, skipping those already recorded in {@code results}.
   *
   * @return the results of every item in {@code items} (recorded earlier or now), in item order
   */
  public List<BfclItemResult> run(List<BfclItem> items, BfclResultsFile results, Consumer<EvalProgress> progress) {
    Map<String, BfclItemResult> recorded = results.read();
    List<BfclItem> pending = new ArrayList<>();
    for (BfclItem item : items) {
      BfclItemResult earlier = recorded.get(item.id());
      if (earlier == null) {
        pending.add(item);
      } else if (earlier.category() != item.category()) {
        throw new IllegalArgumentException(results.path() + ": id '" + item.id() + "' is recorded under category "
            + earlier.category() + ", but the data has it in " + item.category());
      }
    }
    int total = items.size();
    int resumed = total - pending.size();
    long start = System.nanoTime();
    progress.accept(new EvalProgress(resumed, total, resumed, 0, 0));
    try (ResultsLog.Appender<BfclItemResult> out = results.appender()) {
      int judged = 0;
      for (int from = 0; from < pending.size(); from += options.batchSize()) {
        List<BfclItem> batch = pending.subList(from, Math.min(pending.size(), from + options.batchSize()));
        List<EvalPrompt> batchPrompts = new ArrayList<>(batch.size());
        batch.forEach(item -> batchPrompts.add(prompts.prompt(item)));
        List<String> responses = generator.generate(batchPrompts);
        if (responses.size() != batch.size()) {
          throw new IllegalStateException(generator.describe() + " returned " + responses.size()
              + " responses for " + batch.size() + " prompts");
        }
        for (int i = 0; i < batch.size(); i++) {
          BfclItemResult r = judge(batch.get(i), responses.get(i));
          out.append(r);
          recorded.put(r.id(), r);
        }
        judged += batch.size();
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(new EvalProgress(resumed + judged, total, resumed, seconds > 0 ? judged / seconds : 0, seconds));
      }
    }
    List<BfclItemResult> out = new ArrayList<>(items.size());
    items.forEach(item -> out.add(recorded.get(item.id())));
    return out;
  }

  /** The verdict on one response; never throws for any response text. */
  public BfclItemResult judge(BfclItem item, String response) {
    BfclVerdict verdict;
    try {
      BfclDecoded decoded = BfclDecoded.fromModelText(response == null ? "" : response, options.thinkRule());
      verdict = checker.check(item.category(), item.question().functions(), item.answer(), decoded);
    } catch (RuntimeException e) {
      // BFCL's checker would raise on such an input; the item still gets a verdict and a reason.
      verdict = BfclVerdict.invalid("checker_error:exception", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return new BfclItemResult(item.id(), item.category(), verdict.valid(), verdict.errorType(), verdict.reason(),
        response);
  }
}
