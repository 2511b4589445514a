package dev.tooln1.activities.data.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.data.RecordFilter;
import dev.tooln1.activities.data.ReferenceResponse;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.data.TaskRecords;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.reward.RewardResult;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.ToolN1Reward;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticToolWorldTest {

  private static final List<TaskRecord> TRAIN = new SyntheticToolWorld(42).generate(2000);

  @Test
  void sameSeedSameTasksAndALongerRunExtendsAShorterOne() {
    List<TaskRecord> again = new SyntheticToolWorld(42).generate(2000);
    assertThat(TaskRecords.toJsonLines(again)).isEqualTo(TaskRecords.toJsonLines(TRAIN));
    assertThat(new SyntheticToolWorld(42).generate(300)).isEqualTo(TRAIN.subList(0, 300));
    assertThat(new SyntheticToolWorld(43).generate(300)).isNotEqualTo(TRAIN.subList(0, 300));
  }

  @Test
  void everyTargetRenderedAsAToolN1ResponseScoresOne() {
    ToolN1Reward reward = new ToolN1Reward();
    for (TaskRecord t : concat(TRAIN, new SyntheticToolWorld(42).heldOut(500))) {
      RewardResult r = reward.score(ReferenceResponse.render(t), t.groundTruth());
      assertThat(r.reward()).as("%s: %s", t.id(), r.reason()).isEqualTo(1.0);
    }
    // and a wrong answer does not: the check is not vacuous
    TaskRecord first = TRAIN.stream().filter(t -> !t.isNoCall()).findFirst().orElseThrow();
    assertThat(reward.score(ReferenceResponse.render("x", List.of()), first.groundTruth()).reward()).isZero();
    assertThat(RewardRegistry.standard().get(RewardRegistry.DEFAULT).score(
        ReferenceResponse.render(first), first.groundTruth()).reward()).isEqualTo(1.0);
  }

  @Test
  void everyTaskPassesTheDataFiltersLikeRealDataAndNoTaskRepeats() {
    RecordFilter filter = new RecordFilter(RecordFilter.Options.all());
    assertThat(TRAIN).allSatisfy(t -> assertThat(filter.check(t)).as(t.id()).isEmpty());
    assertThat(TRAIN).allSatisfy(t -> {
      assertThat(t.source()).isEqualTo("synthetic");
      assertThat(t.messages()).hasSize(1);
      assertThat(t.messages().get(0).role()).isEqualTo("user");
      assertThat(TaskRecord.fromJsonLine(t.toJsonLine())).isEqualTo(t);
    });
  }

  @Test
  void coversEveryDifficultyInRoughlyTheStandardMix() {
    long noCall = TRAIN.stream().filter(TaskRecord::isNoCall).count();
    long parallel = TRAIN.stream().filter(t -> t.groundTruth().size() == 2).count();
    long single = TRAIN.stream().filter(t -> t.tools().size() == 1 && t.groundTruth().size() == 1).count();
    long nested = TRAIN.stream().filter(t -> t.groundTruth().size() == 1
        && argumentValues(t.groundTruth().get(0)).stream().anyMatch(v -> v.isContainerNode())).count();
    assertThat(noCall).isBetween(220L, 380L);      // 15%
    assertThat(parallel).isBetween(320L, 480L);    // 20%
    assertThat(nested).isBetween(130L, 280L);      // 10%
    assertThat(single).isBetween(380L, 620L);      // 25% (+ some nested with one tool offered)
    assertThat(TRAIN).allMatch(t -> t.tools().size() >= 1 && t.tools().size() <= 4);
    assertThat(TRAIN.stream().map(t -> t.groundTruth().stream().map(ToolCall::name).collect(Collectors.toSet()))
        .flatMap(Set::stream).distinct().count()).isEqualTo(14);
  }

  @Test
  void onlyOneDifficultyWhenTheMixSaysSo() {
    List<TaskRecord> none = new SyntheticToolWorld(1, new SyntheticToolWorld.Mix(0, 0, 0, 0, 1)).generate(200);
    assertThat(none).allMatch(TaskRecord::isNoCall);
    List<TaskRecord> par = new SyntheticToolWorld(1, new SyntheticToolWorld.Mix(0, 0, 1, 0, 0)).generate(200);
    assertThat(par).allMatch(t -> t.groundTruth().size() == 2
        && !t.groundTruth().get(0).canonicalKey().equals(t.groundTruth().get(1).canonicalKey()));
  }

  @Test
  void stringAndNumberValuesAreCopiedFromTheRequest() {
    // Except the arithmetic operation and the temperature unit's enum words, every scalar value
    // appears verbatim in the request, so a small model can learn to copy it.
    for (TaskRecord t : TRAIN) {
      String text = t.messages().get(0).content();
      for (ToolCall c : t.groundTruth()) {
        c.arguments().properties().forEach(e -> {
          if (!e.getKey().equals("operation")) {
            for (JsonNode v : scalars(e.getValue())) {
              assertThat(text).as("%s %s", t.id(), e.getKey()).contains(v.isTextual() ? v.asText() : v.toString());
            }
          }
        });
      }
    }
  }

  @Test
  void promptsAndTargetsAreShort() {
    int maxTarget = 0;
    int totalPrompt = 0;
    for (TaskRecord t : TRAIN) {
      maxTarget = Math.max(maxTarget, ReferenceResponse.render(t).length());
      totalPrompt += t.messages().get(0).content().length();
    }
    assertThat(maxTarget).isLessThan(320);            // ≈ 45 tokens on average, under ~90 at most
    assertThat(totalPrompt / TRAIN.size()).isLessThan(80);
    assertThat(TaskRecords.toJsonLines(TRAIN).length / TRAIN.size()).isLessThan(1400);
  }

  @Test
  void heldOutRequestsNeverOccurInTrainingAndAreReproducible() {
    List<TaskRecord> heldOut = new SyntheticToolWorld(42).heldOut(400);
    assertThat(new SyntheticToolWorld(42).heldOut(400)).isEqualTo(heldOut);
    assertThat(heldOut).allMatch(t -> t.id().startsWith("synthetic-heldout-"));
    Set<String> trainTexts = new HashSet<>();
    for (TaskRecord t : new SyntheticToolWorld(42).generate(10_000)) {
      trainTexts.add(t.messages().get(0).content());
    }
    assertThat(heldOut).noneMatch(t -> trainTexts.contains(t.messages().get(0).content()));
    assertThat(heldOut.stream().filter(TaskRecord::isNoCall).count()).isPositive();
    assertThat(heldOut.stream().filter(t -> t.groundTruth().size() == 2).count()).isPositive();
  }

  private static List<JsonNode> argumentValues(ToolCall c) {
    List<JsonNode> out = new java.util.ArrayList<>();
    c.arguments().elements().forEachRemaining(out::add);
    return out;
  }

  private static List<JsonNode> scalars(JsonNode v) {
    List<JsonNode> out = new java.util.ArrayList<>();
    if (v.isContainerNode()) {
      v.elements().forEachRemaining(x -> out.addAll(scalars(x)));
    } else {
      out.add(v);
    }
    return out;
  }

  private static List<TaskRecord> concat(List<TaskRecord> a, List<TaskRecord> b) {
    List<TaskRecord> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void printsAFewExamples() {
    // Not an assertion: shows the shape in the test report for whoever reads it.
    TRAIN.stream().limit(6).forEach(t -> System.out.println(new String(
        TaskRecords.toJsonLines(List.of(t)), StandardCharsets.UTF_8) + ReferenceResponse.render(t)));
  }

  @Test
  void quotedValuesPutEveryStatedStringValueInQuotesAndChangeNothingElse() {
    List<TaskRecord> plain = new SyntheticToolWorld(42, SyntheticToolWorld.Mix.standard(), false).generate(400);
    List<TaskRecord> quoted = new SyntheticToolWorld(42, SyntheticToolWorld.Mix.standard(), true).generate(400);
    int changed = 0;
    for (int i = 0; i < plain.size(); i++) {
      TaskRecord p = plain.get(i);
      TaskRecord q = quoted.get(i);
      assertThat(q.groundTruth()).isEqualTo(p.groundTruth());
      assertThat(q.tools()).isEqualTo(p.tools());
      String pt = p.messages().get(0).content();
      String qt = q.messages().get(0).content();
      // only quote characters were added
      assertThat(qt.replace("\"", "")).isEqualTo(pt.replace("\"", ""));
      changed += pt.equals(qt) ? 0 : 1;
      for (var call : q.groundTruth()) {
        call.arguments().fields().forEachRemaining(e -> {
          // stated as a whole word ("divide" inside "divided" is not a statement of the value)
          if (e.getValue().isTextual() && java.util.regex.Pattern.compile(
              "(?<![\\p{Alnum}])" + java.util.regex.Pattern.quote(e.getValue().asText()) + "(?![\\p{Alnum}])")
              .matcher(pt).find()) {
            assertThat(qt).as(q.id()).contains("\"" + e.getValue().asText() + "\"");
          }
        });
      }
    }
    // off-topic requests quote their values too, so quotes do not give away whether a tool fits
    long offTopicQuoted = quoted.stream().filter(TaskRecord::isNoCall)
        .filter(t -> t.messages().get(0).content().contains("\"")).count();
    assertThat(offTopicQuoted).isGreaterThan(10);
    assertThat(changed).isGreaterThan(250); // 294 of 400: the rest state only numbers or nothing (small talk)
  }

  @Test
  void quotingSkipsPartsOfWordsAndValuesAlreadyQuoted() {
    var call = dev.tooln1.reward.ToolCall.fromJson(dev.tooln1.reward.Json.parse(
        "{\"name\": \"t\", \"arguments\": {\"city\": \"Nice\", \"q\": \"bird migration\", \"who\": [\"Al\", \"Bob\"]}}"));
    assertThat(SyntheticToolWorld.quoted("Nicely done in Nice: \"bird migration\" for Alice, Al and Bob",
        List.of(call))).isEqualTo("Nicely done in \"Nice\": \"bird migration\" for Alice, \"Al\" and \"Bob\"");
  }
}
