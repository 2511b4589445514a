package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.campaign.prompts.PromptCodec;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.store.ArtifactConflictException;
import dev.tooln1.model.checkpoint.Checkpoint;
import dev.tooln1.model.nn.TokenBatch;
import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;
import dev.tooln1.model.train.OptimConfig;
import dev.tooln1.model.train.SftBatch;
import dev.tooln1.model.train.SftTrainer;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.RewardFunction;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.SftRequest;
import dev.tooln1.workflows.dto.SftResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Supervised warm-up of the base policy on the gold targets ({@code <think>…</think>\n<tool_call>…}
 * + end of turn; loss on the target tokens only) until greedy accuracy on a held-out slice of the
 * training split reaches {@code sft.targetAccuracy} (checked every {@code sft.evalEvery} steps) or
 * {@code sft.maxSteps}. The slice (a seeded 10%, at most 64 tasks) is never trained on during SFT.
 * Writes checkpoint {@code step-000000} (the policy RL starts from, also the KL reference) and
 * {@code metrics/sft.json}.
 */
public final class SftService {

  static final int MICRO_BATCH = 16;
  static final int MAX_SLICE = 64;

  private final PolicyCache cache;
  private final ScoreService scores;
  private final WorkLog work;

  public SftService(PolicyCache cache, ScoreService scores, WorkLog work) {
    this.cache = cache;
    this.scores = scores;
    this.work = work;
  }

