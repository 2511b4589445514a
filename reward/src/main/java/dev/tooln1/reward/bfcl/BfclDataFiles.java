package dev.tooln1.reward.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolSpec;
import dev.tooln1.reward.io.DataFiles;
import dev.tooln1.reward.io.JsonLinesReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a BFCL data directory: {@code BFCL_v4_<category>.json} question files and
 * {@code possible_answer/BFCL_v4_<category>.json}, each plain or {@code .gz}. Despite the extension
 * they are JSON Lines (one object per line). Every defect is reported with file and line.
 */
public final class BfclDataFiles {

  private final Path dir;

  public BfclDataFiles(Path dir) {
    this.dir = dir;
  }

  /** The vendored copy under the project's {@code data/bfcl}. */
  public static BfclDataFiles vendored() {
    return new BfclDataFiles(DataFiles.vendored("bfcl"));
  }

  public Path dir() {
    return dir;
  }

  public Path questionFile(BfclCategory category) {
    return dir.resolve(category.questionFileName());
  }

  public Path possibleAnswerFile(BfclCategory category) {
    return dir.resolve("possible_answer").resolve(category.possibleAnswerFileName());
  }

  public List<BfclQuestion> questions(BfclCategory category) {
    Path file = questionFile(category);
    List<BfclQuestion> out = new ArrayList<>();
    forEachLine(file, (line, node) -> out.add(readQuestion(file, line, node)));
    return out;
  }

  /** @throws BfclDataException also when the category has no possible answers (irrelevance, relevance) */
  public List<BfclPossibleAnswer> possibleAnswers(BfclCategory category) {
    Path file = possibleAnswerFile(category);
    if (!category.hasPossibleAnswers()) {
      throw new BfclDataException(file, 0, "category " + category + " has no possible answers");
    }
    List<BfclPossibleAnswer> out = new ArrayList<>();
    forEachLine(file, (line, node) -> out.add(readPossibleAnswer(file, line, node)));
    return out;
  }

  private interface LineConsumer {
    void accept(int line, JsonNode node);
  }

  private static void forEachLine(Path file, LineConsumer consumer) {
    if (DataFiles.resolve(file).isEmpty()) {
      throw new BfclDataException(file, 0, "no such file (nor " + file.getFileName() + ".gz)");
    }
    try (BufferedReader reader = DataFiles.openReader(file)) {
      JsonLinesReader.forEach(reader, (line, e) -> {
        throw new BfclDataException(file, line, "not JSON: " + e.getMessage());
      }, (line, node) -> {
        if (!node.isObject()) {
          throw new BfclDataException(file, line, "expected a JSON object");
        }
        consumer.accept(line, node);
      });
    } catch (IOException e) {
      throw new BfclDataException(file, 0, "cannot read: " + e);
    }
  }

  private static String readId(Path file, int line, JsonNode node) {
    JsonNode id = node.get("id");
    if (id == null || !id.isTextual()) {
      throw new BfclDataException(file, line, "missing string field 'id'");
    }
    return id.asText();
  }

  static BfclQuestion readQuestion(Path file, int line, JsonNode node) {
    String id = readId(file, line, node);
    JsonNode functions = node.get("function");
    if (functions == null || !functions.isArray()) {
      throw new BfclDataException(file, line, "question " + id + ": missing list field 'function'");
    }
    List<ToolSpec> specs = new ArrayList<>();
    for (JsonNode f : functions) {
      if (!f.isObject()) {
        throw new BfclDataException(file, line, "question " + id + ": 'function' item is not an object");
      }
      try {
        specs.add(ToolSpec.fromJson(f));
      } catch (IllegalArgumentException e) {
        throw new BfclDataException(file, line, "question " + id + ": " + e.getMessage());
      }
    }
    JsonNode question = node.get("question");
    return new BfclQuestion(id, question == null ? Json.MAPPER.createArrayNode() : question, specs);
  }

  static BfclPossibleAnswer readPossibleAnswer(Path file, int line, JsonNode node) {
    String id = readId(file, line, node);
    JsonNode truth = node.get("ground_truth");
    if (truth == null || !truth.isArray()) {
      throw new BfclDataException(file, line, "answer " + id + ": missing list field 'ground_truth'");
    }
    List<BfclExpectedCall> calls = new ArrayList<>();
    for (JsonNode call : truth) {
      if (!call.isObject() || call.size() != 1) {
        throw new BfclDataException(file, line,
            "answer " + id + ": each ground_truth item must be {\"<function>\": {<param>: [values]}}");
      }
      Map.Entry<String, JsonNode> only = call.fields().next();
      if (!only.getValue().isObject()) {
        throw new BfclDataException(file, line,
            "answer " + id + ": parameters of '" + only.getKey() + "' are not an object");
      }
      Iterator<Map.Entry<String, JsonNode>> params = only.getValue().fields();
      while (params.hasNext()) {
        Map.Entry<String, JsonNode> p = params.next();
        if (!p.getValue().isArray()) {
          throw new BfclDataException(file, line, "answer " + id + ": possible values of '" + only.getKey()
              + "." + p.getKey() + "' are not a list");
        }
      }
      calls.add(new BfclExpectedCall(only.getKey(), (ObjectNode) only.getValue()));
    }
    return new BfclPossibleAnswer(id, calls);
  }
}
