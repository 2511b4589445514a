package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import java.util.Objects;

/**
 * The verdict on one sample's response, as one line of an API-Bank results file. The field names
 * {@code sample} and {@code response} are those {@code tooln1 apibank-check} reads, so a results file
 * can be re-judged by it.
 *
 * @param sample the sample key {@code <file>#<id>}
 * @param api the target API
 * @param correct the official verdict
 * @param reason {@code correct}, or why not (see {@link ApiBankVerdict#reason()})
 * @param call the call text judged, null when none was found
 * @param result the executed result (Python repr), null when the API did not run
 * @param response the model's text as judged, null when not recorded
 */
public record ApiBankItemResult(String sample, String api, boolean correct, String reason, String call, String result,
    String response) {

  public ApiBankItemResult {
    Objects.requireNonNull(sample, "sample");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(reason, "reason");
  }

  public static ApiBankItemResult of(ApiBankVerdict v, String response) {
    return new ApiBankItemResult(v.sample(), v.api(), v.correct(), v.reason(), v.call(), v.result(), response);
  }

  /**
   * Why a response failed, in a few words (the kind of {@link ApiBankEvaluator#judge}'s reason without
   * its details), for the reports' tallies; {@code correct} when it did not fail.
   */
  public String failureKind() {
    if (correct) {
      return "correct";
    }
    if (reason.startsWith("no API call found")) {
      return "no call";
    }
    if (reason.startsWith("API name mismatch")) {
      return "wrong API";
    }
    if (reason.startsWith("call rejected")) {
      return "call rejected (parameters)";
    }
    if (reason.startsWith("result differs")) {
      return "result differs from gold";
    }
    if (reason.startsWith("checker")) {
      return "checker error";
    }
    return "other";
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("sample", sample);
    o.put("api", api);
    o.put("correct", correct);
    o.put("reason", reason);
    o.put("call", call);
    o.put("result", result);
    if (response != null) {
      o.put("response", response);
    }
    return o;
  }

  /** @throws IllegalArgumentException naming the missing or mistyped field */
  public static ApiBankItemResult fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    String sample = text(n, "sample");
    String api = text(n, "api");
    JsonNode correct = n.get("correct");
    if (correct == null || !correct.isBoolean()) {
      throw new IllegalArgumentException("missing boolean field 'correct'");
    }
    return new ApiBankItemResult(sample, api, correct.asBoolean(), text(n, "reason"), optionalText(n, "call"),
        optionalText(n, "result"), optionalText(n, "response"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing string field '" + field + "'");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string or null");
    }
    return v.asText();
  }
}