  public SftResult warmup(CampaignRuntime rt, SftRequest req, Progress progress) throws IOException {
    long t0 = System.nanoTime();
    String target = CampaignLayout.stepName(0);
    synchronized (cache.lock(rt.campaignId())) {
      if (rt.checkpointVerifies(target)) {
        JsonNode m = rt.store().exists(CampaignLayout.SFT_METRICS)
            ? Json.MAPPER.readTree(rt.store().get(CampaignLayout.SFT_METRICS)) : Json.MAPPER.createObjectNode();
        return new SftResult(rt.checkpointRef(target), m.path("loss").asDouble(0), (System.nanoTime() - t0) / 1_000_000);
      }
      if (!rt.spec().sft().enabled()) {
        throw CampaignError.invalidConfig("sft.enabled is false in campaign.json, but an SFT warm-up was requested");
      }
      String baseName = rt.resolve(req.basePolicy());
      if (baseName.equals(target)) {
        throw CampaignError.invalidConfig("the base policy resolves to " + target + "; SFT writes that checkpoint");
      }
      Checkpoint base = rt.load(baseName);
      CampaignSpec.Sft s = rt.spec().sft();
      LrSchedule schedule = "cosine".equals(s.lrSchedule())
          ? LrSchedule.cosine(s.lr(), s.warmupSteps(), s.maxSteps(), 0.1)
          : LrSchedule.constant(s.lr(), s.warmupSteps());
      OptimConfig optim = new OptimConfig(AdamWConfig.defaults(), schedule, 1.0, rt.spec().computeThreads());
      SftTrainer trainer = new SftTrainer(base.weights(), optim, Seeds.of(rt.seed(), "sft"));
      PromptCodec codec = rt.codec();
      RewardFunction reward = scores.rewardOf(rt);

      List<TaskRecord> records = rt.records(req.trainSet());
      int[] order = Seeds.permutation(records.size(), Seeds.of(rt.seed(), "sft-slice"));
      int sliceSize = records.size() < 10 ? 0 : Math.min(MAX_SLICE, records.size() / 10);
      List<TaskRecord> slice = new ArrayList<>();
      List<int[]> seqs = new ArrayList<>();
      List<Integer> promptLens = new ArrayList<>();
      for (int i = 0; i < order.length; i++) {
        TaskRecord r = records.get(order[i]);
        if (i < sliceSize) {
          slice.add(r);
          continue;
        }
        int[] p = codec.promptIds(r);
        int[] t = codec.targetIds(r);
        int[] seq = Arrays.copyOf(p, p.length + t.length);
        System.arraycopy(t, 0, seq, p.length, t.length);
        seqs.add(seq);
        promptLens.add(p.length);
      }
      int maxNew = rt.spec().grpo().maxResponseTokens();
      int pad = codec.tokenizer().padId();
      ArrayNode history = Json.MAPPER.createArrayNode();
      double lastLoss = Double.NaN;
      double accuracy = Double.NaN;
      int step = 0;
      int epoch = 0;
      String stepsLabel = "sft-steps";
      int[] perm = Seeds.permutation(seqs.size(), Seeds.of(rt.seed(), "sft-order", epoch));
      int pos = 0;
      while (step < s.maxSteps()) {
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < Math.min(s.batchSize(), seqs.size())) {
          if (pos == perm.length) {
            epoch++;
            perm = Seeds.permutation(seqs.size(), Seeds.of(rt.seed(), "sft-order", epoch));
            pos = 0;
          }
          picked.add(perm[pos++]);
        }
        // Similar lengths share a micro-batch, so right padding wastes less; the step's gradient is
        // the same sum either way.
        picked.sort(java.util.Comparator.<Integer>comparingInt(i -> seqs.get(i).length).thenComparingInt(i -> i));
        List<SftBatch> micro = new ArrayList<>();
        for (int from = 0; from < picked.size(); from += MICRO_BATCH) {
          List<int[]> mb = new ArrayList<>();
          List<Integer> lens = new ArrayList<>();
          for (int idx : picked.subList(from, Math.min(picked.size(), from + MICRO_BATCH))) {
            mb.add(seqs.get(idx));
            lens.add(promptLens.get(idx));
          }
          TokenBatch tb = TokenBatch.rightPadded(mb, pad, 0);
          int[] mask = new int[tb.tokens()];
          for (int b = 0; b < mb.size(); b++) {
            for (int t = lens.get(b); t < mb.get(b).length; t++) {
              mask[b * tb.seqLen() + t] = 1;
            }
          }
          micro.add(new SftBatch(tb, mask));
        }
        lastLoss = trainer.step(micro).loss();
        step++;
        progress.report(stepsLabel, step, s.maxSteps());
        boolean check = !slice.isEmpty() && (step % s.evalEvery() == 0 || step == s.maxSteps());
        if (check) {
          GreedyJudge.Verdicts v = GreedyJudge.judge(trainer.weights(), codec, reward, slice, maxNew, 0,
              progress, "sft-slice-eval", 0, 0, rt.spec().computeThreads());
          accuracy = (double) v.correct() / v.n();
          ObjectNode h = history.addObject();
          h.put("step", step);
          h.put("loss", lastLoss);
          h.put("slice_accuracy", accuracy);
          h.put("slice_format_valid", (double) v.formatValid() / v.n());
          progress.report("sft-slice-correct", v.correct(), v.n());
          stepsLabel = String.format(java.util.Locale.ROOT, "sft-steps (slice accuracy %.2f, target %.2f)",
              accuracy, s.targetAccuracy());
          progress.report(stepsLabel, step, s.maxSteps());
          if (accuracy >= s.targetAccuracy()) {
            break;
          }
        }
      }
      try {
        rt.checkpoints().save(target, trainer.checkpoint(rt.provenance()));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // a duplicate of this request saved it first; the content is the same (deterministic)
      }
      ArtifactRef ref = rt.checkpointRef(target);
      ObjectNode m = Json.MAPPER.createObjectNode();
      m.put("checkpoint", ref.uri());
      m.put("checkpoint_sha256", ref.sha256());
      m.put("steps", step);
      m.put("loss", lastLoss);
      m.put("slice_size", slice.size());
      if (Double.isNaN(accuracy)) {
        m.putNull("slice_accuracy");
      } else {
        m.put("slice_accuracy", accuracy);
      }
      m.put("target_accuracy", s.targetAccuracy());
      m.put("reached_target", accuracy >= s.targetAccuracy());
      m.put("seconds", (System.nanoTime() - t0) / 1e9);
      m.set("history", history);
      try {
        rt.store().put(CampaignLayout.SFT_METRICS,
            (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (ArtifactConflictException e) {
        // a duplicate wrote its own timings first
      }
      work.worked("sft");
      return new SftResult(ref, lastLoss, (System.nanoTime() - t0) / 1_000_000);
    }
  }
}
