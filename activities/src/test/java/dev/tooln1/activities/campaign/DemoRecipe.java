package dev.tooln1.activities.campaign;

import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.campaign.prompts.TokenizerCache;
import dev.tooln1.activities.campaign.records.HeldOutComparison;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
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
import java.util.List;
import java.util.Locale;

/**
 * A development tool, not product code (it lives with the tests and is not a test): a check of the CPU
 * demo's recipe through the campaign services, in process and without Temporal:
 * the {@code demo} preset (trimmed vocabulary) on the synthetic tool world, SFT warm-up to a held-out
 * target, held-out evaluation, GRPO steps, held-out evaluation again; prints the time of each phase
 * and both accuracies with their Wilson intervals. Re-running with the same directory reuses every
 * finished artifact (the services are idempotent), so it can be resumed.
 *
 * <pre>
 * ./mvnw -B -o -q -pl activities -am -DskipTests package dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp-\${project.artifactId}.txt
 * java -Dtooln1.root=. -cp "$(cat /tmp/cp-tooln1-activities.txt):activities/target/classes:activities/target/test-classes" \
 *     dev.tooln1.activities.campaign.DemoRecipe \
 *     [workDir] [grpoSteps=20] [sftMaxSteps=400] [sftTarget=0.4] [heldOut=300] [tasks=2000] [promptFormat=compact]
 * </pre>
 * System properties {@code sft.lr}, {@code sft.evalEvery}, {@code grpo.lr}, {@code grpo.temperature},
 * {@code grpo.prompts}, {@code grpo.dynamicSampling}, {@code compute.threads} override the recipe's values; {@code data.options}
 * is appended to the synthetic source (e.g. {@code ", quote_values: true"}).
 */
public final class DemoRecipe {

  private DemoRecipe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/demo-recipe").toAbsolutePath();
    int grpoSteps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int sftSteps = args.length > 2 ? Integer.parseInt(args[2]) : 400;
    double target = args.length > 3 ? Double.parseDouble(args[3]) : 0.4;
    int heldOut = args.length > 4 ? Integer.parseInt(args[4]) : 300;
    int tasks = args.length > 5 ? Integer.parseInt(args[5]) : 2000;
    String format = args.length > 6 ? args[6] : "compact";
    Files.createDirectories(dir);
    Path dataSpec = dir.resolve("demo-synthetic.yaml");
    Files.writeString(dataSpec, "seed: 7\nsources:\n  - {type: synthetic, count: " + tasks
        + System.getProperty("data.options", "") + "}\n"
        + "split: {train: 0.85, validation: 0.15, test: 0}\n");
    CampaignSpec spec = new CampaignSpec("demo-recipe", "", 7,
        new CampaignSpec.Model("demo", null, "vendored:qwen2.5", true),
        new CampaignSpec.Data(dataSpec.toString(), "train", "validation"), "tooln1", format,
        new CampaignSpec.Sft(true, sftSteps, Integer.getInteger("sft.batch", 32), Double.parseDouble(System.getProperty("sft.lr", "2e-3")), 20,
            target, Integer.getInteger("sft.evalEvery", 25), System.getProperty("sft.schedule", "constant")),
        new CampaignSpec.Grpo(5, Double.parseDouble(System.getProperty("grpo.temperature", "0.7")), 1.0, 0,
            Double.parseDouble(System.getProperty("grpo.lr", "1e-4")), 0.001, 0.2, 0.2,
            Integer.getInteger("grpo.prompts", 32), 32, 1, 1024 - 96, 96, 1.0, 0.0, 0,
            "token-mean", true, Boolean.parseBoolean(System.getProperty("grpo.dynamicSampling", "false"))),
        new CampaignSpec.Schedule(1, grpoSteps, 10, 5, 10, 3),
        new CampaignSpec.Evaluation(heldOut, List.of(), null, false, null, 0.0),
        new CampaignSpec.Guard(false, 0.5, 5), new CampaignSpec.Compute(Integer.getInteger("compute.threads", 1)));
    Path root = dir.resolve("campaigns");
    ArtifactRef config = CampaignFiles.writeCampaignJson(root.resolve("demo-recipe"), spec);
    WorkLog work = new WorkLog();
    PolicyCache cache = new PolicyCache();
    ScoreService scores = new ScoreService(RewardRegistry.standard(), work);
    Progress quiet = Progress.NONE;

