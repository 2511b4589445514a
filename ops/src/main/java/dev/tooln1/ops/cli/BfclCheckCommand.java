package dev.tooln1.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCallParser.ThinkRule;
import dev.tooln1.reward.bfcl.BfclAstChecker;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataException;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import dev.tooln1.reward.bfcl.BfclDecoded;
import dev.tooln1.reward.bfcl.BfclPossibleAnswer;
import dev.tooln1.reward.bfcl.BfclQuestion;
import dev.tooln1.reward.bfcl.BfclVerdict;
import dev.tooln1.reward.io.DataFiles;
import dev.tooln1.reward.io.JsonLinesReader;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tooln1 bfcl-check}: BFCL AST accuracy of model responses, judged as BFCL's own checker judges. */
@Command(name = "bfcl-check", mixinStandardHelpOptions = true,
    description = {
        "Score responses to BFCL questions as BFCL's AST checker does; print accuracy per category.",
        "Responses: JSON Lines {\"id\", \"result\"}, result either the model's text in the Tool-N1",
        "format <think>..</think><tool_call>[{\"name\", \"arguments\"}]</tool_call>, or BFCL's",
        "decoded form, a JSON list of {\"<function>\": {\"<param>\": value}}.",
        "Exit code 2 on bad input (file, line and field named)."})
