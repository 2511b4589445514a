package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Systematic corruptions of the gold calls that the official evaluator accepts are all judged wrong. */
class CorruptionTest {

  /** APIs whose rule compares every input exactly (no normalisation, no similarity). */
  private static final Set<String> EXACT_RULE = Set.of("GetUserToken", "DeleteAccount", "ModifyPassword",
      "ForgotPassword", "AddAlarm", "DeleteAlarm", "ModifyAlarm", "QueryAlarm", "BookHotel", "OpenBankAccount",
      "ImageCaption", "SpeechRecognition");

  private static ApiBankEvaluator evaluator;
  private static List<ApiBankSample> accepted;

  @BeforeAll
  static void load() {
    evaluator = ApiBankEvaluator.vendored();
    accepted = new ArrayList<>();
    for (ApiBankSample s : evaluator.samples()) {
      if (evaluator.judge(s, respond(s.apiName(), s.goldParams().deepCopy())).correct()) {
        accepted.add(s);
      }
    }
    assertThat(accepted).hasSize(347);
  }

  static String respond(String name, JsonNode arguments) {
    ObjectNode call = Json.MAPPER.createObjectNode();
    call.put("name", name);
    call.set("arguments", arguments);
    return "<think>ok</think><tool_call>[" + Json.compact(call) + "]</tool_call>";
  }

  private static List<String> names(JsonNode params) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void aDifferentApiIsWrong() {
    for (ApiBankSample s : accepted) {
      String other = s.apiName().equals("Calculator") ? "GetToday" : "Calculator";
      ApiBankVerdict v = evaluator.judge(s, respond(other, s.goldParams()));
      assertThat(v.correct()).as(s.key()).isFalse();
      assertThat(v.reason()).startsWith("API name mismatch");
    }
  }

  @Test
  void aMissingRequiredParameterIsWrong() {
    ApiRegistry registry = new ApiRegistry();
    int cases = 0;
    for (ApiBankSample s : accepted) {
      ApiDefinition api = registry.find(s.apiName()).orElseThrow();
      for (String p : names(s.goldParams())) {
        if (!api.isRequired(p)) {
          continue;
        }
        ObjectNode args = s.goldParams().deepCopy();
        args.remove(p);
        ApiBankVerdict v = evaluator.judge(s, respond(s.apiName(), args));
        assertThat(v.correct()).as(s.key() + " without " + p).isFalse();
        assertThat(v.reason()).contains("missing 1 required positional argument: '" + p + "'");
        cases++;
      }
    }
    assertThat(cases).isEqualTo(691);
  }

  @Test
  void aBadlyTypedOrUnknownParameterIsWrong() {
    int typed = 0;
    for (ApiBankSample s : accepted) {
      ObjectNode extra = s.goldParams().deepCopy();
      extra.put("unknown_parameter", "x");
      assertThat(evaluator.judge(s, respond(s.apiName(), extra)).reason())
          .isEqualTo("call rejected: invalid parameter name. parameter: unknown_parameter");
      for (String p : List.of("room_count", "adult_count", "child_count", "verification_code")) {
        if (s.goldParams().has(p)) {
          for (JsonNode bad : List.of(Json.MAPPER.getNodeFactory().textNode("two"),
              Json.MAPPER.getNodeFactory().numberNode(2.5), Json.MAPPER.getNodeFactory().numberNode(-1))) {
            ObjectNode args = s.goldParams().deepCopy();
            args.set(p, bad);
            ApiBankVerdict v = evaluator.judge(s, respond(s.apiName(), args));
            assertThat(v.correct()).as(s.key() + " " + p + "=" + bad).isFalse();
            assertThat(v.reason()).startsWith("call rejected: invalid parameter type");
            typed++;
          }
        }
      }
    }
    assertThat(typed).isGreaterThan(10);
  }

  @Test
  void wrongValuesAreWrong() {
    for (ApiBankSample s : accepted) {
      List<String> params = names(s.goldParams());
      if (params.isEmpty()) {
        continue; // GetToday takes nothing
      }
      ObjectNode all = s.goldParams().deepCopy();
      params.forEach(p -> all.put(p, "zz corrupted zz"));
      assertThat(evaluator.judge(s, respond(s.apiName(), all)).correct()).as(s.key() + " all values").isFalse();
      if (EXACT_RULE.contains(s.apiName())) {
        for (String p : params) {
          ObjectNode one = s.goldParams().deepCopy();
          JsonNode v = one.get(p);
          one.put(p, v.isTextual() ? v.asText() + "x" : v.asText() + "1");
          assertThat(evaluator.judge(s, respond(s.apiName(), one)).correct()).as(s.key() + " " + p).isFalse();
        }
      }
    }
  }

  @Test
  void outputsWithoutAUsableCallAreWrong() {
    ApiBankSample s = accepted.get(0);
    assertThat(evaluator.judge(s, "<think>hmm</think><tool_call>[]</tool_call>").reason()).contains("no call");
    assertThat(evaluator.judge(s, "<think>hmm</think><tool_call>[{\"name\": 1}]</tool_call>").correct()).isFalse();
    assertThat(evaluator.judge(s, "<think>hmm</think><tool_call>not json</tool_call>").reason()).contains("not JSON");
    assertThat(evaluator.judge(s, "I cannot help with that.").reason()).isEqualTo("no API call found");
    assertThat(evaluator.judge(s, "").correct()).isFalse();
  }
}
