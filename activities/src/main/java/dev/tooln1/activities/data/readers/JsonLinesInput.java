package dev.tooln1.activities.data.readers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.data.DropReason;
import dev.tooln1.activities.data.TaskSink;
import dev.tooln1.reward.io.JsonLinesReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The JSON Lines loop every reader shares: blank lines skipped, each other line parsed, a line that
 * is not JSON dropped as {@link DropReason#MALFORMED_LINE} with its {@code file:line}, never fatal.
 */
final class JsonLinesInput {

  interface LineHandler {
    void handle(JsonNode node, String where);
  }

  private JsonLinesInput() {}

  static void forEach(BufferedReader r, Path file, TaskSink sink, LineHandler handler) throws IOException {
    String name = file.getFileName().toString();
    JsonLinesReader.forEach(r,
        (line, e) -> sink.drop(DropReason.MALFORMED_LINE, name + ":" + line, "not JSON: " + e.getMessage()),
        (line, node) -> handler.handle(node, name + ":" + line));
  }
}
