package dev.tooln1.ops.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads chosen scalar fields of the objects of a JSON Lines file as a stream: arrays and nested
 * objects (token ids, log-probs) are skipped without being built, so a rollout line of hundreds of
 * kilobytes costs no more memory than its kept strings, and a single string longer than
 * {@link #MAX_STRING_CHARS} is an error rather than an allocation.
 */
final class JsonLinesScanner {

  static final int MAX_STRING_CHARS = 4 << 20;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_CHARS).build())
      .build();

  private JsonLinesScanner() {}

  /**
   * Calls {@code visitor} with the wanted scalar fields (String, Number, Boolean or null) of each
   * object in file order, until it returns false, {@code maxObjects} were read or the file ends.
   *
   * @throws IOException also when the file is not a sequence of JSON objects (e.g. cut mid-line)
   */
  static void scan(Path file, Set<String> fields, int maxObjects, Predicate<Map<String, Object>> visitor)
      throws IOException {
    try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
      for (int read = 0; read < maxObjects; read++) {
        JsonToken t = p.nextToken();
        if (t == null) {
          return;
        }
        if (t != JsonToken.START_OBJECT) {
          throw new IOException(file + ": object " + (read + 1) + " is not a JSON object");
        }
        Map<String, Object> values = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
            p.skipChildren();
          } else if (fields.contains(name)) {
            values.put(name, scalar(p, v));
          }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
          throw new IOException(file + ": object " + (read + 1) + " is cut short");
        }
        if (!visitor.test(values)) {
          return;
        }
      }
    }
  }

  private static Object scalar(JsonParser p, JsonToken v) throws IOException {
    return switch (v) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      default -> null;
    };
  }
}
