package dev.tooln1.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.ops.Main;
import dev.tooln1.reward.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiBankCheckCommandTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  private Path write(String... lines) throws Exception {
    Path f = dir.resolve("responses.jsonl");
    Files.write(f, List.of(lines));
    return f;
  }

  private Path twoResponses() throws Exception {
    return write(
        "{\"file\": \"Calculator-level-1-1.jsonl\", \"id\": 0, \"response\": "
            + "\"<think>add then multiply</think><tool_call>[{\\\"name\\\": \\\"Calculator\\\", \\\"arguments\\\": {\\\"formula\\\": \\\"( 5 + 6 ) * 3\\\"}}]</tool_call>\"}",
        "",
        "{\"sample\": \"AddAgenda-AddAlarm-GetUserToken-level-2-1.jsonl#0\", \"response\": \"API-Request: [GetUserToken(username='JaneSmith', password='wrong')]\"}");
  }

  @Test
  void scoresOverAll399CountingASampleWithoutAResponseAsWrongAndWritesTheFullReport() throws Exception {
    Path f = twoResponses();
    Path report = dir.resolve("out/report.json");
    int code = Main.run("apibank-check", "--responses", f.toString(), "--out", report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("API-Bank level-1 call accuracy: 0.3% [0.0, 1.4] (1/399)")
        .contains("scored over all 399 level-1 samples (the whole set); 2 judged, 397 without a response (counted wrong)")
        .doesNotContain("not the whole level-1 set");
    JsonNode r = Json.MAPPER.readTree(report.toFile());
    assertThat(r.path("overall").path("correct").asInt()).isEqualTo(1);
    assertThat(r.path("overall").path("total").asInt()).isEqualTo(399);
    assertThat(r.path("n").asInt()).isEqualTo(399);
    assertThat(r.path("missing").asInt()).isEqualTo(397);
    assertThat(r.at("/scope/whole_set").asBoolean()).isTrue();
    assertThat(r.at("/scope/scored_over").asInt()).isEqualTo(399);
    // per API too, a sample without a response is wrong: 1 of Calculator's 9
    assertThat(r.path("per_api").path("Calculator").path("correct").asInt()).isEqualTo(1);
    assertThat(r.path("per_api").path("Calculator").path("total").asInt()).isEqualTo(9);
    assertThat(r.path("items")).hasSize(2);
    JsonNode token = r.path("items").get(0).path("api").asText().equals("GetUserToken") ? r.path("items").get(0) : r.path("items").get(1);
    assertThat(token.path("correct").asBoolean()).isFalse();
    assertThat(token.path("result").asText()).contains("The password is incorrect.");
    assertThat(r.path("subsets").path("first-call").path("total").asInt()).isEqualTo(212);
  }

  @Test
  void aPartialSetOfResponsesIsScoredOverItsSubsetOnlyWhenAsked() throws Exception {
    Path f = twoResponses();
    Path report = dir.resolve("responded.json");
    assertThat(Main.run("apibank-check", "--responses", f.toString(), "--subset", "responded", "--out", report.toString()))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("API-Bank level-1 call accuracy: 50.0% [9.5, 90.5] (1/2)")
        .contains("scored over 2 of 399 level-1 samples: those with a response; 2 judged")
        .contains("not the whole level-1 set: not comparable with scores on all 399 samples");
    JsonNode r = Json.MAPPER.readTree(report.toFile());
    assertThat(r.path("n").asInt()).isEqualTo(2);
    assertThat(r.at("/scope/subset").asText()).isEqualTo("responded");
    assertThat(r.at("/scope/whole_set").asBoolean()).isFalse();

    out.reset();
    assertThat(Main.run("apibank-check", "--responses", f.toString(), "--subset", "one-user-turn")).isZero();
    assertThat(out.toString()).contains("scored over 61 of 399 level-1 samples: histories with one User turn");

    out.reset();
    assertThat(Main.run("apibank-check", "--responses", f.toString(), "--subset", "first-call")).isZero();
    assertThat(out.toString()).contains("(1/212)")
        .contains("scored over 212 of 399 level-1 samples: first call of each dialog; 2 judged, 210 without a response");

    err.reset();
    assertThat(Main.run("apibank-check", "--responses", f.toString(), "--subset", "multi")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("tooln1 apibank-check: --subset: unknown API-Bank subset 'multi' "
        + "(expected one of all, first-call, one-user-turn, or responded)");
  }

  @Test
  void badInputIsOneLineNamingFileAndLineWithExitCode2() throws Exception {
    Path bad = write("{\"file\": \"Calculator-level-1-1.jsonl\", \"id\": 0, \"response\": \"x\"}", "{not json");
    assertThat(Main.run("apibank-check", "--responses", bad.toString())).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("tooln1 apibank-check: " + bad + ":2: not valid JSON");

    err.reset();
    Path unknown = write("{\"file\": \"Calculator-level-1-1.jsonl\", \"id\": 1, \"response\": \"x\"}");
    assertThat(Main.run("apibank-check", "--responses", unknown.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(unknown + ":1: unknown sample 'Calculator-level-1-1.jsonl#1'");

    err.reset();
    Path twice = write("{\"sample\": \"Calculator-level-1-1.jsonl#0\", \"response\": \"x\"}",
        "{\"sample\": \"Calculator-level-1-1.jsonl#0\", \"response\": \"y\"}");
    assertThat(Main.run("apibank-check", "--responses", twice.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(":2: second response for sample");

    err.reset();
    Path noResponse = write("{\"sample\": \"Calculator-level-1-1.jsonl#0\", \"response\": 3}");
    assertThat(Main.run("apibank-check", "--responses", noResponse.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(":1: field 'response' must be a string");

    err.reset();
    assertThat(Main.run("apibank-check", "--responses", dir.resolve("absent.jsonl").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("absent.jsonl: no such file").doesNotContain("Exception");
  }
}
