package dev.tooln1.ops.config;

import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.checkpoints.HfCheckpointFiles;
import dev.tooln1.activities.campaign.prompts.TokenizerCache;
import dev.tooln1.activities.data.prepare.DataSpec;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run of a valid config needs on disk, checked before anything starts
 * ({@code campaign validate} and {@code campaign start}): the data spec and every input file it
 * names, a Hugging Face checkpoint folder with its config and weights, the tokenizer. Each problem is
 * one line naming the field and the absolute path, and says when the file is one the user supplies
 * (a missing vendored file means a broken checkout instead). A file inside a checkpoint folder that
 * is itself missing is not listed again.
 *
 * <p>Paths are resolved as {@link CampaignPaths} does, on this machine: the files must be readable
 * where the campaign is started (its workers read them from there or from a shared file system).
 */
public final class CampaignInputs {

  private CampaignInputs() {}

  /** Throws with every problem found; returns if the run has what it needs. */
  public static void check(CampaignSpec spec, Path configFile) throws ConfigException {
    List<String> problems = problems(spec, configFile);
    if (!problems.isEmpty()) {
      throw new ConfigException(configFile.toString(), problems);
    }
  }

  public static List<String> problems(CampaignSpec spec, Path configFile) {
    List<String> out = new ArrayList<>();
    Path missingCheckpoint = null;
    Path checkpoint = null;
    if (spec.model().checkpoint() != null) {
      checkpoint = Path.of(CampaignPaths.absolute(spec.model().checkpoint(), configFile));
      if (!Files.isDirectory(checkpoint)) {
        missingCheckpoint = checkpoint;
        out.add("model.checkpoint: " + checkpoint + " does not exist: supply this Hugging Face checkpoint "
            + "folder (config.json and model.safetensors, or model.safetensors.index.json with its shards)");
      } else {
        List<String> missing = HfCheckpointFiles.missing(checkpoint);
        if (!missing.isEmpty()) {
          out.add("model.checkpoint: " + checkpoint + " is not a complete Hugging Face checkpoint folder: "
              + String.join("; ", missing));
        }
      }
    }
    tokenizer(spec, configFile, checkpoint, missingCheckpoint, out);
    dataSpec(spec, configFile, out);
    return out;
  }

  private static void tokenizer(CampaignSpec spec, Path configFile, Path checkpoint, Path missingCheckpoint,
      List<String> out) {
    String t = spec.model().tokenizer();
    Path tok;
    boolean vendored = t != null && t.startsWith("vendored:");
    try {
      tok = t == null ? checkpoint : vendored ? TokenizerCache.locate(t) : Path.of(CampaignPaths.absolute(t, configFile));
    } catch (IllegalArgumentException e) {
      out.add("model.tokenizer: " + e.getMessage());
      return;
    }
    if (tok == null || (missingCheckpoint != null && tok.startsWith(missingCheckpoint))) {
      return; // said with the checkpoint folder
    }
    // What HfTokenizer.load reads: FILE or FOLDER/tokenizer.json, each also as .gz.
    Path json = Files.isDirectory(tok) ? tok.resolve("tokenizer.json") : tok;
    if (json.getFileName().toString().endsWith(".gz")) {
      json = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.gz$", ""));
    }
    if (DataFiles.resolve(json).isEmpty()) {
      out.add("model.tokenizer: " + (Files.exists(tok) ? json + " (nor .gz)" : tok) + " does not exist"
          + (vendored ? " in the project's data folder (an incomplete checkout?)"
              : ": supply a tokenizer.json or a folder holding one"));
    }
  }

  private static void dataSpec(CampaignSpec spec, Path configFile, List<String> out) {
    String d = spec.data().spec();
    Path file = Path.of(CampaignPaths.absolute(d, configFile));
    if (!Files.isRegularFile(file)) {
      out.add("data.spec: " + file + " does not exist");
      return;
    }
    DataSpec data;
    try {
      data = DataSpec.load(file);
    } catch (IOException | IllegalArgumentException e) {
      out.add("data.spec: " + e.getMessage());
      return;
    }
    for (int i = 0; i < data.sources().size(); i++) {
      DataSpec.SourceSpec s = data.sources().get(i);
      if (s.path() == null) {
        continue; // synthetic
      }
      String where = "data.spec " + file + ": sources[" + i + "] (" + s.displayName() + ")";
      Path p;
      try {
        p = s.resolvePath(file.getParent());
      } catch (IllegalArgumentException e) {
        out.add(where + ": " + e.getMessage());
        continue;
      }
      boolean vendored = s.path().startsWith(DataSpec.VENDORED);
      boolean folder = s.type().equals("bfcl");
      boolean present = folder ? Files.isDirectory(p) : DataFiles.resolve(p).isPresent();
      if (!present) {
        out.add(where + ": " + p + (folder ? "" : " (nor .gz)") + " does not exist"
            + (vendored ? " in the project's data folder (an incomplete checkout?)"
                : ": supply this " + (folder ? "folder" : "file") + " (see the data spec's comments)"));
      }
    }
  }
}