    long t = System.nanoTime();
    CampaignRuntime rt = CampaignRuntime.open(new CampaignLayout(root, "demo-recipe"), config, new TokenizerCache());
    PreparedData data = new DataService(work).prepare(rt, quiet);
    List<TaskRecord> train = rt.records(data.trainSet());
    long promptTokens = 0;
    int longest = 0;
    int sample = Math.min(200, train.size());
    for (TaskRecord r : train.subList(0, sample)) {
      int n = rt.codec().promptIds(r).length;
      promptTokens += n;
      longest = Math.max(longest, n);
    }
    say("prepare: %d train / %d batches per epoch, vocabulary %d ids, prompts mean %.0f max %d tokens (%.1f s)",
        data.trainExamples(), data.batchesPerEpoch(), rt.codec().tokenizer().vocabSize(),
        (double) promptTokens / sample, longest, secs(t));

    t = System.nanoTime();
    long sftStart = t;
    SftResult sft = new SftService(cache, scores, work).warmup(rt,
        new SftRequest(rt.campaignId(), config, BasePolicyRef.of(spec), data.trainSet(), rt.seed()),
        (what, done, total) -> {
          if (what.startsWith("sft-steps") && done % 25 == 0) {
            say("  sft step %d/%d (%.0f s)", done, total, secs(sftStart));
          } else if (what.equals("sft-slice-correct")) {
            say("  sft slice accuracy %d/%d", done, total);
          }
        });
    say("sft: loss %.3f, %s (%.1f s)", sft.loss(),
        new String(rt.store().get(CampaignLayout.SFT_METRICS)).replaceAll("\\s+", " ").replaceAll("\"history\".*", ""),
        secs(t));
    EvalService evals = new EvalService(cache, scores, work);
    t = System.nanoTime();
    EvalResult before = evals.evaluate(rt, new EvalRequest(rt.campaignId(), "baseline", 0, config, sft.checkpoint(),
        data.evalSet()), quiet);
    say("eval after SFT: %s (%.1f s)", Proportion.of((int) Math.round(before.accuracy() * before.examples()),
        before.examples()), secs(t));

    RolloutService rollouts = new RolloutService(cache, work);
    UpdateService updates = new UpdateService(cache, work);
    ArtifactRef policy = sft.checkpoint();
    DataCursor cursor = DataCursor.start();
    long grpoStart = System.nanoTime();
    for (int step = 0; step < grpoSteps; step++) {
      long t0 = System.nanoTime();
      RolloutResult ro = rollouts.rollout(rt, new RolloutRequest(rt.campaignId(), step, cursor, config, policy,
          data.trainSet(), rt.seed(), 0, 1), quiet);
      long t1 = System.nanoTime();
      ScoreResult sc = scores.score(rt, new ScoreRequest(rt.campaignId(), step, config, ro.rollouts()), quiet);
      long t2 = System.nanoTime();
      UpdateResult up = updates.update(rt, new UpdateRequest(rt.campaignId(), step, config, policy, sft.checkpoint(),
          ro.rollouts(), sc.rewards(), rt.seed(), true), quiet);
      long t3 = System.nanoTime();
      say("grpo step %d: reward %.3f, format-valid %.2f, kl %.5f, %.1f response tokens; rollout %.1f s, score %.2f s,"
          + " update %.1f s", step + 1, sc.meanReward(), sc.formatValidRate(), up.kl(), ro.meanResponseTokens(),
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
      policy = up.checkpoint();
      cursor = cursor.next(data.batchesPerEpoch());
    }
    say("grpo: %d steps in %.1f s", grpoSteps, secs(grpoStart));
    t = System.nanoTime();
    EvalResult after = evals.evaluate(rt, new EvalRequest(rt.campaignId(), "grpo", grpoSteps, config, policy,
        data.evalSet()), quiet);
    say("eval after GRPO: %s (%.1f s)", Proportion.of((int) Math.round(after.accuracy() * after.examples()),
        after.examples()), secs(t));
    HeldOutComparison.read(rt.layout().dir()).orElseThrow().describe("after SFT", "after GRPO")
        .forEach(DemoRecipe::say);
    say("work done: %s", work.snapshot());
  }

  private static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void say(String fmt, Object... args) {
    System.out.println(args.length == 0 ? fmt : String.format(Locale.ROOT, fmt, args));
  }
}
