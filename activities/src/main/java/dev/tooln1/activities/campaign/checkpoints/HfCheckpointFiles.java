package dev.tooln1.activities.campaign.checkpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.model.safetensors.SafetensorsReader;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a Hugging Face checkpoint folder ({@code model.checkpoint}) must hold for a campaign to
 * start from it, as the model loader reads them: {@code config.json} and the weights, either
 * {@code model.safetensors} or {@code model.safetensors.index.json} with every shard it names.
 * Used to check a config before a run starts and to confine a worker's reads.
 */
public final class HfCheckpointFiles {

  public static final String CONFIG = "config.json";

  private HfCheckpointFiles() {}

  /** The files that exist and will be read (config, single weights file or index + shards). */
  public static List<Path> present(Path dir) {
    List<Path> files = new ArrayList<>();
    Path config = dir.resolve(CONFIG);
    if (Files.isRegularFile(config)) {
      files.add(config);
    }
    Path single = dir.resolve(SafetensorsReader.SINGLE_FILE);
    Path index = dir.resolve(SafetensorsReader.INDEX_FILE);
    if (Files.isRegularFile(single)) {
      files.add(single);
    } else if (Files.isRegularFile(index)) {
      files.add(index);
      for (String shard : shards(index)) {
        Path p = dir.resolve(shard);
        if (Files.isRegularFile(p)) {
          files.add(p);
        }
      }
    }
    return files;
  }

  /** What is missing, one phrase each ("no config.json", ...); empty when the folder can be loaded. */
  public static List<String> missing(Path dir) {
    List<String> out = new ArrayList<>();
    if (!Files.isRegularFile(dir.resolve(CONFIG))) {
      out.add("no " + CONFIG);
    }
    Path single = dir.resolve(SafetensorsReader.SINGLE_FILE);
    Path index = dir.resolve(SafetensorsReader.INDEX_FILE);
    if (Files.isRegularFile(single)) {
      return out;
    }
    if (!Files.isRegularFile(index)) {
      out.add("no weights (" + SafetensorsReader.SINGLE_FILE + " or " + SafetensorsReader.INDEX_FILE + ")");
      return out;
    }
    List<String> shards = shards(index);
    if (shards.isEmpty()) {
      out.add(SafetensorsReader.INDEX_FILE + " names no weight files");
    }
    for (String shard : shards) {
      if (!Files.isRegularFile(dir.resolve(shard))) {
        out.add("no " + shard + " (named by " + SafetensorsReader.INDEX_FILE + ")");
      }
    }
    return out;
  }

  /** The distinct file names of an index's {@code weight_map}, in order; empty if it cannot be read. */
  static List<String> shards(Path index) {
    Set<String> names = new LinkedHashSet<>();
    try {
      JsonNode map = Json.MAPPER.readTree(Files.readString(index)).path("weight_map");
      for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
        String name = it.next().asText("");
        // a shard is a file of the folder itself: a name with a path in it is not read
        if (!name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".")) {
          names.add(name);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    return new ArrayList<>(names);
  }
}
