package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiBankSubsetsTest {

  private static List<ApiBankSample> all;

  @BeforeAll
  static void load() {
    all = ApiBankDataset.vendored().samples();
  }

  @Test
  void theNamedSubsetsHaveTheirKnownSizes() {
    assertThat(ApiBankSubsets.NAMES).containsExactly("all", "first-call", "one-user-turn");
    assertThat(ApiBankSubsets.select(all, "all", 0, 0)).isEqualTo(all);
    assertThat(ApiBankSubsets.select(all, "first-call", 0, 0)).hasSize(212).allMatch(ApiBankSample::firstCallOfDialog);
    assertThat(ApiBankSubsets.select(all, "one-user-turn", 0, 0)).hasSize(61).allMatch(s -> s.userTurns() == 1);
  }

  @Test
  void limitedSamplesAreNestedInDatasetOrderAndDependOnTheSeed() {
    for (String subset : ApiBankSubsets.NAMES) {
      List<ApiBankSample> members = ApiBankSubsets.select(all, subset, 0, 0);
      List<ApiBankSample> previous = List.of();
      for (int limit : new int[] {1, 5, 20, 50, 60}) {
        List<ApiBankSample> sample = ApiBankSubsets.select(all, subset, limit, 11);
        assertThat(sample).hasSize(Math.min(limit, members.size()));
        assertThat(sample).containsAll(previous);
        assertThat(sample).isSubsetOf(members);
        // dataset order
        assertThat(sample.stream().map(members::indexOf).toList()).isSorted();
        assertThat(ApiBankSubsets.select(all, subset, limit, 11)).isEqualTo(sample);
        previous = sample;
      }
      assertThat(ApiBankSubsets.select(all, subset, 20, 12)).isNotEqualTo(ApiBankSubsets.select(all, subset, 20, 11));
      assertThat(ApiBankSubsets.select(all, subset, 1000, 11)).isEqualTo(members);
    }
  }

  @Test
  void anUnknownSubsetOrANegativeLimitIsRefusedListingTheNames() {
    assertThatThrownBy(() -> ApiBankSubsets.select(all, "multi-turn", 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown API-Bank subset 'multi-turn' (expected one of all, first-call, one-user-turn)");
    assertThatThrownBy(() -> ApiBankSubsets.select(all, "all", -1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be >= 0 (0 = all), got -1");
  }

  @Test
  void theScopeSaysWhetherItIsTheWholeSet() {
    assertThat(ApiBankRunReport.Scope.of("all", 0, 0, 399, 399).wholeSet()).isTrue();
    ApiBankRunReport.Scope limited = ApiBankRunReport.Scope.of("all", 50, 3, 50, 399);
    assertThat(limited.wholeSet()).isFalse();
    assertThat(limited.description()).isEqualTo("50 of 399 level-1 samples, a seeded sample (seed 3)");
    assertThat(ApiBankRunReport.Scope.of("first-call", 0, 3, 212, 399).description())
        .isEqualTo("212 of 399 level-1 samples: first call of each dialog");
  }
}
