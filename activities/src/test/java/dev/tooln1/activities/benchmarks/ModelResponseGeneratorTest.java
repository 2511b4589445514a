package dev.tooln1.activities.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.model.template.ChatMessage;
import dev.tooln1.model.tokenizer.Tokenizer;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelResponseGeneratorTest {

  /** Ten tokens, the letters a..j; it refuses to decode any other id, as HfTokenizer does. */
  private static final class TenLetters implements Tokenizer {
    @Override
    public int[] encode(String text) {
      return text.chars().map(c -> Math.floorMod(c, 10)).toArray();
    }

    @Override
    public String decode(int[] ids) {
      StringBuilder sb = new StringBuilder();
      for (int id : ids) {
        if (id < 0 || id >= 10) {
          throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, 10)");
        }
        sb.append((char) ('a' + id));
      }
      return sb.toString();
    }

    @Override
    public OptionalInt tokenId(String token) {
      return OptionalInt.empty();
    }

    @Override
    public int vocabSize() {
      return 10;
    }

    @Override
    public int eosId() {
      return 9;
    }

    @Override
    public int padId() {
      return 0;
    }
  }

  @Test
  void idsOfEmbeddingRowsBeyondTheTokenizersVocabularyAreLeftOutOfTheText() {
    // 64 embedding rows for a 10-token tokenizer: most sampled ids are padding rows, which are no token.
    ModelConfig config = new ModelConfig(16, 1, 2, 1, 32, 64, 256, 10_000.0, 1e-6, true);
    ModelResponseGenerator gen = new ModelResponseGenerator(new TenLetters(),
        (messages, tools, generationPrompt) -> messages.get(0).content(),
        new Generator(new Qwen2Model(Qwen2Weights.random(config, 1, 0.5))),
        new SamplingParams(1.0, 1.0, 0, 40, Set.of(), 3), "tiny");
    List<String> out = gen.generate(List.of(new EvalPrompt("a", List.of(ChatMessage.user("hello")), List.of()),
        new EvalPrompt("b", List.of(ChatMessage.user("world")), List.of())));
    assertThat(out).hasSize(2);
    for (String text : out) {
      assertThat(text).matches("[a-j]*").hasSizeLessThan(40);
    }
  }
}
