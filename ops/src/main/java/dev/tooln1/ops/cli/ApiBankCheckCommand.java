package dev.tooln1.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.apibank.ApiBankEvaluator;
import dev.tooln1.activities.benchmarks.apibank.ApiBankItemResult;
import dev.tooln1.activities.benchmarks.apibank.ApiBankReportWriter;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunReport;
import dev.tooln1.activities.benchmarks.apibank.ApiBankRunner;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSample;
import dev.tooln1.activities.benchmarks.apibank.ApiBankSubsets;
import dev.tooln1.reward.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tooln1 apibank-check --responses F [--subset S] [--out R]}: scores model outputs produced
 * elsewhere on API-Bank level-1 (call mode) with the official execution-based checking and the official
 * denominator: a sample without a response counts as wrong, over all 399 samples unless {@code --subset}
 * names a smaller set to score over.
 */
@Command(
    name = "apibank-check",
    mixinStandardHelpOptions = true,
    description = {
        "Score API-Bank level-1 call outputs by executing them, as the official",
        "evaluator does. Responses: JSON Lines, one per sample,",
        "{\"file\": F, \"id\": N, \"response\": TEXT} or {\"sample\": \"F#N\", \"response\": TEXT}",
        "(F, N as in test-data/level-1-api.json). TEXT is a Tool-N1 output",
        "(<think>..</think><tool_call>[..]</tool_call>) or 'API-Request: [Name(k='v')]'.",
        "As officially, a sample without a response counts as wrong, over all 399",
        "samples; --subset scores over a smaller set instead (responses outside it",
        "are not scored), and the summary says which."})
public final class ApiBankCheckCommand implements Callable<Integer> {

  /** {@code --subset} value: only the samples that have a response. */
  static final String RESPONDED = ApiBankRunReport.Scope.RESPONDED;

  @Spec
  CommandSpec spec;

  @Option(names = "--responses", required = true, paramLabel = "FILE", description = "responses, JSON Lines")
  Path responses;

  @Option(names = "--subset", paramLabel = "NAME", defaultValue = "all",
      description = "the samples to score over: all (399, default), first-call (212), one-user-turn (61), or "
          + "responded (only those with a response: a partial run scored over its own samples)")
  String subset;

  @Option(names = "--out", paramLabel = "FILE", description = "write the full report (scope, scores and every item) as JSON")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (!RESPONDED.equals(subset)) {
      try {
        ApiBankSubsets.predicate(subset);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--subset: " + e.getMessage().replace(")", ", or " + RESPONDED + ")"));
      }
    }
    ApiBankEvaluator evaluator = ApiBankEvaluator.vendored();
    Map<String, String> byKey = read(evaluator);
    List<ApiBankSample> all = evaluator.samples();
    List<ApiBankSample> scored;
    ApiBankRunReport.Scope scope;
    if (RESPONDED.equals(subset)) {
      scored = all.stream().filter(s -> byKey.containsKey(s.key())).toList();
      scope = ApiBankRunReport.Scope.responded(scored.size(), all.size());
    } else {
      scored = ApiBankSubsets.select(all, subset, 0, 0);
      scope = ApiBankRunReport.Scope.of(subset, 0, 0, scored.size(), all.size());
    }
    Map<String, ApiBankItemResult> results = new LinkedHashMap<>();
    for (ApiBankSample s : scored) {
      String response = byKey.get(s.key());
      if (response != null) {
        results.put(s.key(), ApiBankRunner.judge(evaluator, s, response));
      }
    }
    ApiBankRunReport report = ApiBankRunReport.of(responses.getFileName().toString(), Map.of(), scope, scored, results);
    PrintWriter w = spec.commandLine().getOut();
    w.print(ApiBankReportWriter.summary(report));
    int outside = byKey.size() - report.judged();
    if (outside > 0) {
      w.printf("  (%d responses to samples outside the scored set are not scored)%n", outside);
    }
    w.flush();
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter()
          .writeValueAsString(ApiBankReportWriter.json(report)) + "\n", StandardCharsets.UTF_8);
    }
    return 0;
  }

  private Map<String, String> read(ApiBankEvaluator evaluator) {
    if (!Files.isRegularFile(responses)) {
      throw new UsageException(responses + ": no such file");
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(responses, StandardCharsets.UTF_8)) {
      int lineNo = 0;
      for (String line; (line = r.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String where = responses + ":" + lineNo + ": ";
        JsonNode row;
        try {
          row = Json.MAPPER.readTree(line);
        } catch (IOException e) {
          throw new UsageException(where + "not valid JSON");
        }
        if (row == null || !row.isObject()) {
          throw new UsageException(where + "expected a JSON object");
        }
        String key = keyOf(row, where);
        if (evaluator.sample(key).isEmpty()) {
          throw new UsageException(where + "unknown sample '" + key
              + "' (expected a file and id of test-data/level-1-api.json whose target is an API call)");
        }
        JsonNode response = row.get("response");
        if (response == null || !response.isTextual()) {
          throw new UsageException(where + "field 'response' must be a string");
        }
        if (byKey.put(key, response.textValue()) != null) {
          throw new UsageException(where + "second response for sample '" + key + "'");
        }
      }
    } catch (IOException e) {
      throw new UsageException(responses + ": cannot read: " + e.getMessage());
    }
    if (byKey.isEmpty()) {
      throw new UsageException(responses + ": no responses");
    }
    return byKey;
  }

  private static String keyOf(JsonNode row, String where) {
    JsonNode sample = row.get("sample");
    if (sample != null) {
      if (!sample.isTextual()) {
        throw new UsageException(where + "field 'sample' must be a string '<file>#<id>'");
      }
      return sample.textValue();
    }
    JsonNode file = row.get("file");
    JsonNode id = row.get("id");
    if (file == null || !file.isTextual()) {
      throw new UsageException(where + "field 'file' (string) or 'sample' is required");
    }
    if (id == null || !id.canConvertToInt() || !id.isIntegralNumber()) {
      throw new UsageException(where + "field 'id' must be an integer");
    }
    return ApiBankSample.key(file.textValue(), id.intValue());
  }
}
