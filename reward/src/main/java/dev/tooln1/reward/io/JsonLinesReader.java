package dev.tooln1.reward.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import java.io.BufferedReader;
import java.io.IOException;

/**
 * The JSON Lines loop every reader of the project shares: lines counted from 1, blank lines skipped,
 * each other line parsed with {@link Json#parse}. What a line that is not JSON means is the caller's
 * to say: a strict reader throws its own error naming file and line, a lenient one records the line
 * as dropped and returns, and the loop goes on with the next line.
 */
public final class JsonLinesReader {

  /** Receives each parsed line with its 1-based line number. */
  @FunctionalInterface
  public interface LineHandler {
    void accept(int line, JsonNode node);
  }

  /** A line that is not JSON: throw to stop reading, or return to skip it. */
  @FunctionalInterface
  public interface NotJsonHandler {
    void notJson(int line, IllegalArgumentException parseError);
  }

  private JsonLinesReader() {}

  public static void forEach(BufferedReader reader, NotJsonHandler notJson, LineHandler handler) throws IOException {
    String text;
    int line = 0;
    while ((text = reader.readLine()) != null) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.parse(text);
      } catch (IllegalArgumentException e) {
        notJson.notJson(line, e);
        continue;
      }
      handler.accept(line, node);
    }
  }
}
