package dev.tooln1.activities.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.campaign.prompts.TokenizerCache;
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
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled evaluation reading a checkpoint while the campaign trains on (another worker, with
 * {@code schedule.keepCheckpoints = 1}): the update that would prune that checkpoint leaves it, and
 * the next update after the evaluation prunes it.
 */
class CheckpointInUseServiceTest {

  @TempDir
  Path tmp;

  @Test
  void anUpdateDoesNotPruneTheCheckpointAnEvaluationIsReading() throws Exception {
    CampaignSpec base = TinyCampaign.spec(TinyCampaign.dataSpec(tmp.resolve("specs")), 0, 3);
    CampaignSpec spec = new CampaignSpec(base.name(), base.description(), base.seed(), base.model(),
        base.data(), base.reward(), base.promptFormat(), base.sft(), base.grpo(),
        new CampaignSpec.Schedule(1, 3, 100, 100, 100, 1), base.evaluation(), base.guard());
    Path root = tmp.resolve("campaigns");
    ArtifactRef config = TinyCampaign.write(root, "p", spec);
    CampaignRuntime rt = CampaignRuntime.open(new CampaignLayout(root, "p"), config, new TokenizerCache());
    WorkLog work = new WorkLog();
    ScoreService scores = new ScoreService(RewardRegistry.standard(), work);
    // the trainer and the evaluator are different workers: separate policy caches
    PolicyCache trainerCache = new PolicyCache();
    RolloutService rollouts = new RolloutService(trainerCache, work);
    UpdateService updates = new UpdateService(trainerCache, work);
    EvalService evals = new EvalService(new PolicyCache(), scores, work);
    PreparedData data = new DataService(work).prepare(rt, Progress.NONE);
    ArtifactRef start = BasePolicyRef.of(spec);
    Trainer trainer = new Trainer(rt, rollouts, scores, updates, data, config, start);

    ArtifactRef ckpt1 = trainer.step(0, start);
    Path ckpts = rt.layout().checkpointsDir();
    AtomicReference<ArtifactRef> ckpt2 = new AtomicReference<>();
    AtomicReference<List<String>> markersDuringEval = new AtomicReference<>();
    Progress trainsMeanwhile = (what, done, total) -> {
      if (ckpt2.get() == null) {
        markersDuringEval.set(names(ckpts, ".inuse-"));
        ckpt2.set(trainer.step(1, ckpt1)); // verifies checkpoint 2, would prune checkpoint 1
      }
    };

    EvalResult r = evals.evaluate(rt, new EvalRequest("p", "scheduled-step-1", 1, config, ckpt1,
        data.evalSet()), trainsMeanwhile);

    assertThat(r.examples()).isEqualTo(6);
    assertThat(ckpt2.get()).as("training ran during the evaluation").isNotNull();
    assertThat(markersDuringEval.get()).singleElement().asString()
        .startsWith("step-000001.inuse-eval-scheduled-step-1.");
    assertThat(ckpts.resolve("step-000001")).as("in use when step 1's update pruned").isDirectory();
    assertThat(rt.checkpointVerifies("step-000001")).isTrue();
    assertThat(names(ckpts, ".inuse-")).as("the marker goes with the evaluation").isEmpty();

    trainer.step(2, ckpt2.get());
    assertThat(ckpts.resolve("step-000001")).as("pruned once no longer in use").doesNotExist();
    assertThat(ckpts.resolve("step-000001.pruned.json")).isRegularFile();
    assertThat(ckpts.resolve("step-000003")).isDirectory();
  }

  private static List<String> names(Path dir, String containing) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(containing)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One GRPO step through the real services; returns the new checkpoint. */
  private record Trainer(CampaignRuntime rt, RolloutService rollouts, ScoreService scores,
      UpdateService updates, PreparedData data, ArtifactRef config, ArtifactRef start) {

    ArtifactRef step(int k, ArtifactRef policy) {
      try {
        RolloutResult r = rollouts.rollout(rt, new RolloutRequest("p", k, new DataCursor(0, k), config,
            policy, data.trainSet(), rt.seed(), 0, 1), Progress.NONE);
        ScoreResult s = scores.score(rt, new ScoreRequest("p", k, config, r.rollouts()), Progress.NONE);
        UpdateResult u = updates.update(rt, new UpdateRequest("p", k, config, policy, start, r.rollouts(),
            s.rewards(), rt.seed(), false, List.of()), Progress.NONE);
        return u.checkpoint();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
