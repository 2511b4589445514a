package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiBankReportWriterTest {

  private static ApiBankEvaluator evaluator;
  private static ApiBankRunner runner;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    evaluator = ApiBankEvaluator.vendored();
    runner = new ApiBankRunner(evaluator, new ApiBankRunnerTest.RecordingGenerator(Map.of()), 1);
  }

  /** Gold responses for the first {@code n} samples of {@code scored}, {@code broken} of them replaced by junk. */
  private static Map<String, ApiBankItemResult> results(List<ApiBankSample> scored, int n, int broken) {
    Map<String, ApiBankItemResult> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      ApiBankSample s = scored.get(i);
      out.put(s.key(), runner.judge(s, i < broken ? "I would rather not." : s.expectedOutput()));
    }
    return out;
  }

  @Test
  void oneRunInJsonMarkdownAndHtmlWithItsScopeAndMissingSamples() throws Exception {
    List<ApiBankSample> firstCalls = ApiBankSubsets.select(evaluator.samples(), ApiBankSubsets.FIRST_CALL, 0, 0);
    Map<String, ApiBankItemResult> partial = results(firstCalls, 100, 10);
    int correct = (int) partial.values().stream().filter(ApiBankItemResult::correct).count();
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("model", "/ckpt/<step-1>");
    ApiBankRunReport r = ApiBankRunReport.of("step-1", provenance,
        ApiBankRunReport.Scope.of(ApiBankSubsets.FIRST_CALL, 0, 0, 212, 399), firstCalls, partial);
    List<Path> files = ApiBankReportWriter.writeAll(List.of(r), tmp);
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("report.json", "report.md", "report.html");

    JsonNode run = Json.parse(Files.readString(tmp.resolve("report.json"))).get("runs").get(0);
    assertThat(run.get("n").asInt()).isEqualTo(212);
    assertThat(run.get("judged").asInt()).isEqualTo(100);
    assertThat(run.get("missing").asInt()).isEqualTo(112);
    assertThat(run.at("/scope/whole_set").asBoolean()).isFalse();
    assertThat(run.at("/scope/scored_over").asInt()).isEqualTo(212);
    assertThat(run.at("/overall/correct").asInt()).isEqualTo(correct);
    assertThat(run.at("/overall/total").asInt()).isEqualTo(212);
    assertThat(run.at("/subsets/first-call/total").asInt()).isEqualTo(212);
    assertThat(run.at("/failures/no result (counted wrong)").asInt()).isEqualTo(112);
    assertThat(run.at("/failures/no call").asInt()).isEqualTo(10);
    assertThat(run.get("items")).hasSize(100);

    String md = Files.readString(tmp.resolve("report.md"));
    assertThat(md).contains("## step-1").contains("- model: /ckpt/<step-1>")
        .contains("- scored over 212 of 399 level-1 samples: first call of each dialog; 100 judged, 112 without a "
            + "result (counted wrong)")
        .contains("- not the whole level-1 set")
        .contains("| overall | " + correct + " | 212 | ")
        .contains("| first-call (first call of each dialog) | " + correct + " | 212 |")
        .contains("| no result (counted wrong) | 112 |");

    String html = Files.readString(tmp.resolve("report.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("model: /ckpt/&lt;step-1&gt;")
        .doesNotContain("<step-1>").doesNotContain("<script").doesNotContain("http");
  }

  @Test
  void twoRunsArePairedOnTheSamplesBothJudged() throws Exception {
    List<ApiBankSample> all = evaluator.samples();
    ApiBankRunReport.Scope scope = ApiBankRunReport.Scope.of(ApiBankSubsets.ALL, 0, 0, 399, 399);
    // the baseline fails its first 30, the later run answers 200 samples, all gold
    Map<String, ApiBankItemResult> base = results(all, 399, 30);
    Map<String, ApiBankItemResult> later = results(all, 200, 0);
    ApiBankRunReport a = ApiBankRunReport.of("step-0", Map.of(), scope, all, base);
    ApiBankRunReport b = ApiBankRunReport.of("step-<9>", Map.of(), scope, all, later);
    ApiBankComparison c = ApiBankComparison.of(a, b);
    int goldRightInFirst30 = (int) all.subList(0, 30).stream().filter(s -> later.get(s.key()).correct()).count();
    assertThat(c.paired().n()).isEqualTo(200);
    assertThat(c.paired().onlyA()).isZero();
    assertThat(c.paired().onlyB()).isEqualTo(goldRightInFirst30);
    assertThat(c.runOnShared().correct() - c.baselineOnShared().correct()).isEqualTo(goldRightInFirst30);

    ApiBankReportWriter.writeAll(List.of(a, b), tmp);
    JsonNode json = Json.parse(Files.readString(tmp.resolve("report.json")));
    assertThat(json.get("runs")).hasSize(2);
    JsonNode paired = json.get("paired_vs_first").get(0);
    assertThat(paired.get("shared_samples").asInt()).isEqualTo(200);
    assertThat(paired.get("only_run_correct").asInt()).isEqualTo(goldRightInFirst30);
    assertThat(paired.get("p_value").asDouble()).isLessThan(0.001);
    String md = Files.readString(tmp.resolve("report.md"));
    assertThat(md).contains("## Comparison").contains("| | step-0 | step-<9> |")
        .contains("step-<9> vs step-0: 200 shared samples");
    String html = Files.readString(tmp.resolve("report.html"));
    assertThat(html).contains("<th>step-0</th><th>step-&lt;9&gt;</th>").contains("<li>step-&lt;9&gt; vs step-0: 200 shared")
        .doesNotContain("step-<9>");
  }
}
