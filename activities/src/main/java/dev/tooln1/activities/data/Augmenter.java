package dev.tooln1.activities.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.store.Sha256;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.ToolSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The paper's data augmentations, each applied to a deterministic fraction of records (chosen by the
 * hash of seed, purpose and record id):
 * <ul>
 *   <li>irrelevance: remove the tools the target calls from the list and make the target "no call";
 *       skipped where that would leave no tool at all;
 *   <li>name masking: rename functions to {@code func_N} and their parameters to {@code arg_N},
 *       consistently in tools, earlier assistant calls and the target, so the model must read the
 *       descriptions instead of relying on names.
 * </ul>
 */
public final class Augmenter {

  /** What was done to a record; {@code record} is the input when nothing was. */
  public record Result(TaskRecord record, boolean irrelevance, boolean masked) {}

  private final long seed;
  private final double irrelevanceFraction;
  private final double maskFraction;

  public Augmenter(long seed, double irrelevanceFraction, double maskFraction) {
    if (irrelevanceFraction < 0 || irrelevanceFraction > 1 || maskFraction < 0 || maskFraction > 1) {
      throw new IllegalArgumentException("augmentation fractions must be within [0, 1]");
    }
    this.seed = seed;
    this.irrelevanceFraction = irrelevanceFraction;
    this.maskFraction = maskFraction;
  }

  public Result apply(TaskRecord r) {
    boolean irr = false;
    boolean masked = false;
    if (irrelevanceFraction > 0 && !r.isNoCall() && draw("irrelevance", r.id()) < irrelevanceFraction) {
      Optional<TaskRecord> x = makeIrrelevant(r);
      if (x.isPresent()) {
        r = x.get();
        irr = true;
      }
    }
    if (maskFraction > 0 && draw("mask", r.id()) < maskFraction) {
      r = maskNames(r);
      masked = true;
    }
    return new Result(r, irr, masked);
  }

  private double draw(String purpose, String id) {
    byte[] h = Sha256.newDigest().digest((seed + "/" + purpose + "/" + id).getBytes(StandardCharsets.UTF_8));
    return (ByteBuffer.wrap(h).getLong() >>> 11) * 0x1.0p-53;
  }

  static Optional<TaskRecord> makeIrrelevant(TaskRecord r) {
    Set<String> called = new HashSet<>();
    r.groundTruth().forEach(c -> called.add(c.name()));
    List<ToolSpec> rest = r.tools().stream().filter(t -> !called.contains(t.name())).toList();
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TaskRecord(r.id() + "~irrelevant", r.source(), rest, r.messages(), List.of()));
  }

  static TaskRecord maskNames(TaskRecord r) {
    Map<String, String> fnNames = new LinkedHashMap<>();
    Map<String, Map<String, String>> argNames = new LinkedHashMap<>();
    List<ToolSpec> tools = new ArrayList<>();
    for (ToolSpec t : r.tools()) {
      String fn = "func_" + (fnNames.size() + 1);
      fnNames.put(t.name(), fn);
      Map<String, String> args = new LinkedHashMap<>();
      argNames.put(t.name(), args);
      ObjectNode params = t.parameters().deepCopy();
      JsonNode props = params.get("properties");
      if (props != null && props.isObject()) {
        ObjectNode renamed = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, JsonNode> e : props.properties()) {
          String a = "arg_" + (args.size() + 1);
          args.put(e.getKey(), a);
          renamed.set(a, e.getValue());
        }
        params.set("properties", renamed);
      }
      JsonNode req = params.get("required");
      if (req != null && req.isArray()) {
        ArrayNode renamed = Json.MAPPER.createArrayNode();
        req.forEach(x -> renamed.add(args.getOrDefault(x.asText(), x.asText())));
        params.set("required", renamed);
      }
      tools.add(new ToolSpec(fn, t.description(), params));
    }
    List<Message> messages = r.messages().stream()
        .map(m -> m.toolCalls().isEmpty() ? m
            : new Message(m.role(), m.content(), renameCalls(m.toolCalls(), fnNames, argNames)))
        .toList();
    return new TaskRecord(r.id() + "~masked", r.source(), tools, messages,
        renameCalls(r.groundTruth(), fnNames, argNames));
  }

  private static List<ToolCall> renameCalls(
      List<ToolCall> calls, Map<String, String> fnNames, Map<String, Map<String, String>> argNames) {
    List<ToolCall> out = new ArrayList<>();
    for (ToolCall c : calls) {
      Map<String, String> args = argNames.getOrDefault(c.name(), Map.of());
      ObjectNode renamed = Json.MAPPER.createObjectNode();
      for (Map.Entry<String, JsonNode> e : c.arguments().properties()) {
        renamed.set(args.getOrDefault(e.getKey(), e.getKey()), e.getValue());
      }
      out.add(new ToolCall(fnNames.getOrDefault(c.name(), c.name()), renamed));
    }
    return out;
  }
}
