package dev.tooln1.activities.data.readers;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BFCL question files ({@code BFCL_v4_<category>.json}, JSON Lines) as evaluation TaskRecords.
 *
 * <p>A small conversion for held-out sets, not the BFCL checker (that lives in the reward module and
 * accepts every allowed value): tools from {@code function}, messages from {@code question[0]} (the
 * first turn), and the ground truth from {@code possible_answer/} taking the <em>first</em> acceptable
 * value of each parameter ({@code ""} first = the parameter is omitted). Irrelevance categories have
 * no answer file: their ground truth is "no call". Other questions without an answer are dropped as
 * {@code no_ground_truth}.
 */
public final class BfclSource implements TaskSource {

  private final Path dir;
  private final List<String> categories;
  private final String name;

  public BfclSource(Path dir, List<String> categories, String name) {
    this.dir = dir;
    this.categories = List.copyOf(categories);
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String c : categories) {
      sb.append(c).append('=').append(Sha256.ofDataFile(questions(c)));
      if (DataFiles.resolve(answers(c)).isPresent()) {
        sb.append('+').append(Sha256.ofDataFile(answers(c)));
      }
      sb.append(';');
    }
    return "sha256:" + Sha256.hex(sb.toString());
  }

  private Path questions(String category) {
    return dir.resolve("BFCL_v4_" + category + ".json");
  }

  private Path answers(String category) {
    return dir.resolve("possible_answer").resolve("BFCL_v4_" + category + ".json");
  }

  @Override
  public long expectedUnits() throws IOException {
    long n = 0;
    for (String c : categories) {
      n += Sha256.countLines(questions(c));
    }
    return n;
  }

  @Override
  public void read(TaskSink sink) throws IOException {
    for (String category : categories) {
      readCategory(category, sink);
    }
  }

  private void readCategory(String category, TaskSink sink) throws IOException {
    boolean irrelevance = category.contains("irrelevance");
    Map<String, JsonNode> truth = new HashMap<>();
    if (DataFiles.resolve(answers(category)).isPresent()) {
      forEachLine(answers(category), (node, where) -> {
        if (node.path("id").isTextual() && node.path("ground_truth").isArray()) {
          truth.put(node.get("id").asText(), node.get("ground_truth"));
        } else {
          sink.drop(DropReason.MALFORMED_LINE, where, "answer needs 'id' and a 'ground_truth' list");
        }
      }, sink);
    }
    String source = "bfcl/" + category;
    forEachLine(questions(category), (q, where) -> {
      try {
        question(q, where, source, irrelevance, truth, sink);
      } finally {
        sink.unitDone();
      }
    }, sink);
  }

  private static void question(JsonNode q, String where, String source, boolean irrelevance,
      Map<String, JsonNode> truth, TaskSink sink) {
    String id = q.path("id").asText("");
    JsonNode question = q.path("question").path(0);
    JsonNode functions = q.get("function");
    if (id.isEmpty() || !question.isArray() || functions == null || !functions.isArray()) {
      sink.drop(DropReason.MALFORMED_LINE, where, "needs 'id', 'question' [[...]] and 'function' [...]");
      return;
    }
    List<ToolSpec> tools = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    try {
      functions.forEach(f -> tools.add(ToolSpec.fromJson(f)));
      question.forEach(m -> messages.add(Message.fromJson(m)));
    } catch (IllegalArgumentException e) {
      sink.drop(DropReason.MALFORMED_LINE, where + " (" + id + ")", e.getMessage());
      return;
    }
    List<ToolCall> calls;
    if (irrelevance) {
      calls = List.of();
    } else if (truth.containsKey(id)) {
      try {
        calls = firstAcceptable(truth.get(id));
      } catch (IllegalArgumentException e) {
        sink.drop(DropReason.CALL_UNPARSEABLE, where + " (" + id + ")", e.getMessage());
        return;
      }
    } else {
      sink.drop(DropReason.NO_GROUND_TRUTH, where + " (" + id + ")", "no possible answer for " + id);
      return;
    }
    sink.accept(new TaskRecord(id, source, tools, messages, calls));
  }

  /** {@code [{"f": {"p": [v1, v2, ""]}}]} → {@code [f(p=v1)]}; a leading {@code ""} omits the parameter. */
  static List<ToolCall> firstAcceptable(JsonNode groundTruth) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode entry : groundTruth) {
      if (!entry.isObject() || entry.size() != 1) {
        throw new IllegalArgumentException("a ground-truth entry must be {\"function\": {...}}");
      }
      Map.Entry<String, JsonNode> fn = entry.properties().iterator().next();
      if (!fn.getValue().isObject()) {
        throw new IllegalArgumentException("arguments of '" + fn.getKey() + "' are not an object");
      }
      ObjectNode args = Json.MAPPER.createObjectNode();
      for (Map.Entry<String, JsonNode> p : fn.getValue().properties()) {
        JsonNode allowed = p.getValue();
        if (!allowed.isArray()) {
          throw new IllegalArgumentException("parameter '" + p.getKey() + "' has no list of allowed values");
        }
        if (allowed.isEmpty()) {
          // Two live_simple answers give an array parameter as [] instead of [[]]: the empty list.
          args.set(p.getKey(), Json.MAPPER.createArrayNode());
          continue;
        }
        JsonNode first = allowed.get(0);
        if (!(first.isTextual() && first.asText().isEmpty())) {
          args.set(p.getKey(), first);
        }
      }
      calls.add(new ToolCall(fn.getKey(), args));
    }
    return calls;
  }

  private static void forEachLine(Path file, JsonLinesInput.LineHandler handler, TaskSink sink)
      throws IOException {
    try (BufferedReader r = DataFiles.openReader(file)) {
      JsonLinesInput.forEach(r, file, sink, handler);
    }
  }
}