public final class BfclCheckCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "BFCL data directory (BFCL_v4_<category>.json[.gz] + possible_answer/); default: the vendored data/bfcl")
  Path data;

  @Option(names = "--category", required = true, paramLabel = "C",
      description = "category to score (repeatable), or 'all'; one of: ${COMPLETION-CANDIDATES}",
      completionCandidates = CategoryNames.class)
  List<String> categories;

  @Option(names = "--responses", required = true, paramLabel = "FILE", description = "responses, JSON Lines {\"id\", \"result\"}")
  Path responses;

  @Option(names = "--out", paramLabel = "FILE", description = "write one JSON line per response: {\"id\", \"category\", \"valid\", \"error_type\", \"reason\"}")
  Path out;

  @Option(names = "--require-think",
      description = "text results must start with a <think> block (default: optional; BFCL judges only the calls)")
  boolean requireThink;

  @Option(names = "--dots-as-underscores",
      description = "expect function names with '.' written with '_' (BFCL's rule for APIs that forbid dots)")
  boolean dotsAsUnderscores;

  /** Category names for the help text. */
  static final class CategoryNames extends ArrayList<String> {
    CategoryNames() {
      add("all");
      for (BfclCategory c : BfclCategory.values()) {
        add(c.bfclName());
      }
    }
  }

  /** A question with its category and (for the AST categories) its possible answer. */
  private record Item(BfclCategory category, BfclQuestion question, BfclPossibleAnswer answer) {}

  /** A response line, decoded. */
  private record Response(String id, Item item, BfclDecoded decoded) {}

  @Override
  public Integer call() {
    Set<BfclCategory> selected = selectedCategories();
    BfclDataFiles files = new BfclDataFiles(dataDir());
    Map<String, Item> items = loadItems(files, selected);
    List<Response> parsed = readResponses(items, selected);

    BfclAstChecker checker = new BfclAstChecker(dotsAsUnderscores);
    Map<BfclCategory, int[]> counts = new EnumMap<>(BfclCategory.class); // correct, answered
    Map<String, Integer> errorTypes = new TreeMap<>();
    List<ObjectNode> lines = new ArrayList<>();
    for (Response r : parsed) {
      Item it = r.item();
      BfclVerdict v = checker.check(it.category(), it.question().functions(), it.answer(), r.decoded());
      int[] c = counts.computeIfAbsent(it.category(), k -> new int[2]);
      c[1]++;
      if (v.valid()) {
        c[0]++;
      } else {
        errorTypes.merge(v.errorType(), 1, Integer::sum);
      }
      ObjectNode line = Json.MAPPER.createObjectNode();
      line.put("id", r.id());
      line.put("category", it.category().bfclName());
      line.put("valid", v.valid());
      line.put("error_type", v.errorType());
      line.put("reason", v.reason());
      lines.add(line);
    }
    if (out != null) {
      writeOut(lines);
    }
    printSummary(selected, items, counts, errorTypes);
    return 0;
  }

  private Set<BfclCategory> selectedCategories() {
    return BfclCli.categories(categories); // --category is required, so never the default set
  }

  private Path dataDir() {
    Path dir;
    if (data != null) {
      dir = data;
    } else {
      try {
        dir = DataFiles.vendored("bfcl");
      } catch (UncheckedIOException e) {
        throw new UsageException("no --data given and " + e.getCause().getMessage());
      }
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--data " + dir + ": not a directory");
    }
    return dir;
  }

  private static Map<String, Item> loadItems(BfclDataFiles files, Set<BfclCategory> selected) {
    Map<String, Item> items = new LinkedHashMap<>();
    try {
      for (BfclCategory c : selected) {
        Map<String, BfclPossibleAnswer> answers = new HashMap<>();
        if (c.hasPossibleAnswers()) {
          files.possibleAnswers(c).forEach(a -> answers.put(a.id(), a));
        }
        for (BfclQuestion q : files.questions(c)) {
          BfclPossibleAnswer a = answers.get(q.id());
          if (c.hasPossibleAnswers() && a == null) {
            throw new UsageException(files.possibleAnswerFile(c) + ": no possible answer for question '" + q.id() + "'");
          }
          if (items.put(q.id(), new Item(c, q, a)) != null) {
            throw new UsageException(files.questionFile(c) + ": question id '" + q.id() + "' appears twice");
          }
        }
      }
    } catch (BfclDataException e) {
      throw new UsageException(e.getMessage(), e);
    }
    return items;
  }

  private List<Response> readResponses(Map<String, Item> items, Set<BfclCategory> selected) {
    if (DataFiles.resolve(responses).isEmpty()) {
      throw new UsageException(responses + ": no such file");
    }
    ThinkRule thinkRule = requireThink ? ThinkRule.REQUIRED : ThinkRule.OPTIONAL;
    List<Response> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    try (BufferedReader reader = DataFiles.openReader(responses)) {
      JsonLinesReader.forEach(reader, (line, e) -> {
        throw new UsageException(responses + ":" + line + ": not JSON: " + e.getMessage());
      }, (line, node) -> {
        String where = responses + ":" + line + ": ";
        if (!node.isObject()) {
          throw new UsageException(where + "expected a JSON object {\"id\", \"result\"}");
        }
        JsonNode id = node.get("id");
        if (id == null || !id.isTextual()) {
          throw new UsageException(where + "missing string field 'id'");
        }
        Item item = items.get(id.asText());
        if (item == null) {
          throw new UsageException(where + "unknown id '" + id.asText() + "' (not a question of " + names(selected) + ")");
        }
        Integer previous = seen.put(id.asText(), line);
        if (previous != null) {
          throw new UsageException(where + "id '" + id.asText() + "' already answered on line " + previous);
        }
        JsonNode result = node.get("result");
        BfclDecoded decoded;
        if (result == null) {
          throw new UsageException(where + "missing field 'result'");
        } else if (result.isTextual()) {
          decoded = BfclDecoded.fromModelText(result.asText(), thinkRule);
        } else if (result.isArray()) {
          decoded = BfclDecoded.fromBfclList(result);
        } else {
          throw new UsageException(where + "field 'result' must be a string (model text) or a list of "
              + "{\"<function>\": {...}}, not " + result.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        out.add(new Response(id.asText(), item, decoded));
      });
    } catch (IOException e) {
      throw new UsageException(responses + ": cannot read: " + e.getMessage(), e);
    }
    return out;
  }

  private void writeOut(List<ObjectNode> lines) {
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (ObjectNode line : lines) {
        w.write(Json.compact(line));
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UsageException("--out " + out + ": cannot write: " + e.getMessage(), e);
    }
  }

  private void printSummary(Set<BfclCategory> selected, Map<String, Item> items, Map<BfclCategory, int[]> counts,
      Map<String, Integer> errorTypes) {
    PrintWriter pw = spec.commandLine().getOut();
    Map<BfclCategory, Integer> totals = new EnumMap<>(BfclCategory.class);
    items.values().forEach(i -> totals.merge(i.category(), 1, Integer::sum));
    pw.printf("%-24s %8s %9s %9s %8s%n", "category", "correct", "answered", "accuracy", "missing");
    int allCorrect = 0;
    int allAnswered = 0;
    int allMissing = 0;
    for (BfclCategory c : selected) {
      int[] n = counts.getOrDefault(c, new int[2]);
      int total = totals.getOrDefault(c, 0);
      pw.printf("%-24s %8d %9d %9s %8d%n", c.bfclName(), n[0], n[1], percent(n[0], n[1]), total - n[1]);
      allCorrect += n[0];
      allAnswered += n[1];
      allMissing += total - n[1];
    }
    if (selected.size() > 1) {
      pw.printf("%-24s %8d %9d %9s %8d%n", "all", allCorrect, allAnswered, percent(allCorrect, allAnswered), allMissing);
    }
    if (!errorTypes.isEmpty()) {
      pw.println("errors by type:");
      errorTypes.forEach((type, n) -> pw.printf("  %-58s %6d%n", type, n));
    }
    if (allMissing > 0) {
      pw.println("(accuracy is over the answered questions; " + allMissing + " question(s) have no response)");
    }
    pw.flush();
  }

  private static String percent(int correct, int answered) {
    return answered == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f%%", 100.0 * correct / answered);
  }

  private static String names(Set<BfclCategory> selected) {
    List<String> n = new ArrayList<>();
    selected.forEach(c -> n.add(c.bfclName()));
    return String.join(", ", n);
  }
}
