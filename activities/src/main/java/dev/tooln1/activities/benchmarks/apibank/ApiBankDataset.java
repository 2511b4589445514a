package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.io.DataFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The 399 level-1 API-call samples, built from the dialogs the way API-Bank's
 * {@code Sample.from_chat_history} builds them: for every API line i it emits (history[:i] -> line i)
 * and (history[:i+1] -> line i+1), numbering them in that order; the API-targeted ones are kept. An
 * API line followed by another API line therefore yields the second as a target twice.
 */
public final class ApiBankDataset {

  static final String GENERATE = "Generate API Request:\n";

  private final List<ApiBankSample> samples;
  private final List<JsonNode> apiTurns;

  private ApiBankDataset(List<ApiBankSample> samples, List<JsonNode> apiTurns) {
    this.samples = Collections.unmodifiableList(samples);
    this.apiTurns = Collections.unmodifiableList(apiTurns);
  }

  /** From the vendored {@code data/api-bank}. */
  public static ApiBankDataset vendored() {
    Path dir = DataFiles.vendored("api-bank");
    return load(dir.resolve("level-1-given-desc.jsonl"), dir.resolve("test-data/level-1-api.json"));
  }

  /**
   * @param dialogs JSON Lines {@code {"file", "turns": [...]}} (plain or .gz)
   * @param prepared the benchmark's prepared prompts (for the instruction text, whose API order came
   *     from a Python set and cannot be rebuilt)
   */
  public static ApiBankDataset load(Path dialogs, Path prepared) {
    Map<String, String> instructions = new HashMap<>();
    try {
      for (JsonNode p : Json.MAPPER.readTree(DataFiles.readString(prepared))) {
        instructions.put(ApiBankSample.key(p.path("file").asText(), p.path("id").asInt()),
            p.path("instruction").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + prepared, e);
    }
    List<ApiBankSample> samples = new ArrayList<>();
    List<JsonNode> apiTurns = new ArrayList<>();
    try (BufferedReader r = DataFiles.openReader(dialogs)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode d = Json.MAPPER.readTree(line);
        String file = d.path("file").asText();
        List<JsonNode> turns = new ArrayList<>();
        d.path("turns").forEach(turns::add);
        if (file.isEmpty() || !d.path("turns").isArray()) {
          throw new IllegalStateException(dialogs + ":" + lineNo + ": a dialog needs 'file' and 'turns'");
        }
        turns.stream().filter(t -> "API".equals(t.path("role").asText())).forEach(apiTurns::add);
        samples.addAll(fromDialog(file, turns, instructions));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dialogs, e);
    }
    return new ApiBankDataset(samples, apiTurns);
  }

  static List<ApiBankSample> fromDialog(String file, List<JsonNode> turns, Map<String, String> instructions) {
    Set<String> apis = new LinkedHashSet<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      if ("API".equals(turns.get(i).path("role").asText())) {
        apis.add(turns.get(i).path("api_name").asText());
        positions.add(i);
      }
    }
    List<ApiBankSample> out = new ArrayList<>();
    int id = 0;
    boolean first = true;
    for (int pos : positions) {
      for (int target : new int[] {pos, pos + 1}) {
        if (target < turns.size() && "API".equals(turns.get(target).path("role").asText())) {
          List<JsonNode> history = turns.subList(0, target);
          JsonNode t = turns.get(target);
          out.add(new ApiBankSample(file, id, t.path("api_name").asText(), history,
              instructions.getOrDefault(ApiBankSample.key(file, id), ""), renderInput(history),
              "API-Request: " + renderCall(t), t.path("param_dict"), t.path("result"), new ArrayList<>(apis),
              first && target == pos, (int) history.stream().filter(h -> "User".equals(h.path("role").asText())).count()));
        }
        id++;
      }
      first = false;
    }
    return out;
  }

  /** The benchmark's history text: User/AI lines and earlier calls with their outputs. */
  static String renderInput(List<JsonNode> history) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode t : history) {
      switch (t.path("role").asText()) {
        case "User" -> sb.append("User: ").append(t.path("text").asText()).append('\n');
        case "AI" -> sb.append("AI: ").append(t.path("text").asText()).append('\n');
        case "API" -> sb.append("API-Request: ").append(renderCall(t)).append("->")
            .append(Py.str(Py.fromJson(t.path("result").path("output")))).append('\n');
        default -> throw new IllegalStateException("unknown role " + t.path("role"));
      }
    }
    return sb.append(GENERATE).toString();
  }

  static String renderCall(JsonNode apiTurn) {
    @SuppressWarnings("unchecked")
    Map<String, Object> params = (Map<String, Object>) Py.fromJson(apiTurn.path("param_dict"));
    return ApiCallText.render(apiTurn.path("api_name").asText(), params == null ? new LinkedHashMap<>() : params);
  }

  public List<ApiBankSample> samples() {
    return samples;
  }

  /** Every API line of every dialog (the source of {@link RecordedResponses}). */
  public List<JsonNode> apiTurns() {
    return apiTurns;
  }
}
