package dev.tooln1.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.ops.console.ConsoleBackend.BfclReportView;
import dev.tooln1.ops.console.ConsoleBackend.Document;
import dev.tooln1.ops.console.ConsoleBackend.EvalPoint;
import dev.tooln1.ops.console.ConsoleBackend.SampleView;
import dev.tooln1.ops.console.EvalRecords.EvalRecord;
import dev.tooln1.reward.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console reading a campaign directory written as the activities and the BFCL commands write it. */
class CampaignArtifactsTest {

  @TempDir
  Path root;

  private CampaignFixture campaign;
  private CampaignArtifacts artifacts;

  @BeforeEach
  void setUp() throws Exception {
    campaign = new CampaignFixture(root, "c1");
    artifacts = new CampaignArtifacts(root);
  }

  private static String text(Document d) {
    return new String(d.body(), StandardCharsets.UTF_8);
  }

  // --- recent samples ---

  @Test
  void samplesComeFromTheNewestScoredStepJoiningRewardsWithResponses() throws Exception {
    campaign.step(1, 3, 5);
    campaign.step(2, 3, 5);
    List<SampleView> samples = artifacts.samples("c1");
    assertThat(samples).hasSize(RecentSamples.DEFAULT_LIMIT);
    assertThat(samples).allSatisfy(s -> assertThat(s.step()).isEqualTo(2));
    SampleView first = samples.get(0);
    assertThat(first.promptId()).isEqualTo("task-0");
    assertThat(first.sample()).isZero();
    assertThat(first.reward()).isEqualTo(0.0);
    assertThat(first.reason()).isEqualTo("reason 0/0");
    assertThat(first.response()).isEqualTo(CampaignFixture.response(2, 0, 0));
    SampleView sixth = samples.get(5); // prompt 1, sample 0: groups of 5
    assertThat(sixth.promptId()).isEqualTo("task-1");
    assertThat(sixth.reward()).isEqualTo(1.0);
    assertThat(sixth.response()).isEqualTo(CampaignFixture.response(2, 1, 0));
    assertThat(samples).noneMatch(SampleView::truncated);
  }

  @Test
  void longResponsesAndReasonsAreCutToTheConsolesLimit() throws Exception {
    String longResponse = "x".repeat(RecentSamples.MAX_RESPONSE_CHARS + 500);
    campaign.store.put(CampaignLayout.rolloutUri(0, 0, 1),
        (Json.compact(CampaignFixture.rollout(0, 0, 0, longResponse)) + "\n").getBytes(StandardCharsets.UTF_8));
    campaign.store.put(CampaignLayout.rewardsUri(0), (Json.compact(CampaignFixture.reward(0, 0, 0,
        "r".repeat(1000))) + "\n").getBytes(StandardCharsets.UTF_8));
    SampleView s = artifacts.samples("c1").get(0);
    assertThat(s.truncated()).isTrue();
    assertThat(s.response()).hasSize(RecentSamples.MAX_RESPONSE_CHARS + 1).endsWith("…");
    assertThat(s.reason()).hasSize(RecentSamples.MAX_REASON_CHARS + 1);
  }

  @Test
  void samplesReadOnlyTheHeadOfTheRolloutsNotTheWholeFile() throws Exception {
    campaign.step(3, 2, 4);
    // Whatever follows the lines the console needs is never parsed: here, bytes that are not JSON.
    Path rollouts = campaign.dir.resolve(CampaignLayout.rolloutUri(3, 0, 1));
    StringBuilder tail = new StringBuilder(Files.readString(rollouts));
    for (int i = 0; i < 100; i++) {
      tail.append(Json.compact(CampaignFixture.rollout(3, 9, i, "later"))).append('\n');
    }
    tail.append("this is not JSON {{{\n");
    Files.writeString(rollouts, tail);
    assertThat(artifacts.samples("c1")).hasSize(8)
        .extracting(SampleView::response).contains(CampaignFixture.response(3, 1, 3));
  }

