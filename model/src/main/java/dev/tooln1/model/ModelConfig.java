package dev.tooln1.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shape of a Qwen2-architecture decoder, as in a Hugging Face {@code config.json}.
 *
 * @param vocabSize rows of the embedding / lm_head (151,936 for Qwen2.5; smaller for trimmed vocabularies)
 */
public record ModelConfig(
    int hiddenSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int intermediateSize,
    int vocabSize,
    int maxPositions,
    double ropeTheta,
    double rmsNormEps,
    boolean tieWordEmbeddings) {

  /** Published shapes and small shapes for CPU tests and the demo. */
  public static final Map<String, ModelConfig> PRESETS = Map.of(
      "qwen2.5-0.5b", new ModelConfig(896, 24, 14, 2, 4864, 151_936, 32_768, 1_000_000.0, 1e-6, true),
      "qwen2.5-1.5b", new ModelConfig(1536, 28, 12, 2, 8960, 151_936, 32_768, 1_000_000.0, 1e-6, true),
      "qwen2.5-7b", new ModelConfig(3584, 28, 28, 4, 18_944, 152_064, 32_768, 1_000_000.0, 1e-6, false),
      // For unit tests: every code path (GQA with 2 query heads per KV head, biases, tied lm_head).
      "tiny", new ModelConfig(64, 2, 4, 2, 128, 512, 512, 10_000.0, 1e-6, true),
      // The same shape for the full Qwen2.5 vocabulary (set from the tokenizer) and benchmark-length
      // prompts (BFCL and API-Bank prompts run to thousands of tokens): every evaluation path on CPU.
      "tiny-full", new ModelConfig(64, 2, 4, 2, 128, 151_936, 32_768, 1_000_000.0, 1e-6, true),
      // The CPU demo's model (shape measured as workable in shared/DEMO-NOTES.md); vocab is the
      // trimmed Qwen2.5 vocabulary of the synthetic corpus and is set from it.
      "demo", new ModelConfig(192, 3, 6, 2, 768, 1024, 1024, 10_000.0, 1e-6, true));

  public ModelConfig {
    List<String> problems = problems(hiddenSize, numLayers, numHeads, numKvHeads, intermediateSize,
        vocabSize, maxPositions, ropeTheta, rmsNormEps);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid model config: " + String.join("; ", problems));
    }
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }

  public ModelConfig withVocabSize(int newVocabSize) {
    return new ModelConfig(hiddenSize, numLayers, numHeads, numKvHeads, intermediateSize, newVocabSize,
        maxPositions, ropeTheta, rmsNormEps, tieWordEmbeddings);
  }

  /** Parameter count, biases and norms included. */
  public long parameterCount() {
    long d = hiddenSize;
    long kv = (long) numKvHeads * headDim();
    long attn = d * d + d + 2 * (d * kv + kv) + d * d;
    long mlp = 3 * d * intermediateSize;
    long layer = attn + mlp + 2 * d;
    long embed = (long) vocabSize * d;
    return embed + numLayers * layer + d + (tieWordEmbeddings ? 0 : embed);
  }

  public static ModelConfig preset(String name) {
    ModelConfig c = PRESETS.get(name.toLowerCase(Locale.ROOT));
    if (c == null) {
      throw new IllegalArgumentException("unknown model preset '" + name + "'; known: "
          + PRESETS.keySet().stream().sorted().toList());
    }
    return c;
  }

  /** Reads a Hugging Face Qwen2 {@code config.json}. */
  public static ModelConfig fromHfConfig(Path configJson) throws IOException {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(Files.readString(configJson));
    } catch (IOException e) {
      throw new IOException(configJson + ": not valid JSON: " + e.getMessage(), e);
    }
    try {
      return fromHfJson(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configJson + ": " + e.getMessage(), e);
    }
  }

  public static ModelConfig fromHfJson(JsonNode n) {
    int heads = intField(n, "num_attention_heads", null);
    return new ModelConfig(
        intField(n, "hidden_size", null),
        intField(n, "num_hidden_layers", null),
        heads,
        intField(n, "num_key_value_heads", heads),
        intField(n, "intermediate_size", null),
        intField(n, "vocab_size", null),
        intField(n, "max_position_embeddings", 32_768),
        doubleField(n, "rope_theta", 10_000.0),
        doubleField(n, "rms_norm_eps", 1e-6),
        n.path("tie_word_embeddings").asBoolean(false));
  }

  /** The Hugging Face {@code config.json} content for this shape. */
  public ObjectNode toHfJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.putArray("architectures").add("Qwen2ForCausalLM");
    o.put("model_type", "qwen2");
    o.put("hidden_act", "silu");
    o.put("hidden_size", hiddenSize);
    o.put("num_hidden_layers", numLayers);
    o.put("num_attention_heads", numHeads);
    o.put("num_key_value_heads", numKvHeads);
    o.put("intermediate_size", intermediateSize);
    o.put("vocab_size", vocabSize);
    o.put("max_position_embeddings", maxPositions);
    o.put("rope_theta", ropeTheta);
    o.put("rms_norm_eps", rmsNormEps);
    o.put("tie_word_embeddings", tieWordEmbeddings);
    o.put("torch_dtype", "float32");
    return o;
  }

  private static int intField(JsonNode n, String key, Integer dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      if (dflt == null) {
        throw new IllegalArgumentException("missing field '" + key + "'");
      }
      return dflt;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("field '" + key + "' must be an integer, got " + v);
    }
    return v.intValue();
  }

  private static double doubleField(JsonNode n, String key, double dflt) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field '" + key + "' must be a number, got " + v);
    }
    return v.doubleValue();
  }

  private static List<String> problems(int d, int layers, int heads, int kv, int inter, int vocab,
      int maxPos, double theta, double eps) {
    List<String> p = new ArrayList<>();
    if (d <= 0) p.add("hidden_size must be > 0");
    if (layers <= 0) p.add("num_hidden_layers must be > 0");
    if (heads <= 0) p.add("num_attention_heads must be > 0");
    if (kv <= 0) p.add("num_key_value_heads must be > 0");
    if (heads > 0 && d % heads != 0) p.add("hidden_size " + d + " not divisible by num_attention_heads " + heads);
    if (heads > 0 && kv > 0 && heads % kv != 0) p.add("num_attention_heads " + heads + " not divisible by num_key_value_heads " + kv);
    if (heads > 0 && d > 0 && d % heads == 0 && (d / heads) % 2 != 0) p.add("head dim " + (d / heads) + " must be even for rotary embeddings");
    if (inter <= 0) p.add("intermediate_size must be > 0");
    if (vocab <= 0) p.add("vocab_size must be > 0");
    if (maxPos <= 0) p.add("max_position_embeddings must be > 0");
    if (!(theta > 0)) p.add("rope_theta must be > 0");
    if (!(eps > 0)) p.add("rms_norm_eps must be > 0");
    return p;
  }
}
