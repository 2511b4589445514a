package dev.tooln1.activities.benchmarks.bfcl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclGroundTruth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Responses for tests: the rendered ground truth of each item, and corruptions of it. */
final class BfclTestResponses {

  /** BFCL's own checker rejects the rendered ground truth of these (reward/README.md). */
  static final List<String> KNOWN_INCONSISTENT = List.of("parallel_multiple_26", "live_multiple_862-181-3",
      "live_multiple_964-207-0", "live_simple_106-63-0", "live_simple_112-68-0", "live_multiple_507-149-4");

  private BfclTestResponses() {}

  static String toolN1(List<ToolCall> calls) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (ToolCall c : calls) {
      ObjectNode o = list.addObject();
      o.put("name", c.name());
      o.set("arguments", c.arguments());
    }
    return "<think>The request maps onto the functions offered.</think>\n<tool_call>" + Json.compact(list) + "</tool_call>";
  }

  /** What a perfect model answers; for entries whose possible answer cannot be rendered, an empty object per call. */
  static String groundTruth(BfclItem item) {
    switch (item.category().rule()) {
      case IRRELEVANCE:
        return "<think>None of the functions fits.</think><tool_call>[]</tool_call>";
      case RELEVANCE:
        return toolN1(List.of(new ToolCall(item.question().functions().get(0).name(), Json.MAPPER.createObjectNode())));
      default:
        return toolN1(truthCalls(item));
    }
  }

  private static List<ToolCall> truthCalls(BfclItem item) {
    try {
      return BfclGroundTruth.render(item.question().functions(), item.answer());
    } catch (IllegalArgumentException e) {
      List<ToolCall> calls = new ArrayList<>();
      item.answer().calls().forEach(c -> calls.add(new ToolCall(c.name(), Json.MAPPER.createObjectNode())));
      return calls;
    }
  }

  /** A wrong answer for every category: unknown function names, a call where none fits, no call where one does. */
  static String corrupted(BfclItem item) {
    if (item.category().rule() == BfclCategory.Rule.IRRELEVANCE) {
      return toolN1(List.of(new ToolCall(item.question().functions().get(0).name(), Json.MAPPER.createObjectNode())));
    }
    if (item.category().rule() == BfclCategory.Rule.RELEVANCE) {
      return "<think>Nothing to call.</think><tool_call>[]</tool_call>";
    }
    List<ToolCall> calls = new ArrayList<>();
    for (ToolCall c : truthCalls(item)) {
      calls.add(new ToolCall(c.name() + "_nope", c.arguments()));
    }
    return toolN1(calls);
  }

  static Map<String, String> map(List<BfclItem> items, java.util.function.Function<BfclItem, String> f) {
    Map<String, String> out = new LinkedHashMap<>();
    items.forEach(i -> out.put(i.id(), f.apply(i)));
    return out;
  }

  static Path writeJsonl(Path file, Map<String, String> responses) throws IOException {
    StringBuilder sb = new StringBuilder();
    responses.forEach((id, text) -> {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("id", id);
      o.put("result", text);
      sb.append(Json.compact(o)).append('\n');
    });
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    return file;
  }
}