  @Test
  void missingOrPartlyWrittenArtifactsGiveNoSamplesAndNoError() throws Exception {
    assertThat(artifacts.samples("c1")).isEmpty(); // nothing yet

    // Scores being written: the file is there, its sidecar (written last) is not.
    Files.createDirectories(campaign.dir.resolve("rewards"));
    Files.writeString(campaign.dir.resolve(CampaignLayout.rewardsUri(1)),
        Json.compact(CampaignFixture.reward(0, 0, 1, "ok")) + "\n");
    assertThat(artifacts.samples("c1")).isEmpty();

    // Scores complete, rollouts missing.
    Files.delete(campaign.dir.resolve(CampaignLayout.rewardsUri(1)));
    campaign.store.put(CampaignLayout.rewardsUri(1),
        (Json.compact(CampaignFixture.reward(0, 0, 1, "ok")) + "\n").getBytes(StandardCharsets.UTF_8));
    assertThat(artifacts.samples("c1")).isEmpty();

    // Rollouts cut in the middle of their first line.
    String line = Json.compact(CampaignFixture.rollout(1, 0, 0, "hello"));
    campaign.store.put(CampaignLayout.rolloutUri(1, 0, 1),
        line.substring(0, line.length() / 2).getBytes(StandardCharsets.UTF_8));
    assertThat(artifacts.samples("c1")).isEmpty();
  }

  @Test
  void samplesFollowNewSteps() throws Exception {
    campaign.step(1, 1, 2);
    assertThat(artifacts.samples("c1")).extracting(SampleView::step).containsOnly(1);
    campaign.step(2, 1, 2);
    assertThat(artifacts.samples("c1")).extracting(SampleView::step).containsOnly(2);
  }

  // --- evaluations ---

  @Test
  void evaluationsCarryNAndTheWilsonInterval() throws Exception {
    campaign.heldOut("step-10", 10, 9, 40, null);
    campaign.heldOut("final", 20, 30, 40, null);
    List<EvalRecord> evals = artifacts.evals("c1");
    assertThat(evals).extracting(EvalRecord::label).containsExactly("step-10", "final");
    EvalPoint p = evals.get(0).point();
    Proportion expected = Proportion.of(9, 40);
    assertThat(p.step()).isEqualTo(10);
    assertThat(p.n()).isEqualTo(40);
    assertThat(p.accuracy()).isEqualTo(0.225);
    assertThat(p.lower()).isEqualTo(expected.lower());
    assertThat(p.upper()).isEqualTo(expected.upper());
    assertThat(evals.get(1).checkpointUri()).isEqualTo("checkpoints/step-000020");
  }

  @Test
  void anIntervalMissingFromTheRecordIsComputedFromItsCountsAndNeverInventedWithoutThem() throws Exception {
    var counts = Json.MAPPER.createObjectNode().put("step", 4).put("accuracy", 0.5).put("examples", 10).put("correct", 5);
    campaign.putJson(CampaignLayout.evalUri("step-4", 4), counts);
    var accuracyOnly = Json.MAPPER.createObjectNode().put("step", 8).put("accuracy", 0.5);
    campaign.putJson(CampaignLayout.evalUri("step-8", 8), accuracyOnly);
    List<EvalRecord> evals = artifacts.evals("c1");
    assertThat(evals).hasSize(2);
    EvalPoint computed = evals.get(0).point();
    assertThat(computed.n()).isEqualTo(10);
    assertThat(computed.lower()).isEqualTo(Proportion.of(5, 10).lower());
    assertThat(computed.upper()).isEqualTo(Proportion.of(5, 10).upper());
    EvalPoint bare = evals.get(1).point();
    assertThat(bare.accuracy()).isEqualTo(0.5);
    assertThat(bare.n()).isNull();
    assertThat(bare.lower()).isNull();
    assertThat(bare.upper()).isNull();
  }

