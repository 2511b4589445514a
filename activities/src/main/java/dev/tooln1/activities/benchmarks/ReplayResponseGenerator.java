package dev.tooln1.activities.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.io.DataFiles;
import dev.tooln1.reward.io.JsonLinesReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers with responses recorded elsewhere: a JSON Lines file of {@code {"id", "result"}} (the key
 * {@code "response"} is accepted too), the result being the model's raw text. It scores another
 * model's outputs with this evaluator, and drives the pipeline in tests.
 */
public final class ReplayResponseGenerator implements ResponseGenerator {

  private final Path source;
  private final Map<String, String> responses;

  public ReplayResponseGenerator(Path source, Map<String, String> responses) {
    this.source = source;
    this.responses = Map.copyOf(responses);
  }

  /**
   * @throws IllegalArgumentException naming file and line on a malformed line, a missing field or a
   *     repeated id
   */
  public static ReplayResponseGenerator fromJsonl(Path file) {
    if (DataFiles.resolve(file).isEmpty()) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    Map<String, String> out = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    try (BufferedReader reader = DataFiles.openReader(file)) {
      JsonLinesReader.forEach(reader, (line, e) -> {
        throw new IllegalArgumentException(file + ":" + line + ": not JSON: " + e.getMessage(), e);
      }, (line, node) -> {
        String where = file + ":" + line + ": ";
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual()) {
          throw new IllegalArgumentException(where + "missing string field 'id'");
        }
        JsonNode result = node.has("result") ? node.get("result") : node.get("response");
        if (result == null || !result.isTextual()) {
          throw new IllegalArgumentException(where + "missing string field 'result' (the model's text)");
        }
        Integer previous = lineOf.put(id.asText(), line);
        if (previous != null) {
          throw new IllegalArgumentException(where + "id '" + id.asText() + "' already given on line " + previous);
        }
        out.put(id.asText(), result.asText());
      });
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
    return new ReplayResponseGenerator(file, out);
  }

  /** @throws IllegalArgumentException when some prompt has no recorded response */
  @Override
  public List<String> generate(List<EvalPrompt> prompts) {
    List<String> out = new ArrayList<>(prompts.size());
    for (EvalPrompt p : prompts) {
      String r = responses.get(p.id());
      if (r == null) {
        throw new IllegalArgumentException(source + ": no response for id '" + p.id() + "'");
      }
      out.add(r);
    }
    return out;
  }

  public boolean has(String id) {
    return responses.containsKey(id);
  }

  @Override
  public String describe() {
    return "replay of " + source;
  }
}
