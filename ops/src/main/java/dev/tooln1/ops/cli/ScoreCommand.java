package dev.tooln1.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.RewardFunction;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.reward.RewardResult;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.io.DataFiles;
import dev.tooln1.reward.io.JsonLinesReader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tooln1 score}: scores model responses against the ground-truth calls of their tasks with a
 * named reward, writes one {@code {"id","reward","reason"}} line per response and prints a summary.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
        "Score model responses against the ground-truth tool calls of their tasks.",
        "",
        "  tasks:     JSONL {\"id\", \"ground_truth\": [{\"name\", \"arguments\"}, ...]}",
        "             (other fields ignored; [] means no call)",
        "  responses: JSONL {\"id\", \"response\"} with the raw model output",
        "  output:    JSONL {\"id\", \"reward\", \"reason\"} per response (--out, else stdout),",
        "             then a summary: mean reward, format-valid rate, accuracy",
        "             (calls equal the ground truth), commonest reasons",
        "",
        "Files may be gzip-compressed. Bad input: one line naming file and line, exit 2.",
        ""})
public final class ScoreCommand implements Callable<Integer> {

  private static final int TOP_REASONS = 8;

  @Spec
  CommandSpec spec;

  @Option(names = "--tasks", required = true, paramLabel = "FILE", description = "tasks JSONL with ground truth")
  Path tasks;

  @Option(names = "--responses", required = true, paramLabel = "FILE", description = "responses JSONL to score")
  Path responses;

  @Option(names = "--reward", paramLabel = "NAME", defaultValue = RewardRegistry.DEFAULT,
      description = "reward function (default: ${DEFAULT-VALUE}); one of: tooln1, tooln1-strict, "
          + "tooln1-lenient-types, tooln1-no-think, think-bonus, name-only, signed")
  String reward;

  @Option(names = "--out", paramLabel = "FILE", description = "write the per-response JSONL here instead of stdout")
  Path out;

  private final RewardRegistry registry;

  public ScoreCommand() {
    this(RewardRegistry.standard());
  }

