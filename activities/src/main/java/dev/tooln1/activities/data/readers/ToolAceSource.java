package dev.tooln1.activities.data.readers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Optional;

/**
 * Reads ToolACE dialogs ({@code {"id", "system", "conversations": [{"from", "value"}]}} per line).
 *
 * <p>As the paper's preparation does, every assistant turn that is a call list becomes one record
 * whose messages are all turns before it: user turns, earlier calls as assistant turns with
 * {@code tool_calls}, tool results as {@code tool} turns, earlier plain answers as assistant text.
 * The tools come from the JSON list in the system prompt; the rest of ToolACE's system prompt (which
 * prescribes its own call syntax) is not kept, since the chat template writes the Tool-N1 one. Dialogs
 * whose tools are given in another form (tables, XML, YAML-like text) are dropped as
 * {@code tools_unparseable}. An assistant turn starting with {@code [} is a call attempt: if it does
 * not parse it is dropped as {@code call_unparseable}. With {@code noCallTurns}, plain-text assistant
 * turns become "no call" records (empty ground truth).
 */
public final class ToolAceSource implements TaskSource {

  private final Path file;
  private final String name;
  private final boolean noCallTurns;

  public ToolAceSource(Path file, String name, boolean noCallTurns) {
    this.file = file;
    this.name = name;
    this.noCallTurns = noCallTurns;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() throws IOException {
    return "sha256:" + Sha256.ofDataFile(file);
  }

  @Override
  public long expectedUnits() throws IOException {
    return Sha256.countLines(file);
  }

  @Override
  public void read(TaskSink sink) throws IOException {
    try (BufferedReader r = DataFiles.openReader(file)) {
      JsonLinesInput.forEach(r, file, sink, (d, where) -> {
        readDialog(d, where, sink);
        sink.unitDone();
      });
    }
  }

  private void readDialog(JsonNode d, String where, TaskSink sink) {
    JsonNode id = d.get("id");
    JsonNode system = d.get("system");
    JsonNode turns = d.get("conversations");
    if (id == null || !(id.isNumber() || id.isTextual()) || turns == null || !turns.isArray()) {
      sink.drop(DropReason.MALFORMED_LINE, where, "needs 'id' and a 'conversations' list");
      return;
    }
    String dialogId = id.asText();
    Optional<List<ToolSpec>> tools = system != null && system.isTextual()
        ? toolsFromSystemPrompt(system.asText()) : Optional.empty();
    if (tools.isEmpty()) {
      sink.drop(DropReason.TOOLS_UNPARSEABLE, where + " (dialog " + dialogId + ")",
          "no JSON tool list in the system prompt");
      return;
    }
    List<String> toolNames = tools.get().stream().map(ToolSpec::name).toList();
    List<Message> context = new ArrayList<>();
    for (int t = 0; t < turns.size(); t++) {
      JsonNode turn = turns.get(t);
      JsonNode from = turn.get("from");
      JsonNode value = turn.get("value");
      if (from == null || !from.isTextual() || value == null || !value.isTextual()) {
        sink.drop(DropReason.MALFORMED_LINE, where + " (dialog " + dialogId + ")",
            "turn " + t + " needs string 'from' and 'value'");
        return;
      }
      String text = value.asText();
      switch (from.asText()) {
        case "user" -> context.add(Message.user(text));
        case "tool" -> context.add(Message.tool(text));
        case "assistant" -> {
          String recordId = name + "-" + dialogId + "-" + t;
          String trimmed = text.strip();
          if (trimmed.startsWith("[")) {
            try {
              List<ToolCall> calls = PythonCallParser.parseCalls(trimmed, toolNames);
              sink.accept(new TaskRecord(recordId, name, tools.get(), context, calls));
              context.add(Message.assistantCalls(calls));
            } catch (CallSyntaxException e) {
              sink.drop(DropReason.CALL_UNPARSEABLE, where + " (" + recordId + ")", e.getMessage());
              context.add(Message.assistant(text));
            }
          } else {
            if (noCallTurns) {
              sink.accept(new TaskRecord(recordId, name, tools.get(), context, List.of()));
            }
            context.add(Message.assistant(text));
          }
        }
        default -> {
          sink.drop(DropReason.MALFORMED_LINE, where + " (dialog " + dialogId + ")",
              "turn " + t + " has unknown 'from' value '" + from.asText() + "'");
          return;
        }
      }
    }
  }

  /**
   * The first JSON list of tool objects in the prompt (ToolACE's English and Chinese prompts both put
   * it after a sentence announcing a JSON list; other prompts describe tools in prose formats).
   */
  public static Optional<List<ToolSpec>> toolsFromSystemPrompt(String system) {
    for (int i = system.indexOf('['); i >= 0; i = system.indexOf('[', i + 1)) {
      int j = i + 1;
      while (j < system.length() && Character.isWhitespace(system.charAt(j))) {
        j++;
      }
      if (j < system.length() && system.charAt(j) == ']' && announcedList(system, i)) {
        return Optional.of(List.of()); // the dialog offers no tools
      }
      if (j >= system.length() || system.charAt(j) != '{') {
        continue;
      }
      Optional<JsonNode> list = leadingJson(system.substring(i));
      if (list.isEmpty() || !list.get().isArray()) {
        continue;
      }
      try {
        List<ToolSpec> tools = new ArrayList<>();
        for (JsonNode t : list.get()) {
          // "parameters" tells a tool from other named objects (e.g. lists of result fields)
          if (!t.isObject() || !t.path("name").isTextual() || !t.has("parameters")) {
            throw new IllegalArgumentException("not a tool object");
          }
          tools.add(ToolSpec.fromJson(t));
        }
        return Optional.of(List.copyOf(tools));
      } catch (IllegalArgumentException e) {
        // a JSON list of something else; keep looking
      }
    }
    return Optional.empty();
  }

  /**
   * An empty list counts only where a prompt announces the JSON tool list ("...in JSON format that you
   * can invoke:\n[]", "...JSON格式列表:\n[]"), not as any "[]" in prose or other formats.
   */
  private static boolean announcedList(String text, int bracket) {
    int k = bracket - 1;
    while (k >= 0 && Character.isWhitespace(text.charAt(k))) {
      k--;
    }
    if (k < 0 || (text.charAt(k) != ':' && text.charAt(k) != '\uFF1A')) {
      return false;
    }
    return text.substring(Math.max(0, k - 60), k).contains("JSON");
  }

  /** The JSON value at the start of {@code text}, ignoring whatever follows it. */
  private static Optional<JsonNode> leadingJson(String text) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
      return Optional.ofNullable(Json.MAPPER.readerFor(JsonNode.class)
          .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(p));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
