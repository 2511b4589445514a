package dev.tooln1.activities.campaign.prompts;

import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.template.QwenChatTemplate;
import dev.tooln1.model.tokenizer.HfTokenizer;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Tokenizers and chat templates of a worker, loaded once per location (a Qwen tokenizer takes
 * seconds to load). {@code vendored:qwen2.5} is the project's {@code data/qwen-tokenizer},
 * {@code vendored:X} the project's {@code data/X}.
 */
public final class TokenizerCache {

  public record Loaded(HfTokenizer tokenizer, ChatTemplate template) {}

  private final Map<Path, Loaded> loaded = new HashMap<>();

  public static Path locate(String spec) {
    if (spec == null || spec.equals("vendored:qwen2.5")) {
      return DataFiles.vendored(HfTokenizer.QWEN25_DIR);
    }
    if (spec.equals("vendored:qwen3")) {
      return DataFiles.vendored(HfTokenizer.QWEN3_DIR);
    }
    if (spec.startsWith("vendored:")) {
      return DataFiles.vendored(spec.substring("vendored:".length()));
    }
    return Path.of(spec).toAbsolutePath().normalize();
  }

  public synchronized Loaded get(Path location) throws IOException {
    Loaded l = loaded.get(location);
    if (l == null) {
      HfTokenizer tok = HfTokenizer.load(location);
      Path dir = Files.isDirectory(location) ? location : location.getParent();
      Path config = dir.resolve("tokenizer_config.json");
      ChatTemplate template = Files.isRegularFile(config)
          ? QwenChatTemplate.fromTokenizerConfig(config) : QwenChatTemplate.qwen25();
      l = new Loaded(tok, template);
      loaded.put(location, l);
    }
    return l;
  }
}
