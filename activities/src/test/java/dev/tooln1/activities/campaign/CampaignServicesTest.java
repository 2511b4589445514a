package dev.tooln1.activities.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.campaign.prompts.CompactToolPrompt;
import dev.tooln1.activities.campaign.prompts.PromptCodec;
import dev.tooln1.activities.campaign.prompts.TokenizerCache;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.MergeRolloutsRequest;
import dev.tooln1.workflows.dto.PreparedData;
import dev.tooln1.workflows.dto.RolloutRequest;
import dev.tooln1.workflows.dto.RolloutResult;
import dev.tooln1.workflows.dto.ScoreRequest;
import dev.tooln1.workflows.dto.ScoreResult;
import dev.tooln1.workflows.dto.SftRequest;
import dev.tooln1.workflows.dto.SftResult;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign services on the tiny preset, one campaign walked through prepare → SFT → rollout →
 * score → update → evaluate (methods in order, sharing one tokenizer and one worker's caches), with
 * idempotence, determinism across campaigns and shards, and corrupt-checkpoint detection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CampaignServicesTest {

  @TempDir
  static Path tmp;

  static final TokenizerCache TOKENIZERS = new TokenizerCache();
  static final WorkLog WORK = new WorkLog();
  static final PolicyCache CACHE = new PolicyCache();
  static final ScoreService SCORES = new ScoreService(RewardRegistry.standard(), WORK);
  static final DataService DATA = new DataService(WORK);
  static final SftService SFT = new SftService(CACHE, SCORES, WORK);
  static final RolloutService ROLLOUTS = new RolloutService(CACHE, WORK);
  static final UpdateService UPDATES = new UpdateService(CACHE, WORK);
  static final EvalService EVALS = new EvalService(CACHE, SCORES, WORK);

  static Path root;
  static CampaignSpec spec;
  static CampaignRuntime rt;
  static PreparedData data;
  static SftResult sft;
  static RolloutResult rollout0;
  static ScoreResult score0;
  static UpdateResult update0;

  @BeforeAll
  static void campaign() throws Exception {
    root = tmp.resolve("campaigns");
    spec = TinyCampaign.spec(TinyCampaign.dataSpec(tmp.resolve("specs")), 3, 3);
    ArtifactRef config = TinyCampaign.write(root, "c1", spec);
    rt = CampaignRuntime.open(new CampaignLayout(root, "c1"), config, TOKENIZERS);
  }

  static RolloutRequest rolloutRequest(CampaignRuntime r, int step, ArtifactRef policy, int shard, int shards) {
    return new RolloutRequest(r.campaignId(), step, new DataCursor(0, step), r.configRef(), policy,
        data.trainSet(), r.seed(), shard, shards);
  }

  @Test
  @Order(1)
  void prepareWritesDataVocabularyAndBaseOnceAndReturnsTheSameRefAfter() throws Exception {
    data = DATA.prepare(rt, Progress.NONE);
    assertThat(data.trainSet().uri()).isEqualTo("data/manifest.json#train");
    assertThat(data.evalSet().uri()).isEqualTo("data/manifest.json#validation");
    assertThat(data.batchesPerEpoch()).isEqualTo((data.trainExamples() + 3) / 4);
    assertThat(rt.store().verify(CampaignLayout.VOCAB)).isNotNull();
    assertThat(rt.checkpointVerifies("base")).isTrue();
    assertThat(rt.codec().tokenizer().vocabSize()).isBetween(100, 2000);
    int before = WORK.total();
    assertThat(DATA.prepare(rt, Progress.NONE)).isEqualTo(data);
    assertThat(WORK.total()).isEqualTo(before);
    assertThat(WORK.count("prepare")).isEqualTo(1);
    assertThat(WORK.count("vocabulary")).isEqualTo(1);
  }

  @Test
  @Order(2)
  void promptsUseTheToolN1FormatAndTheGoldTargetScoresOne() throws Exception {
    var task = rt.records(data.trainSet()).get(0);
    PromptCodec codec = rt.codec();
    assertThat(codec.promptText(task)).contains("<tools>").contains("<tool_call>[]</tool_call>")
        .endsWith("<|im_start|>assistant\n");
    assertThat(PromptCodec.targetText(task)).startsWith("<think>").contains("</think>\n<tool_call>\n[")
        .endsWith("\n</tool_call>");
    int[] target = codec.targetIds(task);
    assertThat(target[target.length - 1]).isEqualTo(codec.tokenizer().eosId());
    String decoded = codec.decodeResponse(target, true);
    assertThat(SCORES.rewardOf(rt).score(decoded, task.groundTruth()).reward()).isEqualTo(1.0);
  }

  @Test
  @Order(2)
  void theCompactFormatListsEveryToolInOneLineAndIsFarShorter() throws Exception {
    var base = TOKENIZERS.get(rt.tokenizerLocation());
    PromptCodec full = new PromptCodec(base.tokenizer(), rt.template(), Integer.MAX_VALUE);
    PromptCodec compact = new PromptCodec(base.tokenizer(), new CompactToolPrompt(base.template()), Integer.MAX_VALUE);
    long fullTokens = 0;
    long compactTokens = 0;
    for (var task : rt.records(data.trainSet()).subList(0, 20)) {
      String text = compact.promptText(task);
      for (var tool : task.tools()) {
        assertThat(text).contains("\n" + tool.name() + "(");
      }
      assertThat(text).contains("<tool_call>[]</tool_call>").endsWith("<|im_start|>assistant\n");
      fullTokens += full.promptIds(task).length;
      compactTokens += compact.promptIds(task).length;
    }
    assertThat(compactTokens).isLessThan(fullTokens / 2);
  }

  @Test
  @Order(3)
  void sftWritesStepZeroOnce() throws Exception {
    SftRequest req = new SftRequest("c1", rt.configRef(), BasePolicyRef.of(spec), data.trainSet(), rt.seed());
    sft = SFT.warmup(rt, req, Progress.NONE);
    assertThat(sft.checkpoint().uri()).isEqualTo("checkpoints/step-000000");
    assertThat(sft.loss()).isPositive();
    JsonNode m = Json.MAPPER.readTree(rt.store().get(CampaignLayout.SFT_METRICS));
    assertThat(m.path("steps").asInt()).isEqualTo(3);
    assertThat(m.path("history")).isNotEmpty();
    assertThat(SFT.warmup(rt, req, Progress.NONE).checkpoint()).isEqualTo(sft.checkpoint());
    assertThat(WORK.count("sft")).isEqualTo(1);
  }

  @Test
  @Order(4)
  void rolloutSamplesGroupsOncePerStepWithTokensAndLogProbs() throws Exception {
    rollout0 = ROLLOUTS.rollout(rt, rolloutRequest(rt, 0, sft.checkpoint(), 0, 1), Progress.NONE);
    assertThat(rollout0.rollouts().uri()).isEqualTo("rollouts/step-000000.jsonl");
    assertThat(rollout0.prompts()).isEqualTo(TinyCampaign.PROMPTS_PER_STEP);
    assertThat(rollout0.responses()).isEqualTo(TinyCampaign.PROMPTS_PER_STEP * TinyCampaign.GROUP);
    List<com.fasterxml.jackson.databind.node.ObjectNode> lines = JsonLines.read(rt.store(), rollout0.rollouts());
    for (var l : lines) {
      assertThat(l.path("response_ids").size()).isBetween(1, 12);
      assertThat(l.path("logprobs").size()).isEqualTo(l.path("response_ids").size());
      assertThat(l.path("model_logprobs").size()).isEqualTo(l.path("response_ids").size());
      assertThat(l.path("prompt").asText()).contains("<tools>");
    }
    int before = WORK.count("rollout");
    assertThat(ROLLOUTS.rollout(rt, rolloutRequest(rt, 0, sft.checkpoint(), 0, 1), Progress.NONE).rollouts())
        .isEqualTo(rollout0.rollouts());
    assertThat(WORK.count("rollout")).isEqualTo(before);
  }

  @Test
  @Order(5)
  void scoreWritesOneVerdictPerResponse() throws Exception {
    score0 = SCORES.score(rt, new ScoreRequest("c1", 0, rt.configRef(), rollout0.rollouts()), Progress.NONE);
    var lines = JsonLines.read(rt.store(), score0.rewards());
    assertThat(lines).hasSize(rollout0.responses());
    assertThat(lines).allSatisfy(l -> assertThat(l.path("reason").asText()).isNotBlank());
    assertThat(score0.meanReward()).isBetween(0.0, 1.0);
    assertThat(SCORES.score(rt, new ScoreRequest("c1", 0, rt.configRef(), rollout0.rollouts()), Progress.NONE)
        .rewards()).isEqualTo(score0.rewards());
    assertThat(WORK.count("score")).isEqualTo(1);
  }

  @Test
  @Order(6)
  void updateWritesTheNextCheckpointAndMetricsAndNeverAppliesTwice() throws Exception {
    UpdateRequest req = new UpdateRequest("c1", 0, rt.configRef(), sft.checkpoint(), sft.checkpoint(),
        rollout0.rollouts(), score0.rewards(), rt.seed(), true);
    update0 = UPDATES.update(rt, req, Progress.NONE);
    assertThat(update0.checkpoint().uri()).isEqualTo("checkpoints/step-000001");
    assertThat(rt.checkpointVerifies("step-000001")).isTrue();
    JsonNode m = Json.MAPPER.readTree(rt.store().get(CampaignLayout.metricsUri(1)));
    assertThat(m.path("responses").asInt()).isEqualTo(rollout0.responses());
    assertThat(m.path("mean_reward").asDouble()).isEqualTo(score0.meanReward());
    assertThat(m.path("optimizer_steps").asInt()).isEqualTo(2); // 4 prompts in mini-batches of 2
    assertThat(m.has("kl") && m.has("clip_frac_low") && m.has("tokens_per_second")).isTrue();

    UpdateResult again = UPDATES.update(rt, req, Progress.NONE);
    assertThat(again.checkpoint()).isEqualTo(update0.checkpoint());
    assertThat(WORK.count("update")).isEqualTo(1);

    // The worker holds the new policy: the next rollout does not load it from disk.
    int loads = CACHE.loads();
    ROLLOUTS.rollout(rt, rolloutRequest(rt, 1, update0.checkpoint(), 0, 1), Progress.NONE);
    assertThat(CACHE.loads()).isEqualTo(loads);
  }

  @Test
  @Order(7)
  void evaluateReportsHeldOutAccuracyWithAnIntervalOnce() throws Exception {
    EvalRequest req = new EvalRequest("c1", "step-1", 1, rt.configRef(), update0.checkpoint(), data.evalSet());
    EvalResult r = EVALS.evaluate(rt, req, Progress.NONE);
    assertThat(r.report().uri()).isEqualTo("eval/step-1-step-000001.json");
    assertThat(r.examples()).isEqualTo(6);
    JsonNode report = Json.MAPPER.readTree(rt.store().get(r.report().uri()));
    assertThat(report.path("ci95_low").asDouble()).isLessThanOrEqualTo(r.accuracy() + 1e-12);
    assertThat(report.path("ci95_high").asDouble()).isGreaterThan(r.accuracy());
    assertThat(report.path("samples")).isNotEmpty();
    assertThat(EVALS.evaluate(rt, req, Progress.NONE).report()).isEqualTo(r.report());
    assertThat(WORK.count("evaluate")).isEqualTo(1);
    var latest = new CampaignStoreService().latest(rt.layout());
    assertThat(latest.step()).isEqualTo(1);
    assertThat(latest.checkpoint()).isEqualTo(update0.checkpoint());
    assertThat(latest.score()).isEqualTo(r.accuracy());
  }

  @Test
  @Order(8)
  void namedSetsAreResolvedFromTheCampaignsOwnRecordAndBenchmarksNeedTheFullVocabulary() throws Exception {
    EvalResult own = EVALS.evaluate(rt, new EvalRequest("c1", "step-1", 1, rt.configRef(), update0.checkpoint(),
        data.evalSet()), Progress.NONE);
    String ownVerdicts = Json.MAPPER.readTree(rt.store().get(own.report().uri())).path("verdicts").asText();
    EvalRequest first3 = new EvalRequest("c1", "adhoc", 1, rt.configRef(), update0.checkpoint(),
        new ArtifactRef("set:heldout?limit=3", null));
    EvalResult r = EVALS.evaluate(rt, first3, Progress.NONE);
    assertThat(r.report().uri()).isEqualTo("eval/adhoc-heldout.limit-3-step-000001.json");
    assertThat(r.examples()).isEqualTo(3);
    JsonNode report = Json.MAPPER.readTree(rt.store().get(r.report().uri()));
    assertThat(report.path("set").asText()).isEqualTo("heldout");
    assertThat(report.path("verdicts").asText()).isEqualTo(ownVerdicts.substring(0, 3)); // the same tasks

    for (String set : new String[] {"set:bfcl/simple_python", "set:apibank?limit=2"}) {
      EvalRequest bfcl = new EvalRequest("c1", "adhoc", 1, rt.configRef(), update0.checkpoint(),
          new ArtifactRef(set, null));
      assertThatThrownBy(() -> EVALS.evaluate(rt, bfcl, Progress.NONE))
          .isInstanceOf(CampaignError.class)
          .hasMessageContaining("trimmed vocabulary");
    }
    EvalRequest unknown = new EvalRequest("c1", "adhoc", 1, rt.configRef(), update0.checkpoint(),
        new ArtifactRef("set:bfcl/nope", null));
    assertThatThrownBy(() -> EVALS.evaluate(rt, unknown, Progress.NONE)).hasMessageContaining("known sets: heldout");
  }

  @Test
  @Order(8)
  void anotherCampaignWithTheSameSeedGetsTheSameArtifactsAndShardsMergeToTheUnshardedRollout() throws Exception {
    ArtifactRef config = TinyCampaign.write(root, "c2", spec);
    CampaignRuntime rt2 = CampaignRuntime.open(new CampaignLayout(root, "c2"), config, TOKENIZERS);
    WorkLog work2 = new WorkLog();
    PolicyCache cache2 = new PolicyCache();
    assertThat(new DataService(work2).prepare(rt2, Progress.NONE)).isEqualTo(data);
    SftResult sft2 = new SftService(cache2, SCORES, work2).warmup(rt2,
        new SftRequest("c2", config, BasePolicyRef.of(spec), data.trainSet(), rt2.seed()), Progress.NONE);
    // Checkpoints carry the campaign id in their provenance; the weights are bit-identical.
    assertThat(weightsSha(rt2, sft2.checkpoint())).isEqualTo(weightsSha(rt, sft.checkpoint()));
    RolloutService rollouts2 = new RolloutService(cache2, work2);
    RolloutResult s0 = rollouts2.rollout(rt2, rolloutRequest(rt2, 0, sft2.checkpoint(), 0, 2), Progress.NONE);
    RolloutResult s1 = rollouts2.rollout(rt2, rolloutRequest(rt2, 0, sft2.checkpoint(), 1, 2), Progress.NONE);
    assertThat(s0.rollouts().uri()).isEqualTo("rollouts/step-000000.shard-0-of-2.jsonl");
    assertThat(s0.prompts() + s1.prompts()).isEqualTo(TinyCampaign.PROMPTS_PER_STEP);
    RolloutResult merged = rollouts2.merge(rt2.layout(), new MergeRolloutsRequest("c2", 0, List.of(s0, s1)));
    assertThat(merged.rollouts()).isEqualTo(rollout0.rollouts());
    ScoreResult score2 = new ScoreService(RewardRegistry.standard(), work2)
        .score(rt2, new ScoreRequest("c2", 0, config, merged.rollouts()), Progress.NONE);
    UpdateResult update2 = new UpdateService(cache2, work2).update(rt2, new UpdateRequest("c2", 0, config,
        sft2.checkpoint(), sft2.checkpoint(), merged.rollouts(), score2.rewards(), rt2.seed(), true), Progress.NONE);
    assertThat(weightsSha(rt2, update2.checkpoint())).isEqualTo(weightsSha(rt, update0.checkpoint()));
    assertThat(rt2.checkpoints().path("step-000001").resolve("optimizer.safetensors"))
        .hasSameBinaryContentAs(rt.checkpoints().path("step-000001").resolve("optimizer.safetensors"));

    // Step 2: c1's worker continues from the trainer it holds in memory, c2's is a fresh worker that
    // resumes from checkpoint 1 on disk (as after a crash): the same weights and optimizer state.
    UpdateResult next1 = step(rt, 1, update0.checkpoint(), sft.checkpoint(), CACHE);
    UpdateResult next2 = step(rt2, 1, update2.checkpoint(), sft2.checkpoint(), new PolicyCache());
    assertThat(weightsSha(rt2, next2.checkpoint())).isEqualTo(weightsSha(rt, next1.checkpoint()));
    assertThat(rt2.checkpoints().path("step-000002").resolve("optimizer.safetensors"))
        .hasSameBinaryContentAs(rt.checkpoints().path("step-000002").resolve("optimizer.safetensors"));
  }

  /** Rollout, score and update of one step on a worker with the given cache. */
  static UpdateResult step(CampaignRuntime r, int step, ArtifactRef policy, ArtifactRef reference, PolicyCache cache)
      throws java.io.IOException {
    WorkLog w = new WorkLog();
    RolloutResult ro = new RolloutService(cache, w).rollout(r, rolloutRequest(r, step, policy, 0, 1), Progress.NONE);
    ScoreResult sc = new ScoreService(RewardRegistry.standard(), w)
        .score(r, new ScoreRequest(r.campaignId(), step, r.configRef(), ro.rollouts()), Progress.NONE);
    return new UpdateService(cache, w).update(r, new UpdateRequest(r.campaignId(), step, r.configRef(), policy,
        reference, ro.rollouts(), sc.rewards(), r.seed(), true), Progress.NONE);
  }

  static String weightsSha(CampaignRuntime r, ArtifactRef checkpoint) throws java.io.IOException {
    return dev.tooln1.model.checkpoint.CheckpointStore.sha256(
        r.layout().dir().resolve(checkpoint.uri()).resolve("model.safetensors"));
  }

  @Test
  @Order(8)
  void moreComputeThreadsSampleAndEvaluateTheSameTokens() throws Exception {
    CampaignSpec threaded = new CampaignSpec(spec.name(), spec.description(), spec.seed(), spec.model(), spec.data(),
        spec.reward(), spec.promptFormat(), spec.sft(), spec.grpo(), spec.schedule(), spec.evaluation(), spec.guard(),
        new CampaignSpec.Compute(3));
    ArtifactRef config = TinyCampaign.write(root, "c3", threaded);
    CampaignRuntime rt3 = CampaignRuntime.open(new CampaignLayout(root, "c3"), config, TOKENIZERS);
    WorkLog work3 = new WorkLog();
    assertThat(new DataService(work3).prepare(rt3, Progress.NONE)).isEqualTo(data);
    // c1's SFT checkpoint, copied over: the same policy, sampled with three threads instead of one
    Path from = rt.checkpoints().path("step-000000");
    Path to = rt3.checkpoints().path("step-000000");
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    PolicyCache cache3 = new PolicyCache();
    RolloutResult r3 = new RolloutService(cache3, work3).rollout(rt3, rolloutRequest(rt3, 0, sft.checkpoint(), 0, 1),
        Progress.NONE);
    assertThat(r3.rollouts()).isEqualTo(rollout0.rollouts());
    EvalRequest one = new EvalRequest("c1", "threads", 0, rt.configRef(), sft.checkpoint(), data.evalSet());
    EvalRequest three = new EvalRequest("c3", "threads", 0, config, sft.checkpoint(), data.evalSet());
    EvalResult e1 = EVALS.evaluate(rt, one, Progress.NONE);
    EvalResult e3 = new EvalService(cache3, SCORES, work3).evaluate(rt3, three, Progress.NONE);
    // the reports name their campaigns; the verdicts, task by task, are the same
    assertThat(verdicts(rt3, e3)).isEqualTo(verdicts(rt, e1)).isNotEmpty();
    assertThat(e3.accuracy()).isEqualTo(e1.accuracy());
  }

  private static String verdicts(CampaignRuntime r, EvalResult e) throws java.io.IOException {
    return dev.tooln1.reward.Json.MAPPER.readTree(r.store().get(e.report().uri())).path("verdicts").asText();
  }

  @Test
  @Order(9)
  void aCorruptCheckpointIsRefusedAsCorruptCheckpoint() throws Exception {
    Path model = rt.checkpoints().path("step-000001").resolve("model.safetensors");
    try (var ch = Files.newByteChannel(model, StandardOpenOption.WRITE)) {
      ch.position(Files.size(model) - 3);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}));
    }
    CampaignRuntime fresh = CampaignRuntime.open(new CampaignLayout(root, "c1"), rt.configRef(), TOKENIZERS);
    assertThatThrownBy(() -> new RolloutService(new PolicyCache(), new WorkLog())
        .rollout(fresh, rolloutRequest(fresh, 5, update0.checkpoint(), 0, 1), Progress.NONE))
        .isInstanceOfSatisfying(CampaignError.class, e -> {
          assertThat(e.kind()).isEqualTo(CampaignError.Kind.CORRUPT_CHECKPOINT);
          assertThat(e.getMessage()).contains("model.safetensors").contains("step-000001");
        });
    // The store's look-up falls back to the newest checkpoint that still verifies.
    assertThat(new CampaignStoreService().latest(rt.layout()).step()).isEqualTo(2);
    Path newest = rt.checkpoints().path("step-000002").resolve("state.json");
    Files.writeString(newest, Files.readString(newest) + " ");
    assertThat(new CampaignStoreService().latest(rt.layout()).step()).isEqualTo(0);
  }

  @Test
  @Order(10)
  void aConfigThatDoesNotMatchItsRefIsCorruptData() {
    ArtifactRef wrong = new ArtifactRef(CampaignLayout.CAMPAIGN_JSON, "0".repeat(64));
    assertThatThrownBy(() -> CampaignRuntime.open(new CampaignLayout(root, "c1"), wrong, TOKENIZERS))
        .isInstanceOfSatisfying(CampaignError.class, e ->
            assertThat(e.kind()).isEqualTo(CampaignError.Kind.CORRUPT_DATA));
  }
}
