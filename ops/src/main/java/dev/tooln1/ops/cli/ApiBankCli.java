package dev.tooln1.ops.cli;

import dev.tooln1.activities.benchmarks.EvalProgress;
import dev.tooln1.activities.benchmarks.apibank.ApiBankEvaluator;
import dev.tooln1.activities.benchmarks.apibank.ApiBankItemResult;
import dev.tooln1.activities.benchmarks.apibank.ApiBankResultsFile;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunReport;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSample;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSubsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code apibank-eval} and {@code apibank-report} share: the output folder's files (the same names
 * as {@code bfcl-eval}'s), the progress line, and the scored set of a run, rebuilt from its
 * {@code run.json}.
 */
final class ApiBankCli {

  static final String RESULTS_FILE = BfclCli.RESULTS_FILE;
  static final String RUN_FILE = BfclCli.RUN_FILE;

  private ApiBankCli() {}

  /** The subset name, checked. */
  static String subset(String name) {
    try {
      ApiBankSubsets.predicate(name);
      return name;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--subset: " + e.getMessage());
    }
  }

  /** {@code 48/399 samples (16 resumed), 1.20 samples/s, 27s elapsed, ETA 4m52s} */
  static String progressLine(EvalProgress p) {
    String eta;
    if (p.done() >= p.total()) {
      eta = "done";
    } else if (p.itemsPerSecond() <= 0) {
      eta = "ETA unknown";
    } else {
      eta = "ETA " + Durations.format(Duration.ofSeconds(Math.round((p.total() - p.done()) / p.itemsPerSecond())));
    }
    return String.format(Locale.ROOT, "%d/%d samples (%d resumed), %.2f samples/s, %s elapsed, %s", p.done(),
        p.total(), p.resumed(), p.itemsPerSecond(), Durations.format(Duration.ofSeconds(Math.round(p.elapsedSeconds()))),
        eta);
  }

  /** The results of an output folder. */
  static Map<String, ApiBankItemResult> results(Path runDir) {
    Path file = runDir.resolve(RESULTS_FILE);
    if (!Files.isRegularFile(file)) {
      throw new UsageException(runDir + ": no " + RESULTS_FILE + " (not an apibank-eval output folder)");
    }
    try {
      return ApiBankResultsFile.read(file);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /**
   * The report of an output folder: scored over the set its {@code run.json} selected (subset, limit,
   * seed; the whole set when there is none), a sample of that set without a result counting as wrong.
   */
  static ApiBankRunReport report(ApiBankEvaluator evaluator, String label, Path runDir) {
    Map<String, ApiBankItemResult> results = results(runDir);
    Map<String, String> provenance = BfclCli.provenance(runDir.resolve(RESULTS_FILE));
    provenance.remove("label"); // the report's own title
    Path run = runDir.resolve(RUN_FILE);
    String subset = provenance.getOrDefault("subset", ApiBankSubsets.ALL);
    int limit;
    long seed;
    try {
      ApiBankSubsets.predicate(subset);
      limit = Integer.parseInt(provenance.getOrDefault("limit", "0"));
      seed = Long.parseLong(provenance.getOrDefault("seed", "0"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(run + ": " + e.getMessage(), e);
    }
    List<ApiBankSample> scored;
    try {
      scored = ApiBankSubsets.select(evaluator.samples(), subset, limit, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(run + ": " + e.getMessage(), e);
    }
    ApiBankRunReport.Scope scope = ApiBankRunReport.Scope.of(subset, limit, seed, scored.size(), evaluator.samples().size());
    return ApiBankRunReport.of(label, provenance, scope, scored, results);
  }

  /** A folder's name, the default label of its run. */
  static String name(Path dir) {
    Path n = dir.toAbsolutePath().normalize().getFileName();
    return n == null ? "run" : n.toString();
  }
}
