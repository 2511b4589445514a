package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.campaign.checkpoints.CheckpointPruner;
import dev.tooln1.activities.store.ArtifactConflictException;
import dev.tooln1.model.checkpoint.Checkpoint;
import dev.tooln1.model.loss.Aggregation;
import dev.tooln1.model.loss.GrpoConfig;
import dev.tooln1.model.loss.GrpoLoss;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.TokenBatch;
import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;
import dev.tooln1.model.train.GrpoBatch;
import dev.tooln1.model.train.GrpoTrainer;
import dev.tooln1.model.train.OptimConfig;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One GRPO update: checkpoint {@code step} → checkpoint {@code step + 1}, plus
 * {@code metrics/step-(k+1).json}. The trainer ({@link GrpoTrainer}: PPO clip, k3 KL to the frozen
 * reference, AdamW) starts fresh at step 0 (the base or SFT'd policy) and resumes from the
 * checkpoint's optimizer state afterwards; the old log-probs are the rollout's model log-probs. Never
 * applies twice: an existing verified checkpoint {@code step + 1} is returned as is.
 */
public final class UpdateService {

  /** Sequences per forward/backward (memory bound; the optimizer step covers the whole mini-batch). */
  static final int MICRO_BATCH = 16;

  private final PolicyCache cache;
  private final WorkLog work;

  public UpdateService(PolicyCache cache, WorkLog work) {
    this.cache = cache;
    this.work = work;
  }

  static OptimConfig optim(CampaignSpec spec) {
    CampaignSpec.Grpo g = spec.grpo();
    return new OptimConfig(AdamWConfig.defaults().withWeightDecay(g.weightDecay()),
        LrSchedule.constant(g.lr(), g.warmupSteps()), g.gradClip(), spec.computeThreads());
  }

  static GrpoLoss loss(CampaignSpec.Grpo g) {
    Aggregation agg = Aggregation.valueOf(g.lossAggregation().toUpperCase(Locale.ROOT).replace('-', '_'));
    return new GrpoLoss(GrpoConfig.defaults().withClip(g.clipLow(), g.clipHigh()).withKlCoef(g.klCoef())
        .withAggregation(agg).withNormaliseStd(g.normalizeStd()));
  }

  public UpdateResult update(CampaignRuntime rt, UpdateRequest req, Progress progress) throws IOException {
    long t0 = System.nanoTime();
    String next = CampaignLayout.stepName(req.step() + 1);
    CheckpointPruner pruner = new CheckpointPruner(rt.layout().checkpointsDir());
    synchronized (cache.lock(rt.campaignId())) {
      if (rt.checkpointVerifies(next)) {
        if (req.keep()) {
          pruner.markKept(req.step() + 1);
        }
        return existing(rt, rt.checkpointRef(next), req.step() + 1, t0);
      }
      java.util.Optional<ArtifactRef> pruned = pruner.pruned(req.step() + 1);
      if (pruned.isPresent()) {
        // a completed step whose checkpoint was pruned later: fast-forward without the weights
        return existing(rt, pruned.get(), req.step() + 1, t0);
      }
      if (Files.exists(rt.checkpoints().path(next))) {
        throw CampaignError.corruptCheckpoint("checkpoint " + rt.checkpoints().path(next)
            + " exists but does not verify (" + rt.checkpointProblem(next) + "); move it away to "
            + "redo step " + req.step() + " from checkpoint " + req.step(), null);
      }
      CampaignSpec.Grpo g = rt.spec().grpo();
      List<ObjectNode> rollouts = JsonLines.read(rt.store(), req.rollouts());
      List<ObjectNode> rewards = JsonLines.read(rt.store(), req.rewards());
      List<Group> groups = groups(rollouts, rewards, g.groupSize(), rt.store().root().resolve(req.rewards().uri()).toString());

      String policyName = rt.resolve(req.policy());
      ArtifactRef policyRef = rt.checkpointRef(policyName);
      GrpoTrainer trainer = req.step() == 0 ? null : cache.takeTrainer(rt.campaignId(), policyRef);
      if (trainer == null) {
        Checkpoint ckpt = rt.load(policyName);
        Qwen2Weights reference = cache.reference(rt, req.reference());
        trainer = req.step() == 0
            ? new GrpoTrainer(ckpt.weights(), reference, loss(g), optim(rt.spec()), Seeds.of(rt.seed(), "grpo"))
            : GrpoTrainer.resume(ckpt, reference, loss(g), optim(rt.spec()));
      }
      cache.forget(rt.campaignId()); // the weights change in place from here on

      List<Group> used = g.dynamicSampling() ? groups.stream().filter(Group::hasSignal).toList() : groups;
      int miniGroups = Math.max(1, g.miniBatchSize());
      int miniBatches = (used.size() + miniGroups - 1) / miniGroups;
      List<GrpoTrainer.Metrics> steps = new ArrayList<>();
      int done = 0;
      for (int epoch = 0; epoch < g.ppoEpochs(); epoch++) {
        for (int from = 0; from < used.size(); from += miniGroups) {
          List<Group> mb = used.subList(from, Math.min(used.size(), from + miniGroups));
          steps.add(trainer.step(batch(mb, g.groupSize(), rt.codec().tokenizer().padId()), MICRO_BATCH));
          progress.report("mini-batches", ++done, (long) miniBatches * g.ppoEpochs());
        }
      }
      Checkpoint ckpt = trainer.checkpoint(rt.provenance());
      try {
        rt.checkpoints().save(next, ckpt);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // a duplicate of this request saved it first; the content is the same (deterministic)
      }
      if (!rt.checkpointVerifies(next)) {
        throw CampaignError.corruptCheckpoint("checkpoint " + rt.checkpoints().path(next)
            + " does not verify right after it was written", null);
      }
      ArtifactRef nextRef = rt.checkpointRef(next);
      if (req.keep()) {
        pruner.markKept(req.step() + 1);
      }
      cache.hold(rt.campaignId(), nextRef, trainer.weights(), trainer);
      double seconds = (System.nanoTime() - t0) / 1e9;
      ObjectNode m = metrics(req, policyRef, nextRef, groups, used, steps, seconds);
      try {
        rt.store().put(CampaignLayout.metricsUri(req.step() + 1),
            (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (ArtifactConflictException e) {
        // a duplicate of this request wrote its own timings first; keep those
      }
      // only now, with checkpoint k+1 verified and its metrics written (never while fast-forwarding:
      // the retain list of a workflow replaying old steps is not yet complete)
      int keepNewest = rt.spec().schedule().keepCheckpoints();
      if (keepNewest >= 1) { // 0 only in a hand-written campaign.json: keep everything
        pruner.prune(req.step() + 1, keepNewest, retained(rt, req));
      }
      work.worked("update");
      return new UpdateResult(nextRef, m.path("kl").asDouble(), m.path("loss").asDouble(),
          m.path("grad_norm").asDouble(), (System.nanoTime() - t0) / 1_000_000);
    }
  }

  /** Checkpoint names the request still references: the policy's reference and its retain list. */
  private static List<String> retained(CampaignRuntime rt, UpdateRequest req) {
    List<String> names = new ArrayList<>();
    String prefix = CampaignLayout.CHECKPOINTS + "/";
    List<ArtifactRef> refs = new ArrayList<>(req.retainOrEmpty());
    refs.add(req.reference());
    for (ArtifactRef r : refs) {
      if (r != null && r.uri().startsWith(prefix)) {
        names.add(r.uri().substring(prefix.length()));
      }
    }
    return names;
  }

  private UpdateResult existing(CampaignRuntime rt, ArtifactRef ref, int step, long t0) throws IOException {
    String uri = CampaignLayout.metricsUri(step);
    JsonNode m = Json.MAPPER.createObjectNode();
    if (rt.store().exists(uri)) {
      m = Json.MAPPER.readTree(rt.store().get(uri));
    }
    return new UpdateResult(ref, m.path("kl").asDouble(0), m.path("loss").asDouble(0),
        m.path("grad_norm").asDouble(0), (System.nanoTime() - t0) / 1_000_000);
  }

  /** One prompt's G samples with their rewards. */
  record Group(List<int[]> prompts, List<int[]> responses, List<float[]> oldLogp, double[] rewards,
      int correct, int formatValid) {
    boolean hasSignal() {
      for (double r : rewards) {
        if (r != rewards[0]) {
          return true;
        }
      }
      return false;
    }
  }

  static List<Group> groups(List<ObjectNode> rollouts, List<ObjectNode> rewards, int groupSize, String origin) {
    if (rollouts.size() != rewards.size()) {
      throw CampaignError.corruptData(origin + ": " + rewards.size() + " rewards for " + rollouts.size()
          + " rollout responses", null);
    }
    Map<Integer, List<Integer>> byPrompt = new java.util.TreeMap<>();
    for (int i = 0; i < rollouts.size(); i++) {
      ObjectNode r = rollouts.get(i);
      ObjectNode w = rewards.get(i);
      if (r.path("prompt_index").asInt() != w.path("prompt_index").asInt()
          || r.path("sample").asInt() != w.path("sample").asInt()) {
        throw CampaignError.corruptData(origin + ":" + (i + 1) + ": reward line does not match rollout line "
            + (i + 1) + " (prompt_index/sample)", null);
      }
      byPrompt.computeIfAbsent(r.path("prompt_index").asInt(), k -> new ArrayList<>()).add(i);
    }
    List<Group> out = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : byPrompt.entrySet()) {
      List<Integer> idx = e.getValue();
      if (idx.size() != groupSize) {
        throw CampaignError.corruptData(origin + ": prompt " + e.getKey() + " has " + idx.size()
            + " samples, grpo.groupSize is " + groupSize, null);
      }
      List<int[]> prompts = new ArrayList<>();
      List<int[]> responses = new ArrayList<>();
      List<float[]> old = new ArrayList<>();
      double[] rw = new double[idx.size()];
      int correct = 0;
      int valid = 0;
      for (int k = 0; k < idx.size(); k++) {
        ObjectNode r = rollouts.get(idx.get(k));
        ObjectNode w = rewards.get(idx.get(k));
        prompts.add(ints(r.get("prompt_ids")));
        responses.add(ints(r.get("response_ids")));
        old.add(floats(r.get("model_logprobs")));
        rw[k] = w.path("reward").asDouble();
        correct += w.path("correct").asBoolean() ? 1 : 0;
        valid += w.path("format_valid").asBoolean() ? 1 : 0;
      }
      out.add(new Group(prompts, responses, old, rw, correct, valid));
    }
    return out;
  }

  static GrpoBatch batch(List<Group> groups, int groupSize, int padId) {
    List<int[]> seqs = new ArrayList<>();
    List<int[]> promptLens = new ArrayList<>();
    List<double[]> rewards = new ArrayList<>();
    for (Group gr : groups) {
      for (int k = 0; k < gr.responses().size(); k++) {
        int[] p = gr.prompts().get(k);
        int[] r = gr.responses().get(k);
        int[] s = new int[p.length + r.length];
        System.arraycopy(p, 0, s, 0, p.length);
        System.arraycopy(r, 0, s, p.length, r.length);
        seqs.add(s);
        promptLens.add(new int[] {p.length, r.length});
      }
      rewards.add(gr.rewards());
    }
    TokenBatch tokens = TokenBatch.rightPadded(seqs, padId, 0);
    int t = tokens.seqLen();
    int[] mask = new int[tokens.tokens()];
    double[] old = new double[tokens.tokens()];
    double[] rw = new double[seqs.size()];
    int row = 0;
    for (Group gr : groups) {
      for (int k = 0; k < gr.responses().size(); k++) {
        int pl = promptLens.get(row)[0];
        int rl = promptLens.get(row)[1];
        float[] lp = gr.oldLogp().get(k);
        for (int j = 0; j < rl; j++) {
          mask[row * t + pl + j] = 1;
          old[row * t + pl + j] = j < lp.length ? lp[j] : 0;
        }
        rw[row] = gr.rewards()[k];
        row++;
      }
    }
    return new GrpoBatch(tokens, mask, rw, groupSize, old);
  }

  private static ObjectNode metrics(UpdateRequest req, ArtifactRef policy, ArtifactRef next,
      List<Group> groups, List<Group> used, List<GrpoTrainer.Metrics> steps, double seconds) {
    int n = 0;
    int correct = 0;
    int valid = 0;
    double reward = 0;
    long respTokens = 0;
    int withSignal = 0;
    for (Group gr : groups) {
      for (int k = 0; k < gr.rewards().length; k++) {
        reward += gr.rewards()[k];
        respTokens += gr.responses().get(k).length;
        n++;
      }
      correct += gr.correct();
      valid += gr.formatValid();
      withSignal += gr.hasSignal() ? 1 : 0;
    }
    ObjectNode m = Json.MAPPER.createObjectNode();
    m.put("step", req.step() + 1);
    m.put("policy", policy.uri());
    m.put("checkpoint", next.uri());
    m.put("checkpoint_sha256", next.sha256());
    m.put("prompts", groups.size());
    m.put("responses", n);
    m.put("groups_with_signal", withSignal);
    m.put("groups_trained", used.size());
    m.put("mean_reward", n == 0 ? 0 : reward / n);
    m.put("accuracy", n == 0 ? 0 : (double) correct / n);
    m.put("format_valid_rate", n == 0 ? 0 : (double) valid / n);
    m.put("mean_response_tokens", n == 0 ? 0 : (double) respTokens / n);
    double kl = 0;
    double loss = 0;
    double low = 0;
    double high = 0;
    double gradNorm = 0;
    double lr = 0;
    long trainedTokens = 0;
    for (GrpoTrainer.Metrics s : steps) {
      kl += s.klMean();
      loss += s.loss();
      low += s.clipFracLow();
      high += s.clipFracHigh();
      gradNorm = s.gradNorm();
      lr = s.lr();
      trainedTokens += s.responseTokens();
    }
    int k = Math.max(1, steps.size());
    m.put("optimizer_steps", steps.size());
    m.put("kl", kl / k);
    m.put("loss", loss / k);
    m.put("clip_frac_low", low / k);
    m.put("clip_frac_high", high / k);
    m.put("grad_norm", gradNorm);
    m.put("lr", lr);
    m.put("seconds", seconds);
    m.put("trained_response_tokens", trainedTokens);
    m.put("tokens_per_second", seconds > 0 ? trainedTokens / seconds : 0);
    return m;
  }

  private static int[] ints(JsonNode a) {
    int[] v = new int[a == null ? 0 : a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asInt();
    }
    return v;
  }

  private static float[] floats(JsonNode a) {
    float[] v = new float[a == null ? 0 : a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) a.get(i).asDouble();
    }
    return v;
  }
}