  @Test
  void incompleteOrForeignEvalFilesAreSkipped() throws Exception {
    Files.createDirectories(campaign.dir.resolve("eval"));
    Files.writeString(campaign.dir.resolve("eval/step-2-step-000002.json"), "{\"accuracy\": 0.5}"); // no sidecar yet
    campaign.putJson("eval/notes-step-000003.json", Json.MAPPER.createObjectNode().put("text", "no accuracy"));
    campaign.store.put("eval/step-5-step-000005.json", "{\"accuracy\": 0.".getBytes(StandardCharsets.UTF_8));
    assertThat(artifacts.evals("c1")).isEmpty();
  }

  // --- BFCL reports ---

  @Test
  void campaignBfclEvaluationsAreListedPerCheckpointAndRenderedWithAComparison() throws Exception {
    campaign.heldOut("step-10", 10, 5, 10, CampaignFixture.verdicts(1, 4));
    campaign.heldOut("step-20", 20, 7, 10, CampaignFixture.verdicts(3, 4));
    List<BfclReportView> views = artifacts.bfcl("c1", artifacts.evals("c1"));
    assertThat(views).extracting(BfclReportView::step).containsExactly(10, 20, null);
    BfclReportView ten = views.get(0);
    assertThat(ten.label()).isEqualTo("step-10");
    assertThat(ten.source()).isEqualTo("campaign");
    assertThat(ten.items()).isEqualTo(5);
    assertThat(ten.aggregates()).containsKeys("non_live_ast", "live_ast", "irrelevance", "tool_n1_non_live",
        "tool_n1_live", "tool_n1_overall");
    // 1 of 4 simple_python right, nothing else of the column evaluated (no dataset sizes: weights 0)
    assertThat(ten.aggregates().get("tool_n1_overall")).isEqualTo((0.25 / 4 + 0) / 2);
    assertThat(ten.incomplete()).contains("non_live_ast", "live_ast", "tool_n1_non_live", "tool_n1_overall");
    assertThat(ten.url()).isEqualTo("/campaigns/c1/bfcl/step-10-step-000010.html");
    BfclReportView all = views.get(2);
    assertThat(all.runs()).isEqualTo(2);
    assertThat(all.url()).isEqualTo("/campaigns/c1/bfcl/comparison.html");

    String page = text(artifacts.bfclReport("c1", "step-20-step-000020").orElseThrow());
    assertThat(page).contains("<h2>step-20</h2>").contains("simple_python").contains("75.00%")
        .contains("<td>Overall (Tool-N1 Table 2)</td>")
        .doesNotContain("id=\"comparison\"");
    String comparison = text(artifacts.bfclReport("c1", ConsoleBackend.COMPARISON).orElseThrow());
    assertThat(comparison).contains("id=\"comparison\"").contains("<th>step-10</th><th>step-20</th>")
        .contains("25.00% (4)").contains("75.00% (4)");
    assertThat(artifacts.bfclReport("c1", "step-30-step-000030")).isEmpty();
    assertThat(artifacts.bfclReport("c1", "../c1/eval/step-10-step-000010")).isEmpty();
  }

  @Test
  void aSingleCampaignBfclEvaluationHasNoComparison() throws Exception {
    campaign.heldOut("step-10", 10, 5, 10, CampaignFixture.verdicts(1, 4));
    campaign.heldOut("step-20", 20, 5, 10, null); // held-out only
    assertThat(artifacts.bfcl("c1", artifacts.evals("c1"))).extracting(BfclReportView::step).containsExactly(10);
    assertThat(artifacts.bfclReport("c1", ConsoleBackend.COMPARISON)).isEmpty();
  }

