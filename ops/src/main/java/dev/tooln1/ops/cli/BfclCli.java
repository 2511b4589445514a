package dev.tooln1.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.benchmarks.bfcl.BfclSuite;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataException;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code bfcl-eval} and {@code bfcl-report} share: categories, the data directory, run provenance. */
final class BfclCli {

  static final String RUN_FILE = "run.json";
  static final String RESULTS_FILE = "results.jsonl";

  private BfclCli() {}

  /** Category names (repeatable, comma-separated too); {@code all} = all 11; none given = the paper's 10. */
  static Set<BfclCategory> categories(List<String> names) {
    Set<BfclCategory> selected = EnumSet.noneOf(BfclCategory.class);
    if (names == null || names.isEmpty()) {
      selected.addAll(BfclSuite.DEFAULT_CATEGORIES);
      return selected;
    }
    for (String name : names) {
      for (String part : name.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        if (part.trim().equalsIgnoreCase("all")) {
          selected.addAll(EnumSet.allOf(BfclCategory.class));
          continue;
        }
        try {
          selected.add(BfclCategory.fromName(part));
        } catch (IllegalArgumentException e) {
          throw new UsageException("--category: " + e.getMessage());
        }
      }
    }
    if (selected.isEmpty()) {
      throw new UsageException("--category: no category given");
    }
    return selected;
  }

  static BfclDataFiles data(Path data) {
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
    return new BfclDataFiles(dir);
  }

  static BfclSuite load(BfclDataFiles files, Set<BfclCategory> categories) {
    try {
      return BfclSuite.load(files, categories);
    } catch (BfclDataException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** {@link BfclSuite#fullDatasetSizes}, a read error as a usage error naming the file. */
  static Map<String, Integer> datasetSizes(BfclDataFiles files) {
    try {
      return BfclSuite.fullDatasetSizes(files);
    } catch (UncheckedIOException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** The provenance recorded next to a results file ({@code run.json}), if any, as strings. */
  static Map<String, String> provenance(Path resultsFile) {
    Path run = resultsFile.toAbsolutePath().resolveSibling(RUN_FILE);
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(run)) {
      return out;
    }
    JsonNode node;
    try {
      node = Json.parse(Files.readString(run));
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException(run + ": not a readable JSON object: " + e.getMessage(), e);
    }
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
        : Json.compact(e.getValue())));
    return out;
  }

  static List<String> names(Set<BfclCategory> categories) {
    List<String> out = new ArrayList<>();
    categories.forEach(c -> out.add(c.bfclName()));
    return out;
  }
}
