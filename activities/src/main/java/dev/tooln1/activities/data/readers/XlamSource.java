package dev.tooln1.activities.data.readers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.data.DropReason;
import dev.tooln1.activities.data.Message;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.data.TaskSink;
import dev.tooln1.activities.data.TaskSource;
import dev.tooln1.activities.store.Sha256;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.ToolSpec;
import dev.tooln1.reward.io.DataFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads xLAM-function-calling-60k: records {@code {"id", "query", "tools", "answers"}} where
 * {@code tools} and {@code answers} are JSON lists, usually stored as JSON strings. The published file
 * is one JSON array; JSON Lines is accepted too.
 *
 * <p>xLAM describes parameters as {@code {"p": {"type": "str, optional", "description", "default"}}};
 * they become a JSON schema {@code {"type": "object", "properties": {...}, "required": [...]}} with
 * Python type names mapped ({@code str}→string, {@code int}→integer, {@code float}→number,
 * {@code bool}→boolean, {@code List[..]}→array, {@code Dict[..]}→object; others left untyped) and
 * every parameter not marked {@code optional} required. Each record is one single-turn task.
 */
public final class XlamSource implements TaskSource {

  private final Path file;
  private final String name;

  public XlamSource(Path file, String name) {
    this.file = file;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() throws IOException {
    return "sha256:" + Sha256.ofDataFile(file);
  }

  /** Lines of a JSON Lines file; unknown for the published single JSON array. */
  @Override
  public long expectedUnits() throws IOException {
    try (java.io.Reader r = DataFiles.openReader(file)) {
      int c;
      do {
        c = r.read();
      } while (c >= 0 && Character.isWhitespace(c));
      if (c == '[') {
        return -1;
      }
    }
    return Sha256.countLines(file);
  }

  @Override
  public void read(TaskSink sink) throws IOException {
    try (PushbackReader r = new PushbackReader(DataFiles.openReader(file), 1)) {
      int c;
      do {
        c = r.read();
      } while (c >= 0 && Character.isWhitespace(c));
      if (c < 0) {
        return;
      }
      r.unread(c);
      if (c == '[') {
        readArray(r, sink);
      } else {
        readLines(new BufferedReader(r), sink);
      }
    }
  }

  private void readArray(PushbackReader r, TaskSink sink) throws IOException {
    String where = file.getFileName().toString();
    try (JsonParser p = Json.MAPPER.getFactory().createParser(r)) {
      p.nextToken(); // START_ARRAY
      ObjectReader one = Json.MAPPER.readerFor(JsonNode.class)
          .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      int index = 0;
      while (p.nextToken() == JsonToken.START_OBJECT) {
        JsonNode rec = one.readValue(p);
        convert(rec, where + "[" + index + "]", sink);
        sink.unitDone();
        index++;
      }
    } catch (IOException e) {
      sink.drop(DropReason.MALFORMED_LINE, where, "JSON array ends badly: " + e.getMessage());
    }
  }

  private void readLines(BufferedReader r, TaskSink sink) throws IOException {
    JsonLinesInput.forEach(r, file, sink, (rec, where) -> {
      convert(rec, where, sink);
      sink.unitDone();
    });
  }

  private void convert(JsonNode rec, String where, TaskSink sink) {
    JsonNode id = rec.get("id");
    JsonNode query = rec.get("query");
    if (id == null || !(id.isNumber() || id.isTextual()) || query == null || !query.isTextual()) {
      sink.drop(DropReason.MALFORMED_LINE, where, "needs 'id' and a string 'query'");
      return;
    }
    String recordId = name + "-" + id.asText();
    List<ToolSpec> tools;
    try {
      tools = new ArrayList<>();
      for (JsonNode t : jsonList(rec.get("tools"), "tools")) {
        tools.add(toolSpec(t));
      }
    } catch (IllegalArgumentException e) {
      sink.drop(DropReason.TOOLS_UNPARSEABLE, where + " (" + recordId + ")", e.getMessage());
      return;
    }
    List<ToolCall> answers;
    try {
      answers = ToolCall.listFromJson(jsonList(rec.get("answers"), "answers"));
    } catch (IllegalArgumentException e) {
      sink.drop(DropReason.CALL_UNPARSEABLE, where + " (" + recordId + ")", e.getMessage());
      return;
    }
    sink.accept(new TaskRecord(recordId, name, tools, List.of(Message.user(query.asText())), answers));
  }

  /** A list given either as JSON or as a string holding JSON. */
  private static JsonNode jsonList(JsonNode v, String field) {
    if (v != null && v.isTextual()) {
      v = Json.parse(v.asText());
    }
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("'" + field + "' is not a JSON list");
    }
    return v;
  }

  static ToolSpec toolSpec(JsonNode t) {
    if (!t.isObject() || !t.path("name").isTextual()) {
      throw new IllegalArgumentException("a tool has no string 'name'");
    }
    JsonNode params = t.get("parameters");
    if (params == null || params.isNull()) {
      return new ToolSpec(t.get("name").asText(), t.path("description").asText(""), null);
    }
    if (!params.isObject()) {
      throw new IllegalArgumentException("tool '" + t.get("name").asText() + "': 'parameters' is not an object");
    }
    if (params.path("properties").isObject() && params.path("type").isTextual()) {
      return ToolSpec.fromJson(t); // already a JSON schema
    }
    ObjectNode schema = Json.MAPPER.createObjectNode();
    schema.put("type", "object");
    ObjectNode props = schema.putObject("properties");
    ArrayNode required = Json.MAPPER.createArrayNode();
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      if (!e.getValue().isObject()) {
        throw new IllegalArgumentException("parameter '" + e.getKey() + "' is not an object");
      }
      ObjectNode p = ((ObjectNode) e.getValue()).deepCopy();
      String pyType = p.path("type").asText("");
      boolean optional = pyType.toLowerCase(Locale.ROOT).contains("optional");
      p.remove("type");
      String jsonType = jsonType(pyType);
      ObjectNode out = Json.MAPPER.createObjectNode();
      if (jsonType != null) {
        out.put("type", jsonType);
      }
      out.setAll(p);
      props.set(e.getKey(), out);
      if (!optional) {
        required.add(e.getKey());
      }
    }
    schema.set("required", required);
    return new ToolSpec(t.get("name").asText(), t.path("description").asText(""), schema);
  }

  /** xLAM's Python type annotation to a JSON-schema type, or null where there is no single one. */
  static String jsonType(String pyType) {
    String t = pyType.replaceAll("(?i),\\s*optional", "").strip();
    if (t.regionMatches(true, 0, "Optional[", 0, 9) && t.endsWith("]")) {
      t = t.substring(9, t.length() - 1).strip();
    }
    String base = t.contains("[") ? t.substring(0, t.indexOf('[')) : t;
    return switch (base.strip().toLowerCase(Locale.ROOT)) {
      case "str", "string" -> "string";
      case "int", "integer" -> "integer";
      case "float", "number" -> "number";
      case "bool", "boolean" -> "boolean";
      case "list", "tuple", "set", "array" -> "array";
      case "dict", "object" -> "object";
      default -> null;
    };
  }
}
