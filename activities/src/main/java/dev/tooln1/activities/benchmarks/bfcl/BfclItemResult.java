package dev.tooln1.activities.benchmarks.bfcl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.bfcl.BfclCategory;
import java.util.Objects;

/**
 * The verdict on one item, as one line of a results file.
 *
 * @param errorType BFCL's error type ({@code ""} when valid)
 * @param reason {@code ok}, or the error type and the checker's messages
 * @param response the model's text as judged (null when not recorded)
 */
public record BfclItemResult(String id, BfclCategory category, boolean valid, String errorType, String reason,
    String response) {

  public BfclItemResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    errorType = errorType == null ? "" : errorType;
    Objects.requireNonNull(reason, "reason");
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("id", id);
    o.put("category", category.bfclName());
    o.put("valid", valid);
    o.put("error_type", errorType);
    o.put("reason", reason);
    if (response != null) {
      o.put("response", response);
    }
    return o;
  }

  /** @throws IllegalArgumentException naming the missing or mistyped field */
  public static BfclItemResult fromJson(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    String id = text(n, "id");
    BfclCategory category = BfclCategory.fromName(text(n, "category"));
    JsonNode valid = n.get("valid");
    if (valid == null || !valid.isBoolean()) {
      throw new IllegalArgumentException("missing boolean field 'valid'");
    }
    JsonNode errorType = n.get("error_type");
    JsonNode response = n.get("response");
    return new BfclItemResult(id, category, valid.asBoolean(), errorType == null ? "" : errorType.asText(),
        text(n, "reason"), response == null || response.isNull() ? null : response.asText());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing string field '" + field + "'");
    }
    return v.asText();
  }
}