  @Test
  void bfclEvalAndBfclReportFoldersUnderEvalAreFoundAndServed() throws Exception {
    campaign.bfclEvalFolder("bfcl-a", 4, CampaignFixture.verdicts(2, 4));
    // bfcl-report --results ... --out eval/compare: two runs, no results of its own
    Path compare = campaign.dir.resolve("eval/compare");
    Files.createDirectories(compare);
    var reports = List.of(
        dev.tooln1.activities.benchmarks.bfcl.BfclReport.of("step-4", java.util.Map.of(), CampaignFixture.verdicts(2, 4), java.util.Map.of()),
        dev.tooln1.activities.benchmarks.bfcl.BfclReport.of("step-8", java.util.Map.of(), CampaignFixture.verdicts(4, 4), java.util.Map.of()));
    dev.tooln1.activities.benchmarks.bfcl.BfclReportWriter.writeAll(reports, compare);
    // a folder whose name says the step, its model a path elsewhere
    Path byName = campaign.bfclEvalFolder("bfcl/step-000012", 12, CampaignFixture.verdicts(1, 2));
    Files.writeString(byName.resolve("run.json"), "{\"model\": \"/models/exported\"}");

    List<BfclReportView> views = artifacts.bfcl("c1", artifacts.evals("c1"));
    assertThat(views).extracting(BfclReportView::label).containsExactly("bfcl-a", "bfcl/step-000012", "compare");
    BfclReportView a = views.get(0);
    assertThat(a.step()).isEqualTo(4);
    assertThat(a.source()).isEqualTo("bfcl-eval");
    assertThat(a.url()).isEqualTo("/campaigns/c1/files/bfcl-a/report.html");
    assertThat(views.get(1).step()).isEqualTo(12);
    assertThat(views.get(1).url()).isEqualTo("/campaigns/c1/files/bfcl/step-000012/report.html");
    BfclReportView cmp = views.get(2);
    assertThat(cmp.step()).isNull();
    assertThat(cmp.runs()).isEqualTo(2);
    assertThat(cmp.source()).isEqualTo("bfcl-report");

    Document html = artifacts.evalFile("c1", "compare/report.html").orElseThrow();
    assertThat(html.contentType()).startsWith("text/html");
    assertThat(text(html)).contains("id=\"comparison\"");
    assertThat(artifacts.evalFile("c1", "bfcl-a/report.md").orElseThrow().contentType()).startsWith("text/markdown");
  }

  @Test
  void evalFilesCannotLeaveTheEvalFolder() throws Exception {
    campaign.bfclEvalFolder("bfcl-a", 4, CampaignFixture.verdicts(2, 4));
    Files.writeString(root.resolve("secret.html"), "<p>secret</p>");
    Files.writeString(campaign.dir.resolve("notes.html"), "<p>campaign, not eval</p>");
    Files.createDirectories(root.resolve("c2/eval"));
    Files.writeString(root.resolve("c2/eval/report.html"), "<p>other campaign</p>");
    Files.createSymbolicLink(campaign.dir.resolve("eval/link.html"), root.resolve("secret.html"));
    Files.createSymbolicLink(campaign.dir.resolve("eval/outside"), root);

    for (String path : List.of("../notes.html", "../../secret.html", "../../c2/eval/report.html",
        "bfcl-a/../../notes.html", root.resolve("secret.html").toString(), "link.html", "outside/secret.html",
        "..", "", "bfcl-a/results.jsonl", "bfcl-a", "nope.html")) {
      assertThat(artifacts.evalFile("c1", path)).as(path).isEmpty();
    }
    assertThat(artifacts.evalFile("c1", "bfcl-a/./report.html")).isPresent();
  }

  @Test
  void aCampaignWithNothingWrittenYetShowsNothing() {
    assertThat(artifacts.samples("c1")).isEmpty();
    assertThat(artifacts.evals("c1")).isEmpty();
    assertThat(artifacts.bfcl("c1", List.of())).isEmpty();
    assertThat(artifacts.bfclReport("c1", ConsoleBackend.COMPARISON)).isEmpty();
    assertThat(artifacts.evalFile("c1", "report.html")).isEqualTo(Optional.empty());
  }
}
