package dev.tooln1.activities.benchmarks.apibank;

import dev.tooln1.activities.benchmarks.EvalProgress;
import dev.tooln1.activities.benchmarks.EvalPrompt;
import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.activities.benchmarks.ResponseGenerator;
import dev.tooln1.activities.benchmarks.ResultsLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs API-Bank level-1 samples through a {@link ResponseGenerator} and the execution-based checker:
 * prompts built by {@link ApiBankPrompts}, generated in batches, each response judged by
 * {@link ApiBankEvaluator#judge} and appended to the results file as soon as its batch is judged.
 * Samples already in the file are not redone, so an interrupted run continues where it stopped.
 */
public final class ApiBankRunner {

  private final ApiBankEvaluator evaluator;
  private final ResponseGenerator generator;
  private final ApiBankPrompts prompts;
  private final int batchSize;

  /**
   * Prompts in the {@link PromptStyle#TOOLN1} form (the dialog's APIs as tools), right for a generator
   * whose template renders the tools itself (the Tool-N1 prompt, the compact format).
   */
  public ApiBankRunner(ApiBankEvaluator evaluator, ResponseGenerator generator, int batchSize) {
    this(evaluator, generator, new ApiBankPrompts(evaluator, PromptStyle.TOOLN1), batchSize);
  }

  /**
   * @param prompts must be of the style the generator renders with ({@code --prompt native}: the
   *     benchmark's instruction as is, no tools)
   * @param batchSize prompts per generator call
   */
  public ApiBankRunner(ApiBankEvaluator evaluator, ResponseGenerator generator, ApiBankPrompts prompts, int batchSize) {
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.generator = Objects.requireNonNull(generator, "generator");
    this.prompts = Objects.requireNonNull(prompts, "prompts");
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
    }
    this.batchSize = batchSize;
  }

  /**
   * Judges {@code samples}, skipping those already recorded in {@code results}.
   *
   * @return the result of every sample in {@code samples} (recorded earlier or now), in sample order
   * @throws IllegalArgumentException when the results file is malformed or records a sample under
   *     another API than the data (a file from other data)
   * @throws IllegalStateException when the generator fails (the samples judged before stay recorded)
   */
  public List<ApiBankItemResult> run(List<ApiBankSample> samples, ApiBankResultsFile results,
      Consumer<EvalProgress> progress) {
    Map<String, ApiBankItemResult> recorded = results.read();
    List<ApiBankSample> pending = new ArrayList<>();
    for (ApiBankSample s : samples) {
      ApiBankItemResult earlier = recorded.get(s.key());
      if (earlier == null) {
        pending.add(s);
      } else if (!earlier.api().equals(s.apiName())) {
        throw new IllegalArgumentException(results.path() + ": sample '" + s.key() + "' is recorded with API "
            + earlier.api() + ", but the data has " + s.apiName());
      }
    }
    int total = samples.size();
    int resumed = total - pending.size();
    long start = System.nanoTime();
    progress.accept(new EvalProgress(resumed, total, resumed, 0, 0));
    try (ResultsLog.Appender<ApiBankItemResult> out = results.appender()) {
      int judged = 0;
      for (int from = 0; from < pending.size(); from += batchSize) {
        List<ApiBankSample> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
        List<EvalPrompt> batchPrompts = new ArrayList<>(batch.size());
        batch.forEach(s -> batchPrompts.add(prompts.prompt(s)));
        List<String> responses;
        try {
          responses = generator.generate(batchPrompts);
        } catch (RuntimeException e) {
          // not the results file's fault: keep IllegalArgumentException for that (callers report it as bad input)
          throw new IllegalStateException(generator.describe() + " failed on samples " + batch.get(0).key() + " .. "
              + batch.get(batch.size() - 1).key() + ": " + e.getMessage(), e);
        }
        if (responses.size() != batch.size()) {
          throw new IllegalStateException(generator.describe() + " returned " + responses.size()
              + " responses for " + batch.size() + " prompts");
        }
        for (int i = 0; i < batch.size(); i++) {
          ApiBankItemResult r = judge(batch.get(i), responses.get(i));
          out.append(r);
          recorded.put(r.sample(), r);
        }
        judged += batch.size();
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.accept(new EvalProgress(resumed + judged, total, resumed, seconds > 0 ? judged / seconds : 0, seconds));
      }
    }
    List<ApiBankItemResult> out = new ArrayList<>(samples.size());
    samples.forEach(s -> out.add(recorded.get(s.key())));
    return out;
  }

  /** The verdict on one response; never throws for any response text. */
  public ApiBankItemResult judge(ApiBankSample s, String response) {
    return judge(evaluator, s, response);
  }

  /** The verdict on one response (by {@link ApiBankEvaluator#judge}); never throws for any response text. */
  public static ApiBankItemResult judge(ApiBankEvaluator evaluator, ApiBankSample s, String response) {
    String text = response == null ? "" : response;
    try {
      return ApiBankItemResult.of(evaluator.judge(s, text), response);
    } catch (RuntimeException e) {
      // The official evaluator would crash on such an input; the sample still gets a verdict and a reason.
      return new ApiBankItemResult(s.key(), s.apiName(), false,
          "checker failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, null, response);
    }
  }
}
