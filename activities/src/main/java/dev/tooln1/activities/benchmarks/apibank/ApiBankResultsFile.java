package dev.tooln1.activities.benchmarks.apibank;

import dev.tooln1.activities.benchmarks.ResultsLog;
import java.nio.file.Path;
import java.util.Map;

/**
 * The per-sample results of an API-Bank run ({@code results.jsonl}): one {@link ApiBankItemResult} a
 * line, appended and flushed as each sample is judged; a torn last line (a kill mid-write) is dropped
 * on reading and cut away before the next append, so a killed run resumes cleanly (see
 * {@link ResultsLog}).
 */
public final class ApiBankResultsFile {

  private static final ResultsLog.Codec<ApiBankItemResult> CODEC =
      new ResultsLog.Codec<>(ApiBankItemResult::toJson, ApiBankItemResult::fromJson, ApiBankItemResult::sample);

  private final ResultsLog<ApiBankItemResult> log;

  public ApiBankResultsFile(Path file) {
    this.log = new ResultsLog<>(file, CODEC);
  }

  public Path path() {
    return log.path();
  }

  /**
   * Results recorded so far by sample key, in file order (empty when the file does not exist).
   *
   * @throws IllegalArgumentException naming file and line on a malformed line or a sample recorded twice
   */
  public Map<String, ApiBankItemResult> read() {
    return log.read();
  }

  /** Reads any results file. @throws IllegalArgumentException naming file and line */
  public static Map<String, ApiBankItemResult> read(Path file) {
    return new ApiBankResultsFile(file).read();
  }

  /** Opens for appending (after repairing a torn last line). */
  public ResultsLog.Appender<ApiBankItemResult> appender() {
    return log.appender();
  }
}