  public ScoreCommand(RewardRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() throws IOException {
    RewardFunction fn = registry.find(reward).orElseThrow(() -> new UsageException(
        "unknown --reward '" + reward + "'; known: " + String.join(", ", registry.names())));
    Map<String, List<ToolCall>> groundTruth = readTasks(tasks);
    List<Item> items = readResponses(responses, groundTruth);

    PrintWriter stdout = spec.commandLine().getOut();
    Summary summary = new Summary();
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      try {
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          scoreAll(fn, items, groundTruth, summary, line -> writeLine(w, line));
        }
      } catch (IOException | UncheckedIOException e) {
        throw new UsageException("cannot write --out " + out + ": " + e.getMessage());
      }
    } else {
      scoreAll(fn, items, groundTruth, summary, stdout::println);
    }
    summary.print(stdout, fn.name(), out);
    stdout.flush();
    return 0;
  }

  private static void writeLine(BufferedWriter w, String line) {
    try {
      w.write(line);
      w.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void scoreAll(RewardFunction fn, List<Item> items, Map<String, List<ToolCall>> groundTruth,
      Summary summary, Consumer<String> sink) {
    for (Item item : items) {
      RewardResult r = fn.score(item.response(), groundTruth.get(item.id()));
      summary.add(r);
      ObjectNode line = Json.MAPPER.createObjectNode();
      line.put("id", item.id());
      line.put("reward", r.reward());
      line.put("reason", r.reason());
      sink.accept(Json.compact(line));
    }
  }

  private record Item(String id, String response) {}

  /** One task per id; the id's ground truth. */
  static Map<String, List<ToolCall>> readTasks(Path file) {
    Map<String, List<ToolCall>> byId = new LinkedHashMap<>();
    Map<String, Integer> firstLine = new LinkedHashMap<>();
    forEachRecord("tasks", file, (lineNo, record) -> {
      String where = "tasks file " + file + " line " + lineNo;
      String id = idOf(record, where);
      JsonNode gt = record.get("ground_truth");
      if (gt == null) {
        throw new UsageException(where + ": missing field \"ground_truth\"");
      }
      List<ToolCall> calls;
      try {
        calls = ToolCall.listFromJson(gt);
      } catch (IllegalArgumentException e) {
        throw new UsageException(where + ": field \"ground_truth\": " + e.getMessage());
      }
      Integer first = firstLine.putIfAbsent(id, lineNo);
      if (first != null) {
        throw new UsageException(where + ": duplicate id \"" + id + "\" (first on line " + first + ")");
      }
      byId.put(id, calls);
    });
    return byId;
  }

  private static List<Item> readResponses(Path file, Map<String, List<ToolCall>> tasks) {
    List<Item> items = new ArrayList<>();
    Map<String, Integer> firstLine = new LinkedHashMap<>();
    forEachRecord("responses", file, (lineNo, record) -> {
      String where = "responses file " + file + " line " + lineNo;
      String id = idOf(record, where);
      JsonNode response = record.get("response");
      if (response == null) {
        throw new UsageException(where + ": missing field \"response\"");
      }
      if (!response.isTextual()) {
        throw new UsageException(where + ": field \"response\" must be a string (the raw model output)");
      }
      if (!tasks.containsKey(id)) {
        throw new UsageException(where + ": unknown id \"" + id + "\" (not in the tasks file)");
      }
      Integer first = firstLine.putIfAbsent(id, lineNo);
      if (first != null) {
        throw new UsageException(where + ": duplicate id \"" + id + "\" (first on line " + first + ")");
      }
      items.add(new Item(id, response.textValue()));
    });
    return items;
  }

  private static String idOf(JsonNode record, String where) {
    JsonNode id = record.get("id");
    if (id == null) {
      throw new UsageException(where + ": missing field \"id\"");
    }
    if (!id.isTextual() && !id.isIntegralNumber()) {
      throw new UsageException(where + ": field \"id\" must be a string or an integer");
    }
    return id.asText();
  }

  /** Calls {@code action(lineNumber, object)} for every non-blank line; any problem is a UsageException naming file and line. */
  private static void forEachRecord(String what, Path file, BiConsumer<Integer, JsonNode> action) {
    try (BufferedReader r = DataFiles.openReader(file)) {
      JsonLinesReader.forEach(r, (lineNo, e) -> {
        throw new UsageException(what + " file " + file + " line " + lineNo + ": not JSON: " + firstLine(e.getMessage()));
      }, (lineNo, record) -> {
        if (!record.isObject()) {
          throw new UsageException(what + " file " + file + " line " + lineNo + ": expected a JSON object");
        }
        action.accept(lineNo, record);
      });
    } catch (NoSuchFileException e) {
      throw new UsageException(what + " file not found: " + file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + what + " file " + file + ": " + e.getMessage());
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Running totals for the summary. */
  private static final class Summary {
    private int count;
    private double rewardSum;
    private int formatValid;
    private int correct;
    private final Map<String, Integer> reasons = new LinkedHashMap<>();

    void add(RewardResult r) {
      count++;
      rewardSum += r.reward();
      formatValid += r.formatValid() ? 1 : 0;
      correct += r.correct() ? 1 : 0;
      reasons.merge(r.code(), 1, Integer::sum);
    }

    void print(PrintWriter w, String rewardName, Path out) {
      w.printf(Locale.ROOT, "scored %d response(s) with reward %s%s%n", count, rewardName,
          out == null ? "" : " -> " + out);
      if (count == 0) {
        return;
      }
      w.printf(Locale.ROOT, "mean reward   %.4f%n", rewardSum / count);
      w.printf(Locale.ROOT, "format valid  %5.1f%% (%d/%d)%n", 100.0 * formatValid / count, formatValid, count);
      w.printf(Locale.ROOT, "accuracy      %5.1f%% (%d/%d) calls equal the ground truth%n",
          100.0 * correct / count, correct, count);
      w.println("top reasons:");
      reasons.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
              .thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP_REASONS)
          .forEach(e -> w.printf(Locale.ROOT, "  %5d  %s%n", e.getValue(), e.getKey()));
    }
  }
}
