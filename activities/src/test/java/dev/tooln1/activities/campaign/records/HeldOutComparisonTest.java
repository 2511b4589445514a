package dev.tooln1.activities.campaign.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutComparisonTest {

  @TempDir
  Path dir;

  private void report(String name, String evalSet, String verdicts) throws Exception {
    long correct = verdicts.chars().filter(c -> c == '1').count();
    Files.createDirectories(dir.resolve("eval"));
    // the first 8 tasks need a call, the rest need none
    long callsRight = verdicts.substring(0, Math.min(8, verdicts.length())).chars().filter(c -> c == '1').count();
    Files.writeString(dir.resolve("eval").resolve(name), "{\"eval_set\": \"" + evalSet + "\", \"examples\": "
        + verdicts.length() + ", \"correct\": " + correct + ", \"verdicts\": \"" + verdicts + "\", \"by_kind\": "
        + "{\"call\": {\"examples\": " + Math.min(8, verdicts.length()) + ", \"correct\": " + callsRight + "}, "
        + "\"no_call\": {\"examples\": " + Math.max(0, verdicts.length() - 8) + ", \"correct\": "
        + (correct - callsRight) + "}}}\n");
  }

  @Test
  void comparesTheBaselineWithTheLatestEvaluationPairwise() throws Exception {
    // 10 tasks: baseline right on 0-2, later right on 1-7 -> only baseline: task 0; only later: 3-7
    report("baseline-step-000000.json", "data/validation", "1110000000");
    report("step-5-step-000005.json", "data/validation", "0110000000");
    report("step-10-step-000010.json", "data/validation", "0111111100");
    report("final-step-000010.json", "data/validation", "0111111100");

    HeldOutComparison c = HeldOutComparison.read(dir).orElseThrow();

    assertThat(c.baseline().correct()).isEqualTo(3);
    assertThat(c.last().correct()).isEqualTo(7);
    assertThat(c.finalStep()).isEqualTo(10);
    assertThat(c.finalLabel()).isEqualTo("final");
    var p = c.paired().orElseThrow();
    assertThat(p.onlyA()).isEqualTo(1);
    assertThat(p.onlyB()).isEqualTo(5);
    assertThat(p.difference()).isCloseTo(0.4, within(1e-12));
    // exact two-sided binomial: 2 * P(X <= 1), X ~ Bin(6, 1/2) = 2 * 7/64
    assertThat(p.pValue()).isCloseTo(14.0 / 64, within(1e-12));
    assertThat(c.describe("SFT", "GRPO")).anyMatch(l -> l.contains("no significant difference"))
        .anyMatch(l -> l.contains("need a call (8)") && l.contains("37.5% ->  87.5%"))
        .anyMatch(l -> l.contains("no tool fits (2)") && l.contains("0.0% ->   0.0%"));
  }

  @Test
  void doesNotPairReportsOnDifferentEvalSets() throws Exception {
    report("baseline-step-000000.json", "data/a", "10");
    report("step-2-step-000002.json", "data/b", "11");

    assertThat(HeldOutComparison.read(dir).orElseThrow().paired()).isEmpty();
  }

  @Test
  void isEmptyWithoutABaselineOrALaterEvaluation() throws Exception {
    assertThat(HeldOutComparison.read(dir)).isEmpty();
    report("baseline-step-000000.json", "data/a", "10");
    assertThat(HeldOutComparison.read(dir)).isEmpty();
    report("step-3-step-000003.json", "data/a", "11");
    assertThat(HeldOutComparison.read(dir)).isPresent();
  }
}
