package dev.tooln1.ops.cli;

import dev.tooln1.activities.benchmarks.bfcl.BfclItemResult;
import dev.tooln1.activities.benchmarks.bfcl.BfclReport;
import dev.tooln1.activities.benchmarks.bfcl.BfclReportWriter;
import dev.tooln1.activities.benchmarks.bfcl.BfclResultsFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tooln1 bfcl-report}: reports, and a comparison across runs, from {@code bfcl-eval} results files. */
@Command(name = "bfcl-report", mixinStandardHelpOptions = true,
    description = {
        "Summarise one or several bfcl-eval results files (checkpoints of a campaign, or models): accuracy per",
        "category with 95%% Wilson intervals, BFCL's leaderboard aggregates, one column per run and an exact",
        "McNemar test of each run against the first. Writes report.{json,md,html} to --out and prints the Markdown."})
public final class BfclReportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--results", required = true, paramLabel = "[LABEL=]FILE",
      description = "a results.jsonl of bfcl-eval (repeatable); the label defaults to its folder's name")
  List<String> results;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  Path out;

  @Option(names = "--data", paramLabel = "DIR", description = "BFCL data folder for the dataset sizes (default: vendored)")
  Path data;

  @Override
  public Integer call() {
    Map<String, Integer> sizes = BfclCli.datasetSizes(BfclCli.data(data));
    List<BfclReport> reports = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (String arg : results) {
      int eq = arg.indexOf('=');
      Path file = Path.of(eq > 0 ? arg.substring(eq + 1) : arg);
      if (!Files.isRegularFile(file)) {
        throw new UsageException("--results " + file + ": no such file");
      }
      String label = eq > 0 ? arg.substring(0, eq) : defaultLabel(file);
      if (!labels.add(label)) {
        throw new UsageException("--results: label '" + label + "' given twice (name runs with LABEL=FILE)");
      }
      List<BfclItemResult> items;
      try {
        items = new ArrayList<>(BfclResultsFile.read(file).values());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage(), e);
      }
      if (items.isEmpty()) {
        throw new UsageException("--results " + file + ": no results in it");
      }
      reports.add(BfclReport.of(label, BfclCli.provenance(file), items, sizes));
    }
    List<Path> written = BfclReportWriter.writeAll(reports, out);
    PrintWriter pw = spec.commandLine().getOut();
    pw.print(BfclReportWriter.markdown(reports));
    pw.println();
    pw.println("wrote " + written.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse(""));
    pw.flush();
    return 0;
  }

  private static String defaultLabel(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String name = abs.getFileName().toString();
    if (name.equals(BfclCli.RESULTS_FILE) && abs.getParent() != null && abs.getParent().getFileName() != null) {
      return abs.getParent().getFileName().toString();
    }
    return name.replaceFirst("\\.jsonl(\\.gz)?$", "");
  }
}
