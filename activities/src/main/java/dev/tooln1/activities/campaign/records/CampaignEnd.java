package dev.tooln1.activities.campaign.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.CampaignOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * How a campaign workflow ended, as it is kept in the campaign directory ({@link CampaignEndRecords}):
 *
 * <pre>
 * {"campaign": "demo", "phase": "COMPLETED", "step": 40, "endedAt": "2026-11-23T14:19:38.123Z", "error": null}
 * </pre>
 *
 * @param phase {@code COMPLETED}, {@code STOPPED} (ended early on the stop signal) or {@code FAILED}
 * @param step completed GRPO steps when it ended
 * @param error the failure's message when FAILED, else null
 */
public record CampaignEnd(String campaign, CampaignOutcome phase, int step, Instant endedAt, String error) {

  public CampaignEnd {
    Objects.requireNonNull(campaign, "campaign");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(endedAt, "endedAt");
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, was " + step);
    }
  }

  /** The record's bytes as written (pretty JSON, one trailing newline): equal ends, equal bytes. */
  public byte[] toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("campaign", campaign);
    o.put("phase", phase.name());
    o.put("step", step);
    o.put("endedAt", endedAt.toString());
    if (error == null) {
      o.putNull("error");
    } else {
      o.put("error", error);
    }
    try {
      return (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an ObjectNode always serialises", e);
    }
  }

  /**
   * Reads a record written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException naming the first field that is missing or malformed
   */
  public static CampaignEnd fromJson(byte[] bytes) {
    JsonNode n = Json.parse(new String(bytes, StandardCharsets.UTF_8));
    if (!n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String campaign = text(n, "campaign");
    CampaignOutcome phase;
    try {
      phase = CampaignOutcome.valueOf(text(n, "phase"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'phase': '" + n.path("phase").asText()
          + "' is none of COMPLETED, STOPPED, FAILED");
    }
    if (!n.path("step").canConvertToInt()) {
      throw new IllegalArgumentException("field 'step': not an integer");
    }
    Instant endedAt;
    try {
      endedAt = Instant.parse(text(n, "endedAt"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field 'endedAt': not an ISO-8601 instant");
    }
    String error = n.path("error").isTextual() ? n.path("error").asText() : null;
    return new CampaignEnd(campaign, phase, n.path("step").asInt(), endedAt, error);
  }

  private static String text(JsonNode n, String field) {
    if (!n.path(field).isTextual()) {
      throw new IllegalArgumentException("field '" + field + "': missing or not a string");
    }
    return n.path(field).asText();
  }
}
