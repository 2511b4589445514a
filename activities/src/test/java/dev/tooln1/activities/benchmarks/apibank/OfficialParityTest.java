package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Verdict parity with the official Python evaluator on 8,786 perturbed gold calls (wrong API, dropped,
 * extra, padded, re-cased, shortened, emptied values, other date formats, non-integers, double quotes,
 * bare numbers). The fixture was produced by running API-Bank's own {@code evaluator.py} at commit
 * 483554e (fresh ToolManager per call, as officially); see docs/apibank.md. Samples of
 * Dictionary, Translate (network) and SearchEngine (NLTK tokenizer) are not in it.
 */
class OfficialParityTest {

  @Test
  void everyPerturbedCallGetsTheOfficialVerdict() throws Exception {
    ApiBankEvaluator ev = ApiBankEvaluator.vendored();
    List<String> mismatches = new ArrayList<>();
    int n = 0;
    int correct = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        getClass().getResourceAsStream("/apibank/official-verdicts.jsonl.gz")), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode row = Json.MAPPER.readTree(line);
        ApiBankSample s = ev.sample(row.path("sample").asText()).orElseThrow();
        ApiBankVerdict v = ev.judge(s, row.path("call").asText());
        n++;
        correct += v.correct() ? 1 : 0;
        if (v.correct() != row.path("correct").asBoolean()) {
          mismatches.add(row.path("sample").asText() + " " + row.path("kind").asText() + " " + row.path("call").asText()
              + " official=" + row.path("correct").asBoolean() + " ours: " + v.reason());
        }
      }
    }
    assertThat(n).isEqualTo(8786);
    assertThat(correct).isEqualTo(1945);
    assertThat(mismatches).isEmpty();
  }
}
