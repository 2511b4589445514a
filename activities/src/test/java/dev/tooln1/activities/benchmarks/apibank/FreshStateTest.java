package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every judged call starts from the initial databases: one sample's writes never reach the next. */
class FreshStateTest {

  private static ApiBankEvaluator evaluator;

  @BeforeAll
  static void load() {
    evaluator = ApiBankEvaluator.vendored();
  }

  @Test
  void deletingAnAccountDoesNotAffectTheNextSample() {
    ApiBankSample delete = evaluator.sample("DeleteAccount-ModifyPassword-GetUserToken-level-2-1.jsonl#1").orElseThrow();
    // judged twice: if the first deletion leaked, the second would find no such token
    assertThat(evaluator.judge(delete, delete.expectedOutput()).correct()).isTrue();
    assertThat(evaluator.judge(delete, delete.expectedOutput()).correct()).isTrue();
  }

  @Test
  void cancellingAndRegisteringLeaveTheInitialStateIntact() {
    ApiBankSample cancel = evaluator.sample("CancelRegistration-RecordHealthData-QueryRegistration-level-2-1.jsonl#0").orElseThrow();
    for (int i = 0; i < 3; i++) {
      assertThat(evaluator.judge(cancel, cancel.expectedOutput()).correct()).isTrue();
    }
    ApiBankSample register = evaluator.sample("AppointmentRegistration-level-1-1.jsonl#0").orElseThrow();
    for (int i = 0; i < 3; i++) {
      // a leaked registration would answer "This appointment has already been registered."
      assertThat(evaluator.judge(register, register.expectedOutput()).correct()).isTrue();
    }
  }

  @Test
  void aTwoStepFlowCannotBeCompletedAcrossSamples() {
    ApiBankSample first = evaluator.sample("ForgotPassword-ModifyPassword-GetUserToken-level-2-1.jsonl#0").orElseThrow();
    ApiBankSample second = evaluator.sample("ForgotPassword-ModifyPassword-GetUserToken-level-2-1.jsonl#2").orElseThrow();
    assertThat(evaluator.judge(first, first.expectedOutput()).correct()).isTrue();
    ApiBankVerdict v = evaluator.judge(second, second.expectedOutput());
    assertThat(v.correct()).isFalse();
    assertThat(v.result()).contains("You need to call the API with status 'Forgot Password' at first.");
  }

  @Test
  void worldsShareNothingAndTheInitialDataIsNeverWritten() {
    ApiWorld a = evaluator.freshWorld();
    a.db("Account").clear();
    a.db("Agenda").put("extra", Map.of());
    ApiWorld b = evaluator.freshWorld();
    assertThat(b.db("Account")).isNotEmpty();
    assertThat(b.db("Agenda")).doesNotContainKey("extra");
    // within one world, APIs sharing a database share the copy, as in Python
    ApiWorld c = evaluator.freshWorld();
    ApiRegistry registry = new ApiRegistry();
    Map<String, Object> deleted = registry.find("DeleteAccount").orElseThrow()
        .call(Map.of("token", "z9x8c7v6b5n4m3q2w1"), c);
    assertThat(deleted.get("exception")).isNull();
    assertThatTokenInvalid(registry.find("DeleteAccount").orElseThrow().call(Map.of("token", "z9x8c7v6b5n4m3q2w1"), c));
  }

  private static void assertThatTokenInvalid(Map<String, Object> result) {
    assertThat(result.get("exception")).isEqualTo("The token is invalid.");
  }
}
