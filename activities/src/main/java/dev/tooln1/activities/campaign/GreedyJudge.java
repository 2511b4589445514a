package dev.tooln1.activities.campaign;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
    return judge(weights, codec, reward, tasks, maxNewTokens, keepSamples, progress, what, 0, 0);
  }

  /** With {@code temperature > 0}, task i samples from a stream seeded by (seed, i). */
  static Verdicts judge(Qwen2Weights weights, PromptCodec codec, RewardFunction reward,
      List<TaskRecord> tasks, int maxNewTokens, int keepSamples, Progress progress, String what,
      double temperature, long seed) {
    Generator generator = new Generator(new Qwen2Model(weights));
    int maxPos = weights.config().maxPositions();
    int correct = 0;
    int valid = 0;
    long tokens = 0;
    List<ObjectNode> samples = new ArrayList<>();
    StringBuilder perTask = new StringBuilder(tasks.size());
    for (int start = 0; start < tasks.size(); start += BATCH) {
      List<TaskRecord> batch = tasks.subList(start, Math.min(tasks.size(), start + BATCH));
      List<int[]> prompts = new ArrayList<>();
      int longest = 0;
      for (TaskRecord r : batch) {
        int[] p = codec.promptIds(r);
        prompts.add(p);
        longest = Math.max(longest, p.length);
      }
      int maxNew = Math.max(1, Math.min(maxNewTokens, maxPos - longest));
      long[] seeds = new long[prompts.size()];
      for (int i = 0; i < seeds.length; i++) {
        seeds[i] = Seeds.of(seed, "eval-sample", start + i);
      }
      SamplingParams params = temperature > 0
          ? new SamplingParams(temperature, 1.0, 0, maxNew, codec.stopIds(), 0)
          : SamplingParams.greedy(maxNew, codec.stopIds());
      List<Generation> gens = generator.generate(prompts, params, seeds);
      for (int i = 0; i < batch.size(); i++) {
        Generation g = gens.get(i);
        String text = codec.decodeResponse(g.generatedIds(), g.finishReason() == Generation.FinishReason.STOP);
        RewardResult res = reward.score(text, batch.get(i).groundTruth());
        boolean ok = res.formatValid() && res.correct();
        correct += ok ? 1 : 0;
        perTask.append(ok ? '1' : '0');
        valid += res.formatValid() ? 1 : 0;
        tokens += g.generatedIds().length;
        if (samples.size() < keepSamples) {
          ObjectNode s = Json.MAPPER.createObjectNode();
          s.put("task_id", batch.get(i).id());
          s.put("response", text);
          s.put("reward", res.reward());
          s.put("correct", ok);
          s.put("reason", res.reason());
          samples.add(s);
        }
      }
      progress.report(what, start + batch.size(), tasks.size());
    }
    return new Verdicts(tasks.size(), correct, valid, tokens, samples, perTask.toString());
  }
}
