package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SearchEngine's BM25 ranking picks the same two documents as the official API (rank_bm25) does. */
class SearchEngineTest {

  @Test
  void topTwoDocumentsMatchTheOfficialRanking() {
    // expected titles produced by the official SearchEngine API (rank_bm25 0.2.2) on the vendored database
    Map<String, List<String>> expected = Map.of(
        "the sustainable development", List.of("What Are the Sustainable Development Goals?",
            "Role of Education in Achieving the Sustainable Development Goals"),
        "artificial intelligence society", List.of("Impact of Artificial Intelligence on Society",
            "How Artificial Intelligence is Changing Business"),
        "5g technology", List.of("Rise of 5G Technology", "Blockchain Technology and its Applications"),
        "climate change", List.of("Role of Technology in Climate Change", "Impact of Climate Change on Health"),
        "quantum computing", List.of("Potential of Quantum Computing and AI", "Impact of Artificial Intelligence on Society"),
        "healthy diet", List.of("Benefits of a Mediterranean Diet", "Role of Nutrition in Cancer Prevention"),
        "blockchain", List.of("Blockchain Technology and its Applications", "Impact of Artificial Intelligence on Society"),
        "zzzz", List.of("Impact of Artificial Intelligence on Society", "Rise of 5G Technology"));
    ApiBankEvaluator ev = ApiBankEvaluator.vendored();
    ApiDefinition search = new ApiRegistry().find("SearchEngine").orElseThrow();
    expected.forEach((query, titles) -> {
      Map<String, Object> result = search.call(Map.of("keyword", query), ev.freshWorld());
      List<?> docs = (List<?>) result.get("output");
      assertThat(docs.stream().map(d -> ((Map<?, ?>) d).get("title")).toList()).as(query).isEqualTo(titles);
    });
  }
}
