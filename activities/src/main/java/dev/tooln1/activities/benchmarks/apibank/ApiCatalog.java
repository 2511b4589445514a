package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolSpec;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code apis.json} declares for each API: description, input parameters with their declared
 * types (the tool manager coerces by these), output parameters. Also renders an API as a Tool-N1
 * tool schema.
 */
public final class ApiCatalog {

  /** One API's declaration. */
  public record Entry(String name, String description, Map<String, String> inputTypes, JsonNode raw) {}

  private final Map<String, Entry> entries;

  private ApiCatalog(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  public static ApiCatalog vendored() {
    return load(DataFiles.vendored("api-bank/apis.json"));
  }

  public static ApiCatalog load(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(DataFiles.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Entry> m = new LinkedHashMap<>();
    for (JsonNode api : root) {
      Map<String, String> types = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> p : api.path("input_parameters").properties()) {
        types.put(p.getKey(), p.getValue().path("type").asText());
      }
      String name = api.path("name").asText();
      m.put(name, new Entry(name, api.path("description").asText(), Collections.unmodifiableMap(types), api));
    }
    return new ApiCatalog(m);
  }

  public Entry get(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("invalid tool name.");
    }
    return e;
  }

  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /**
   * The API as a JSON-schema tool for Tool-N1 prompts. {@code required} lists the parameters the
   * Python signature requires (given by {@code definition}).
   */
  public ToolSpec toolSpec(ApiDefinition definition) {
    Entry e = get(definition.name());
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("type", "object");
    ObjectNode props = params.putObject("properties");
    var required = params.putArray("required");
    for (Map.Entry<String, JsonNode> p : e.raw().path("input_parameters").properties()) {
      ObjectNode prop = props.putObject(p.getKey());
      String type = p.getValue().path("type").asText();
      switch (type) {
        case "int" -> prop.put("type", "integer");
        case "float" -> prop.put("type", "number");
        case "bool" -> prop.put("type", "boolean");
        case "list" -> prop.put("type", "array");
        case "list(str)" -> {
          prop.put("type", "array");
          prop.putObject("items").put("type", "string");
        }
        default -> prop.put("type", "string");
      }
      prop.put("description", p.getValue().path("description").asText());
      if (definition.isRequired(p.getKey())) {
        required.add(p.getKey());
      }
    }
    return new ToolSpec(e.name(), e.description(), params);
  }
}
