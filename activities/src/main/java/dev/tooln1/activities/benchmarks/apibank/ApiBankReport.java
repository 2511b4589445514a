package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import java.util.List;
import java.util.Map;

/**
 * Accuracy of a set of responses: overall, per target API, and on the two subsets the paper's
 * "excluding multi-turn" may mean (the first call of each dialog; histories with a single User turn),
 * with every item's verdict.
 *
 * @param missing samples of the benchmark with no response (not counted in the scores; reports with the
 *     official denominator, a missing sample counted wrong, are {@link ApiBankRunReport}s)
 */
public record ApiBankReport(
    Score overall,
    Map<String, Score> perApi,
    Map<String, Score> subsets,
    int missing,
    List<ApiBankVerdict> items) {

  public static final String FIRST_CALL = "first_call_of_dialog";
  public static final String SINGLE_USER_TURN = "single_user_turn";

  /** {@code correct} of {@code total}. */
  public record Score(int correct, int total) {
    public double accuracy() {
      return total == 0 ? 0 : (double) correct / total;
    }

    public ObjectNode toJson() {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("correct", correct);
      o.put("total", total);
      o.put("accuracy", Math.round(accuracy() * 1e6) / 1e6);
      return o;
    }
  }

  /** The report as JSON: scores with accuracies, then every item. */
  public ObjectNode toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("benchmark", "API-Bank level-1 call (execution-checked)");
    root.set("overall", overall.toJson());
    ObjectNode subs = root.putObject("subsets");
    subsets.forEach((k, v) -> subs.set(k, v.toJson()));
    ObjectNode apis = root.putObject("per_api");
    perApi.forEach((k, v) -> apis.set(k, v.toJson()));
    root.put("missing", missing);
    var arr = root.putArray("items");
    for (ApiBankVerdict v : items) {
      ObjectNode o = arr.addObject();
      o.put("sample", v.sample());
      o.put("api", v.api());
      o.put("correct", v.correct());
      o.put("reason", v.reason());
      o.put("call", v.call());
      o.put("result", v.result());
    }
    return root;
  }

  /** A short human summary: overall and subset lines. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("API-Bank level-1 call accuracy: %d/%d = %.4f%n", overall.correct(), overall.total(),
        overall.accuracy()));
    subsets.forEach((k, s) -> sb.append(String.format("  %-22s %d/%d = %.4f%n", k, s.correct(), s.total(), s.accuracy())));
    if (missing > 0) {
      sb.append(String.format("  (%d samples had no response and are not scored)%n", missing));
    }
    return sb.toString();
  }
}
