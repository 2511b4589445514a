package dev.tooln1.activities.benchmarks.apibank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolSpec;
import dev.tooln1.reward.io.DataFiles;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiBankDatasetTest {

  private static ApiBankEvaluator evaluator;
  private static Map<String, JsonNode> official;

  @BeforeAll
  static void load() throws Exception {
    evaluator = ApiBankEvaluator.vendored();
    official = new HashMap<>();
    for (JsonNode p : Json.MAPPER.readTree(DataFiles.readString(DataFiles.vendored("api-bank/test-data/level-1-api.json")))) {
      official.put(p.path("file").asText() + "#" + p.path("id").asInt(), p);
    }
  }

  @Test
  void buildsExactlyTheOfficial399SamplesWithTheirKeysAndTargets() {
    List<ApiBankSample> samples = evaluator.samples();
    assertThat(samples).hasSize(399);
    Set<String> keys = new HashSet<>();
    samples.forEach(s -> keys.add(s.key()));
    assertThat(keys).isEqualTo(official.keySet());
    for (ApiBankSample s : samples) {
      assertThat(s.expectedOutput()).as(s.key()).isEqualTo(official.get(s.key()).path("expected_output").asText());
    }
  }

  @Test
  void rendersTheHistoryExactlyAsTheBenchmarkPreparedIt() {
    for (ApiBankSample s : evaluator.samples()) {
      assertThat(s.input()).as(s.key()).isEqualTo(official.get(s.key()).path("input").asText());
      assertThat(s.instruction()).as(s.key()).isEqualTo(official.get(s.key()).path("instruction").asText());
    }
  }

  @Test
  void has389DistinctTargetsBecauseAnApiLineAfterAnApiLineIsEmittedTwice() {
    Set<String> targets = new HashSet<>();
    evaluator.samples().forEach(s -> targets.add(s.file() + "@" + s.history().size()));
    assertThat(targets).hasSize(389);
  }

  @Test
  void subsetsExcludingMultiTurnHave212FirstCallsAnd61SingleUserTurnHistories() {
    assertThat(evaluator.samples().stream().filter(ApiBankSample::firstCallOfDialog).count()).isEqualTo(212);
    assertThat(evaluator.samples().stream().filter(s -> s.userTurns() == 1).count()).isEqualTo(61);
    assertThat(evaluator.samples().stream().filter(ApiBankSample::firstCallOfDialog).allMatch(s -> s.id() == 0)).isTrue();
  }

  @Test
  void offersEveryApiOfTheDialogAsToolsTheSameSetTheBenchmarkDescribes() {
    Pattern name = Pattern.compile("^\\{\"name\": \"(\\w+)\"", Pattern.MULTILINE);
    for (ApiBankSample s : evaluator.samples()) {
      Set<String> described = new LinkedHashSet<>();
      Matcher m = name.matcher(s.instruction());
      while (m.find()) {
        described.add(m.group(1));
      }
      assertThat(new HashSet<>(s.dialogApis())).as(s.key()).isEqualTo(described);
      ApiBankEvaluator.Prompt p = evaluator.prompt(s);
      assertThat(p.tools()).extracting(ToolSpec::name).containsExactlyElementsOf(s.dialogApis());
      assertThat(p.input()).endsWith("Generate API Request:\n");
    }
  }

  @Test
  void toolSchemasCarryDeclaredTypesAndTheSignaturesRequiredParameters() {
    ApiBankSample s = evaluator.samples().stream().filter(x -> x.apiName().equals("BookHotel")).findFirst().orElseThrow();
    ToolSpec hotel = evaluator.prompt(s).tools().get(s.dialogApis().indexOf("BookHotel"));
    assertThat(hotel.parameters().path("properties").path("room_count").path("type").asText()).isEqualTo("integer");
    assertThat(hotel.parameters().path("required")).hasSize(6);
    ApiBankSample r = evaluator.samples().stream().filter(x -> x.apiName().equals("ModifyRegistration")).findFirst().orElseThrow();
    ToolSpec modify = evaluator.prompt(r).tools().get(r.dialogApis().indexOf("ModifyRegistration"));
    assertThat(modify.parameters().path("required").toString()).isEqualTo("[\"appointment_id\"]");
  }
}
