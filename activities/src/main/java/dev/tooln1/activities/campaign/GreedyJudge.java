package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.campaign.prompts.PromptCodec;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.model.nn.Generation;
import dev.tooln1.model.nn.Generator;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.SamplingParams;
import dev.tooln1.reward.Json;
import dev.tooln1.reward.RewardFunction;
import dev.tooln1.reward.RewardResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy answers of a policy to tasks, judged by the campaign's reward: "correct" = format valid and
 * the calls match (the held-out accuracy of SFT's stopping rule and of evaluation). Batches are
 * fixed (consecutive tasks), so the same checkpoint and tasks give the same verdicts.
 */
final class GreedyJudge {

  static final int BATCH = 48;

  /** {@code perTask}: '1' where task i (in the given order) was answered correctly, else '0'. */
  record Verdicts(int n, int correct, int formatValid, long tokens, List<ObjectNode> samples, String perTask) {}

  private GreedyJudge() {}

  static Verdicts judge(Qwen2Weights weights, PromptCodec codec, RewardFunction reward,
      List<TaskRecord> tasks, int maxNewTokens, int keepSamples, Progress progress, String what) {
    return judge(weights, codec, reward, tasks, maxNewTokens, keepSamples, progress, what, 0, 0, 1);
  }

  /**
   * With {@code temperature > 0}, task i samples from a stream seeded by (seed, i). Batches are
   * generated on up to {@code threads} threads (each batch is the same on any thread); prompts are
   * encoded, responses decoded and judged on this thread, in order.
   */
  static Verdicts judge(Qwen2Weights weights, PromptCodec codec, RewardFunction reward,
      List<TaskRecord> tasks, int maxNewTokens, int keepSamples, Progress progress, String what,
      double temperature, long seed, int threads) {
    int maxPos = weights.config().maxPositions();
    int batches = (tasks.size() + BATCH - 1) / BATCH;
    List<List<int[]>> prompts = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      List<int[]> p = new ArrayList<>();
      for (TaskRecord r : tasks.subList(b * BATCH, Math.min(tasks.size(), (b + 1) * BATCH))) {
        p.add(codec.promptIds(r));
      }
      prompts.add(p);
    }
    int[] correct = {0};
    int[] valid = {0};
    long[] tokens = {0};
    List<ObjectNode> samples = new ArrayList<>();
    StringBuilder perTask = new StringBuilder(tasks.size());
    OrderedParallel.run(threads, batches, b -> {
      int start = b * BATCH;
      int longest = 0;
      for (int[] p : prompts.get(b)) {
        longest = Math.max(longest, p.length);
      }
      int maxNew = Math.max(1, Math.min(maxNewTokens, maxPos - longest));
      long[] seeds = new long[prompts.get(b).size()];
      for (int i = 0; i < seeds.length; i++) {
        seeds[i] = Seeds.of(seed, "eval-sample", start + i);
      }
      SamplingParams params = temperature > 0
          ? new SamplingParams(temperature, 1.0, 0, maxNew, codec.stopIds(), 0)
          : SamplingParams.greedy(maxNew, codec.stopIds());
      return new Batch(start, new Generator(new Qwen2Model(weights)).generate(prompts.get(b), params, seeds));
    }, done -> {
      List<Generation> gens = done.generations();
      for (int i = 0; i < gens.size(); i++) {
        TaskRecord task = tasks.get(done.start() + i);
        Generation g = gens.get(i);
        String text = codec.decodeResponse(g.generatedIds(), g.finishReason() == Generation.FinishReason.STOP);
        RewardResult res = reward.score(text, task.groundTruth());
        boolean ok = res.formatValid() && res.correct();
        correct[0] += ok ? 1 : 0;
        perTask.append(ok ? '1' : '0');
        valid[0] += res.formatValid() ? 1 : 0;
        tokens[0] += g.generatedIds().length;
        if (samples.size() < keepSamples) {
          ObjectNode s = Json.MAPPER.createObjectNode();
          s.put("task_id", task.id());
          s.put("response", text);
          s.put("reward", res.reward());
          s.put("correct", ok);
          s.put("reason", res.reason());
          samples.add(s);
        }
      }
      progress.report(what, done.start() + gens.size(), tasks.size());
    });
    return new Verdicts(tasks.size(), correct[0], valid[0], tokens[0], samples, perTask.toString());
  }

  private record Batch(int start, List<Generation> generations) {}
}
