package dev.tooln1.activities.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.store.Sha256;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.ToolSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The paper's filtering of candidate records, in this order: tools that are not usable schemas,
 * target calls naming a tool not offered, arguments that violate the schema, and duplicates (same
 * tools, messages and target). Stateful: it remembers what it has kept, for the dedupe.
 */
public final class RecordFilter {

  /** Which checks run; the unknown-tool check always runs (such a target can never be scored right). */
  public record Options(boolean checkToolSchemas, boolean checkArguments, boolean dedupe) {
    public static Options all() {
      return new Options(true, true, true);
    }
  }

  /** Why a record was rejected. */
  public record Rejection(DropReason reason, String detail) {}

  private final Options options;
  private final Set<String> seen = new HashSet<>();

  public RecordFilter(Options options) {
    this.options = options;
  }

  /** Empty if {@code r} is kept (and then remembered for the dedupe). */
  public Optional<Rejection> check(TaskRecord r) {
    if (options.checkToolSchemas()) {
      Optional<String> p = ToolSchemas.checkTools(r.tools());
      if (p.isPresent()) {
        return Optional.of(new Rejection(DropReason.INVALID_TOOL_SCHEMA, p.get()));
      }
    }
    Map<String, ToolSpec> byName = new HashMap<>();
    r.tools().forEach(t -> byName.putIfAbsent(t.name(), t));
    for (ToolCall c : r.groundTruth()) {
      ToolSpec tool = byName.get(c.name());
      if (tool == null) {
        return Optional.of(new Rejection(DropReason.UNKNOWN_TOOL, "target calls '" + c.name() + "', not offered"));
      }
      if (options.checkArguments()) {
        Optional<String> p = ToolSchemas.checkArguments(tool, c);
        if (p.isPresent()) {
          return Optional.of(new Rejection(DropReason.SCHEMA_VIOLATION, c.name() + ": " + p.get()));
        }
      }
    }
    if (options.dedupe() && !seen.add(contentHash(r))) {
      return Optional.of(new Rejection(DropReason.DUPLICATE, "same tools, messages and target as an earlier record"));
    }
    return Optional.empty();
  }

  /** sha256 of the canonical JSON of (tools, messages, ground truth): what "the same task" means. */
  public static String contentHash(TaskRecord r) {
    ObjectNode o = r.toJson();
    o.remove("id");
    o.remove("source");
    return Sha256.hex(Json.canonical(o));
  }
}
