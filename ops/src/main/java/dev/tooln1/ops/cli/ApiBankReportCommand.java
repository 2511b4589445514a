package dev.tooln1.ops.cli;

import dev.tooln1.activities.benchmarks.apibank.ApiBankEvaluator;
import dev.tooln1.activities.benchmarks.apibank.ApiBankReportWriter;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tooln1 apibank-report}: the report of an apibank-eval run, or a paired comparison of several. */
@Command(name = "apibank-report", mixinStandardHelpOptions = true,
    description = {
        "Summarise one apibank-eval output folder, or compare several (checkpoints of",
        "a campaign, or models): accuracy overall, on the first-call and one-user-turn",
        "subsets and per API, with 95%% Wilson intervals, each run scored over the",
        "samples it selected (a sample without a result counts as wrong), and an exact",
        "McNemar test of each run against the first on the samples both judged.",
        "Prints the Markdown; with --out also writes report.{json,md,html} there."})
public final class ApiBankReportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--runs", required = true, arity = "1..*", paramLabel = "[LABEL=]DIR",
      description = "apibank-eval output folders (results.jsonl + run.json); the label defaults to the run's own")
  List<String> runs;

  @Option(names = "--out", paramLabel = "DIR", description = "write report.{json,md,html} to this folder")
  Path out;

  @Override
  public Integer call() {
    ApiBankEvaluator evaluator = ApiBankEvaluator.vendored();
    List<ApiBankRunReport> reports = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (String arg : runs) {
      int eq = arg.indexOf('=');
      Path dir = Path.of(eq > 0 ? arg.substring(eq + 1) : arg);
      if (!Files.isDirectory(dir)) {
        throw new UsageException("--runs " + dir + ": no such folder");
      }
      String label = eq > 0 ? arg.substring(0, eq)
          : BfclCli.provenance(dir.resolve(ApiBankCli.RESULTS_FILE)).getOrDefault("label", ApiBankCli.name(dir));
      if (!labels.add(label)) {
        throw new UsageException("--runs: label '" + label + "' given twice (name runs with LABEL=DIR)");
      }
      reports.add(ApiBankCli.report(evaluator, label, dir));
    }
    PrintWriter pw = spec.commandLine().getOut();
    pw.print(ApiBankReportWriter.markdown(reports));
    if (out != null) {
      List<Path> written = ApiBankReportWriter.writeAll(reports, out);
      pw.println();
      pw.println("wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
    }
    pw.flush();
    return 0;
  }
}
