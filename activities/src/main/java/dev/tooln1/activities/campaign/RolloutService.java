package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.campaign.prompts.PromptCodec;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.model.nn.Generation;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.MergeRolloutsRequest;
import dev.tooln1.workflows.dto.RolloutRequest;
import dev.tooln1.workflows.dto.RolloutResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Samples G responses per prompt of a step's batch with the step's policy and writes them as
 * {@code rollouts/step-NNNNNN[.shard-i-of-n].jsonl}: one line per response with the prompt index in
 * the batch, task id, ground truth, prompt text and ids, response text and ids, the sampling
 * log-probs and the model's own (temperature 1) log-probs (the "old" log-probs of the update).
 *
 * <p>Prompts are sampled in fixed chunks of {@link #PROMPTS_PER_CHUNK} consecutive prompt indices,
 * each sample with its own seed from (campaign seed, step, prompt index, sample); shards take whole
 * chunks, so a response does not depend on the sharding: merged shards are byte-identical to the
 * unsharded rollout.
 */
public final class RolloutService {

  /** Prompts sampled together in one batch (× G rows); part of the rollout's definition, see above. */
  static final int PROMPTS_PER_CHUNK = 8;

  private final PolicyCache cache;
  private final WorkLog work;

  public RolloutService(PolicyCache cache, WorkLog work) {
    this.cache = cache;
    this.work = work;
  }

  public RolloutResult rollout(CampaignRuntime rt, RolloutRequest req, Progress progress) throws IOException {
    long t0 = System.nanoTime();
    int shards = Math.max(1, req.shards());
    if (req.shard() < 0 || req.shard() >= shards) {
      throw CampaignError.invalidConfig("rollout shard " + req.shard() + " of " + shards + " does not exist");
    }
    String uri = CampaignLayout.rolloutUri(req.step(), req.shard(), shards);
    List<ObjectNode> existing = JsonLines.readExisting(rt.store(), uri);
    if (existing != null) {
      return summary(JsonLines.ref(rt.store().stat(uri).orElseThrow()), existing, t0);
    }
    CampaignSpec.Grpo g = rt.spec().grpo();
    List<TaskRecord> records = rt.records(req.trainSet());
    int[] batch = Batches.batch(records.size(), g.promptsPerStep(), rt.seed(), req.cursor());
    PromptCodec codec = rt.codec();
    List<ObjectNode> lines = new ArrayList<>();
    synchronized (cache.lock(rt.campaignId())) {
      Qwen2Weights weights = cache.policy(rt, req.policy());
      int maxPos = weights.config().maxPositions();
      // Prompts are sampled PROMPTS_PER_CHUNK at a time (their G samples each): one batched decode
      // of ~40 rows costs little more per step than one of G rows. Chunks are fixed by prompt index
      // and dealt to shards whole, so a chunk's batch, hence every response, is the same however
      // the step is sharded.
      int chunks = (batch.length + PROMPTS_PER_CHUNK - 1) / PROMPTS_PER_CHUNK;
      List<Integer> mine = new ArrayList<>();
      for (int c = req.shard(); c < chunks; c += shards) {
        mine.add(c);
      }
      // Chunks are independent (own seeds, fixed composition): their sampling is spread over the
      // campaign's threads; prompts are encoded and responses decoded here, on this thread.
      long[] tokens = {0};
      List<List<int[]>> chunkPrompts = new ArrayList<>();
      for (int c : mine) {
        List<int[]> prompts = new ArrayList<>();
        for (int i = c * PROMPTS_PER_CHUNK; i < Math.min(batch.length, (c + 1) * PROMPTS_PER_CHUNK); i++) {
          prompts.add(codec.promptIds(records.get(batch[i])));
        }
        chunkPrompts.add(prompts);
      }
      OrderedParallel.run(rt.spec().computeThreads(), mine.size(), j -> {
        int first = mine.get(j) * PROMPTS_PER_CHUNK;
        List<int[]> rows = new ArrayList<>();
        long[] seeds = new long[chunkPrompts.get(j).size() * g.groupSize()];
        int maxNew = g.maxResponseTokens();
        for (int k = 0; k < chunkPrompts.get(j).size(); k++) {
          int[] prompt = chunkPrompts.get(j).get(k);
          maxNew = Math.max(1, Math.min(maxNew, maxPos - prompt.length));
          for (int s = 0; s < g.groupSize(); s++) {
            seeds[rows.size()] = Seeds.of(rt.seed(), "rollout", req.step(), first + k, s);
            rows.add(prompt);
          }
        }
        SamplingParams params = new SamplingParams(g.temperature(), g.topP(), g.topK(), maxNew,
            codec.stopIds(), 0);
        return new Chunk(first, new Generator(new Qwen2Model(weights)).generate(rows, params, seeds));
      }, chunk -> {
        int prompts = chunk.generations().size() / g.groupSize();
        for (int i = chunk.first(); i < chunk.first() + prompts; i++) {
          TaskRecord task = records.get(batch[i]);
          String promptText = codec.promptText(task);
          for (int s = 0; s < g.groupSize(); s++) {
            Generation gen = chunk.generations().get((i - chunk.first()) * g.groupSize() + s);
            boolean stopped = gen.finishReason() == Generation.FinishReason.STOP;
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("prompt_index", i);
            o.put("sample", s);
            o.put("task_id", task.id());
            ArrayNode truth = o.putArray("ground_truth");
            for (ToolCall call : task.groundTruth()) {
              truth.add(call.toJson());
            }
            o.put("prompt", promptText);
            ints(o.putArray("prompt_ids"), gen.promptIds());
            ints(o.putArray("response_ids"), gen.generatedIds());
            o.put("response", codec.decodeResponse(gen.generatedIds(), stopped));
            o.put("finish", gen.finishReason().name());
            floats(o.putArray("logprobs"), gen.logProbs());
            floats(o.putArray("model_logprobs"), gen.modelLogProbs());
            lines.add(o);
            tokens[0] += gen.generatedIds().length;
          }
        }
        progress.report("tokens", tokens[0], -1);
      });
    }
    ArtifactRef ref = JsonLines.put(rt.store(), uri, JsonLines.toBytes(lines));
    work.worked("rollout");
    return summary(ref, lines, t0);
  }

  /** The generations of one chunk, whose first prompt has batch index {@code first}. */
  private record Chunk(int first, List<Generation> generations) {}

  /** Concatenates a step's shards in prompt order into {@code rollouts/step-NNNNNN.jsonl}. */
  public RolloutResult merge(CampaignLayout layout, MergeRolloutsRequest req) throws IOException {
    long t0 = System.nanoTime();
    String uri = CampaignLayout.rolloutUri(req.step(), 0, 1);
    List<ObjectNode> existing = JsonLines.readExisting(layout.store(), uri);
    if (existing != null) {
      return summary(JsonLines.ref(layout.store().stat(uri).orElseThrow()), existing, t0);
    }
    List<ObjectNode> all = new ArrayList<>();
    for (RolloutResult shard : req.shards()) {
      all.addAll(JsonLines.read(layout.store(), shard.rollouts()));
    }
    all.sort(Comparator.<ObjectNode>comparingInt(o -> o.path("prompt_index").asInt())
        .thenComparingInt(o -> o.path("sample").asInt()));
    ArtifactRef ref = JsonLines.put(layout.store(), uri, JsonLines.toBytes(all));
    work.worked("merge");
    return summary(ref, all, t0);
  }

  private static RolloutResult summary(ArtifactRef ref, List<ObjectNode> lines, long t0) {
    long tokens = 0;
    java.util.Set<Integer> prompts = new java.util.HashSet<>();
    for (ObjectNode o : lines) {
      tokens += o.path("response_ids").size();
      prompts.add(o.path("prompt_index").asInt());
    }
    return new RolloutResult(ref, prompts.size(), lines.size(), tokens,
        lines.isEmpty() ? 0 : (double) tokens / lines.size(), (System.nanoTime() - t0) / 1_000_000);
  }

  private static void ints(ArrayNode a, int[] v) {
    for (int x : v) {
      a.add(x);
    }
  }

  private static void floats(ArrayNode a, float[] v) {
    for (float x : v) {
      a.add(x);
    }
  }
}
