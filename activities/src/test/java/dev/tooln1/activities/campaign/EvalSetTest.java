package dev.tooln1.activities.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.activities.benchmarks.bfcl.BfclSuite;
import dev.tooln1.reward.bfcl.BfclCategory;
import org.junit.jupiter.api.Test;

class EvalSetTest {

  @Test
  void namesParseToTheirKindAndPartAndTravelAsUris() {
    EvalSet h = EvalSet.parse("heldout", 0);
    assertThat(h.kind()).isEqualTo(EvalSet.Kind.HELDOUT);
    assertThat(h.uri()).isEqualTo("set:heldout");
    assertThat(h.needsFullVocabulary()).isFalse();

    EvalSet b = EvalSet.parse("bfcl/live_simple", 5);
    assertThat(b.bfclCategories()).containsExactly(BfclCategory.LIVE_SIMPLE);
    assertThat(b.uri()).isEqualTo("set:bfcl/live_simple?limit=5");
    assertThat(b.slug()).isEqualTo("bfcl.live_simple.limit-5");
    assertThat(EvalSet.fromUri(b.uri())).contains(b);
    assertThat(EvalSet.fromSpec(b.spec())).isEqualTo(b);

    assertThat(EvalSet.parse("bfcl", 0).bfclCategories()).isEqualTo(BfclSuite.DEFAULT_CATEGORIES).hasSize(10);
    assertThat(EvalSet.parse("apibank/first-call", 0).part()).isEqualTo("first-call");
    assertThat(EvalSet.parse("APIBANK", 0).needsFullVocabulary()).isTrue();
  }

  @Test
  void aDataRefIsNoNamedSet() {
    assertThat(EvalSet.fromUri("data/manifest.json#eval")).isEmpty();
  }

  @Test
  void anUnknownNameListsEverySet() {
    assertThatThrownBy(() -> EvalSet.parse("held-out", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown evaluation set 'held-out'; known sets: heldout, bfcl, bfcl/simple_python,")
        .hasMessageContaining("apibank/one-user-turn");
    assertThatThrownBy(() -> EvalSet.parse("bfcl/nope", 0)).hasMessageContaining("unknown evaluation set 'bfcl/nope'");
    assertThatThrownBy(() -> EvalSet.parse("heldout/x", 0)).hasMessageContaining("unknown evaluation set");
    assertThatThrownBy(() -> EvalSet.parse("bfcl", -1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> EvalSet.fromUri("set:bfcl?top=3")).hasMessageContaining("only option is limit=N");
  }
}
