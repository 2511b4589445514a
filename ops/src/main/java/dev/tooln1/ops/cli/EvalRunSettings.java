package dev.tooln1.ops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The rule shared by the benchmark runs ({@code bfcl-eval}, {@code apibank-eval}) that resume into an
 * {@code --out} folder: a rerun resumes only a run with the same settings, because results judged under
 * other settings would mix in one report. The {@code run.json} of a run that recorded no result claims
 * nothing: the new run replaces it.
 */
final class EvalRunSettings {

  private EvalRunSettings() {}

  /**
   * @param resultsFile the run's results file; its {@code run.json} sibling holds the earlier settings
   * @param keys the settings that must be equal
   * @param recorded how many results the file holds (read only when there are earlier settings)
   * @param unit what a result is, for the message ("items", "samples")
   * @throws UsageException naming every difference
   */
  static void requireSameRun(Path out, Path resultsFile, Map<String, String> settings, List<String> keys,
      IntSupplier recorded, String unit) {
    Map<String, String> earlier = BfclCli.provenance(resultsFile);
    if (earlier.isEmpty()) {
      return;
    }
    int n;
    try {
      n = recorded.getAsInt();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
    if (n == 0) {
      return;
    }
    List<String> differences = new ArrayList<>();
    for (String k : keys) {
      if (!Objects.equals(settings.get(k), earlier.get(k))) {
        differences.add(k + ": " + shown(earlier.get(k)) + " there, " + shown(settings.get(k)) + " now");
      }
    }
    if (!differences.isEmpty()) {
      throw new UsageException("--out " + out + " holds results of a different run (" + String.join("; ", differences)
          + "; " + n + " " + unit + " judged); rerun with its settings to resume it, give another --out to keep both, "
          + "or delete " + resultsFile + " to start over");
    }
  }

  private static String shown(String value) {
    return value == null ? "(not set)" : value.isEmpty() ? "(none)" : value;
  }
}
