package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ParsedResponse;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.ToolCallParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a model output into the benchmark's call text. A Tool-N1 output
 * ({@code <think>...</think><tool_call>[{"name", "arguments"}]</tool_call>}, read by the reward's
 * {@link ToolCallParser}, think optional) becomes {@code [Name(k='v', ...)]} from its first call, each
 * value rendered as Python's {@code str()} of the JSON value, so numbers and booleans then go through
 * the official coercion. A final answer is judged as text (it may hold
 * {@code API-Request: [Name(k='v')]}). The benchmark does not demand the training format, so a
 * response the strict parser rejects is still read leniently: the last {@code <tool_call>} block's
 * JSON, else the raw text.
 */
public final class ResponseConverter {

  private static final String OPEN = "<tool_call>";
  private static final String CLOSE = "</tool_call>";

  private ResponseConverter() {}

  /** The converted text, or an explanation of why a Tool-N1 block holds no call. */
  public record Converted(Optional<String> text, String problem) {}

  public static Converted toCallText(String response) {
    ParsedResponse parsed = ToolCallParser.parse(response, ToolCallParser.ThinkRule.OPTIONAL);
    switch (parsed.kind()) {
      case TOOL_CALLS -> {
        if (parsed.calls().isEmpty()) {
          return new Converted(Optional.empty(), "tool_call block holds no call");
        }
        ToolCall first = parsed.calls().get(0);
        return new Converted(Optional.of(render(first.name(), first.arguments())), null);
      }
      case FINAL_ANSWER -> {
        return new Converted(Optional.of(parsed.finalText()), null);
      }
      default -> {
        return lenient(response, parsed.code());
      }
    }
  }

  private static String render(String name, JsonNode arguments) {
    Map<String, Object> args = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : arguments.properties()) {
      args.put(e.getKey(), Py.fromJson(e.getValue()));
    }
    return ApiCallText.render(name, args);
  }

  private static Converted lenient(String response, String strictFailure) {
    int open = response.lastIndexOf(OPEN);
    if (open < 0) {
      return new Converted(Optional.of(response), null);
    }
    int close = response.indexOf(CLOSE, open);
    String body = (close < 0 ? response.substring(open + OPEN.length()) : response.substring(open + OPEN.length(), close)).trim();
    JsonNode calls;
    try {
      calls = Json.MAPPER.readTree(body);
    } catch (Exception e) {
      return new Converted(Optional.empty(), "tool_call block is not JSON (" + strictFailure + ")");
    }
    if (calls != null && calls.isObject()) {
      calls = Json.MAPPER.createArrayNode().add(calls);
    }
    if (calls == null || !calls.isArray()) {
      return new Converted(Optional.empty(), "tool_call block is not a JSON list (" + strictFailure + ")");
    }
    if (calls.isEmpty()) {
      return new Converted(Optional.empty(), "tool_call block holds no call");
    }
    JsonNode first = calls.get(0);
    if (!first.path("name").isTextual() || !(first.path("arguments").isObject() || first.path("arguments").isMissingNode())) {
      return new Converted(Optional.empty(), "first tool call lacks a string 'name' or an object 'arguments' ("
          + strictFailure + ")");
    }
    return new Converted(Optional.of(render(first.path("name").asText(), first.path("arguments"))), null);
  }
}
