package dev.tooln1.activities.benchmarks;

import dev.tooln1.model.nn.Generation;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Answers with a model: each prompt rendered by a chat template (with a generation prompt), encoded,
 * sampled in one batch by the {@link Generator} (greedy unless the params say otherwise), and the
 * generated ids decoded without the stop token. With sampling, each item's random stream is seeded
 * from the run seed and the item's id.
 */
public final class ModelResponseGenerator implements ResponseGenerator {

  private final Tokenizer tokenizer;
  private final ChatTemplate template;
  private final Generator generator;
  private final SamplingParams params;
  private final String description;

  public ModelResponseGenerator(Tokenizer tokenizer, ChatTemplate template, Generator generator,
      SamplingParams params, String description) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.template = Objects.requireNonNull(template, "template");
    this.generator = Objects.requireNonNull(generator, "generator");
    this.params = Objects.requireNonNull(params, "params");
    this.description = description;
  }

  /** The prompt text a model sees for {@code prompt}. */
  public String render(EvalPrompt prompt) {
    return template.render(prompt.messages(), prompt.tools(), true);
  }

  @Override
  public List<String> generate(List<EvalPrompt> prompts) {
    List<String> texts = new ArrayList<>(prompts.size());
    for (EvalPrompt p : prompts) {
      texts.add(render(p));
    }
    // Each item samples from a stream seeded by the run seed and its id, so a sampled response does not
    // depend on the batch it fell in (nor on resuming).
    long[] seeds = new long[prompts.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = new SplittableRandom(params.seed() ^ (0x9E3779B97F4A7C15L * prompts.get(i).id().hashCode())).nextLong();
    }
    List<Generation> generations = generator.generate(tokenizer.encodeBatch(texts), params, seeds);
    List<String> out = new ArrayList<>(generations.size());
    for (Generation g : generations) {
      int[] ids = g.generatedIds();
      if (g.finishReason() == Generation.FinishReason.STOP && ids.length > 0) {
        ids = Arrays.copyOf(ids, ids.length - 1);
      }
      out.add(tokenizer.decode(knownTokens(ids)));
    }
    return out;
  }

  /**
   * The ids the tokenizer has. A checkpoint's embedding may have more rows than the tokenizer has tokens
   * (Qwen2.5 pads 151,665 tokens to 151,936 rows); a model can sample such a padding row, which is no
   * token, so it is left out of the text, as Hugging Face's decode skips ids it does not know.
   */
  private int[] knownTokens(int[] ids) {
    int vocab = tokenizer.vocabSize();
    int known = 0;
    for (int id : ids) {
      if (id >= 0 && id < vocab) {
        known++;
      }
    }
    if (known == ids.length) {
      return ids;
    }
    int[] out = new int[known];
    int k = 0;
    for (int id : ids) {
      if (id >= 0 && id < vocab) {
        out[k++] = id;
      }
    }
    return out;
  }

  @Override
  public String describe() {
    String sampling = params.isGreedy() ? "greedy" : "temperature " + params.temperature() + ", top_p " + params.topP();
    return description + " (" + sampling + ", max " + params.maxNewTokens() + " new tokens)";
  }
}
