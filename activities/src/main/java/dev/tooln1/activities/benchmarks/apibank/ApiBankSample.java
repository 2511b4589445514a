package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One level-1 "Call" sample: the dialog history before an API line (the context) and that line (the
 * target). {@code id} is the index in the dialog's official sample list, so {@code (file, id)} is the
 * key of {@code test-data/level-1-api.json}.
 *
 * @param instruction the benchmark's prepared instruction (header and API descriptions)
 * @param input the history rendered as the benchmark renders it, ending in "Generate API Request:\n"
 * @param expectedOutput {@code API-Request: [Name(k='v', ...)]} of the target
 * @param goldParams the target's {@code param_dict} (the gold call's arguments)
 * @param goldResult the target's recorded result, which the official rule compares against
 * @param dialogApis every API that occurs in the dialog (the tools offered), in order of first use
 * @param firstCallOfDialog whether this is the dialog's first API call
 * @param userTurns how many User turns the history holds
 */
public record ApiBankSample(
    String file,
    int id,
    String apiName,
    List<JsonNode> history,
    String instruction,
    String input,
    String expectedOutput,
    JsonNode goldParams,
    JsonNode goldResult,
    List<String> dialogApis,
    boolean firstCallOfDialog,
    int userTurns) {

  public ApiBankSample {
    history = List.copyOf(history);
    dialogApis = List.copyOf(dialogApis);
  }

  /** The sample id used by {@code tooln1 apibank-check}: {@code <file>#<id>}. */
  public String key() {
    return key(file, id);
  }

  public static String key(String file, int id) {
    return file + "#" + id;
  }
}
