package dev.tooln1.activities.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void wilsonIntervalMatchesHandComputedValues() {
    // p = 0.5, n = 100: centre 0.5, half = 1.96*sqrt(0.0025 + 0.0000960)/1.0384 = 0.0961...
    Proportion p = Proportion.of(50, 100);
    assertThat(p.accuracy()).isEqualTo(0.5);
    assertThat(p.lower()).isCloseTo(0.40383, within(1e-4));
    assertThat(p.upper()).isCloseTo(0.59617, within(1e-4));
    // All correct out of 10: upper bound 1, lower 10/(10+3.8415) = 0.7225
    Proportion all = Proportion.of(10, 10);
    assertThat(all.upper()).isCloseTo(1.0, within(1e-12));
    assertThat(all.lower()).isCloseTo(0.72246, within(1e-4));
    Proportion none = Proportion.of(0, 10);
    assertThat(none.lower()).isCloseTo(0.0, within(1e-12));
    assertThat(none.upper()).isCloseTo(0.27754, within(1e-4));
  }

  @Test
  void mcNemarExactTestOnDiscordantPairs() {
    // 2 vs 10 discordant: P(X<=2 | Bin(12, .5)) = (1 + 12 + 66)/4096 = 79/4096; two-sided 158/4096
    assertThat(PairedComparison.exactTwoSided(2, 10)).isCloseTo(158.0 / 4096, within(1e-12));
    assertThat(PairedComparison.exactTwoSided(5, 5)).isEqualTo(1.0);
    assertThat(PairedComparison.exactTwoSided(0, 0)).isEqualTo(1.0);
    assertThat(PairedComparison.exactTwoSided(0, 1000)).isLessThan(1e-250);
  }

  @Test
  void pairedComparisonCountsOnlyDiscordantItems() {
    List<Boolean> a = new ArrayList<>();
    List<Boolean> b = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      a.add(i < 50);                 // A right on 0..49
      b.add(i < 40 || i >= 52);      // B right on 0..39 and 52..99
    }
    PairedComparison c = PairedComparison.of(a, b);
    assertThat(c.onlyA()).isEqualTo(10); // 40..49
    assertThat(c.onlyB()).isEqualTo(48); // 52..99
    assertThat(c.difference()).isCloseTo(0.38, within(1e-12));
    assertThat(c.pValue()).isLessThan(1e-6);
  }
}
