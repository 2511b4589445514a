package dev.tooln1.activities.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.campaign.prompts.TokenizerCache;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.DataCursor;
import dev.tooln1.workflows.dto.PreparedData;
import dev.tooln1.workflows.dto.RolloutRequest;
import dev.tooln1.workflows.dto.RolloutResult;
import dev.tooln1.workflows.dto.ScoreRequest;
import dev.tooln1.workflows.dto.ScoreResult;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code schedule.keepCheckpoints} through the real services on the tiny preset: an update prunes
 * what the retention rules let go once its own checkpoint verifies, and a completed step whose
 * checkpoint is gone still fast-forwards (its update returns the pruned ref without training).
 */
class CheckpointPruningServiceTest {

  @TempDir
  Path tmp;

  @Test
  void updatesPruneOldCheckpointsAndCompletedStepsStillFastForward() throws Exception {
    CampaignSpec base = TinyCampaign.spec(TinyCampaign.dataSpec(tmp.resolve("specs")), 0, 3);
    CampaignSpec spec = new CampaignSpec(base.name(), base.description(), base.seed(), base.model(),
        base.data(), base.reward(), base.promptFormat(), base.sft(), base.grpo(),
        new CampaignSpec.Schedule(1, 3, 100, 100, 100, 1), base.evaluation(), base.guard());
    Path root = tmp.resolve("campaigns");
    ArtifactRef config = TinyCampaign.write(root, "p", spec);
    CampaignRuntime rt = CampaignRuntime.open(new CampaignLayout(root, "p"), config, new TokenizerCache());
    WorkLog work = new WorkLog();
    PolicyCache cache = new PolicyCache();
    ScoreService scores = new ScoreService(RewardRegistry.standard(), work);
    RolloutService rollouts = new RolloutService(cache, work);
    UpdateService updates = new UpdateService(cache, work);
    PreparedData data = new DataService(work).prepare(rt, Progress.NONE);
    ArtifactRef start = BasePolicyRef.of(spec);

    ArtifactRef policy = start;
    List<UpdateRequest> requests = new ArrayList<>();
    List<UpdateResult> results = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      RolloutResult r = rollouts.rollout(rt, new RolloutRequest("p", k, new DataCursor(0, k), config,
          policy, data.trainSet(), rt.seed(), 0, 1), Progress.NONE);
      ScoreResult s = scores.score(rt, new ScoreRequest("p", k, config, r.rollouts()), Progress.NONE);
      // the update of step 1 writes a long-term checkpoint (as the workflow marks interval ones)
      UpdateRequest req = new UpdateRequest("p", k, config, policy, start, r.rollouts(), s.rewards(),
          rt.seed(), k == 1, List.of());
      UpdateResult u = updates.update(rt, req, Progress.NONE);
      requests.add(req);
      results.add(u);
      policy = u.checkpoint();
    }

    Path ckpts = rt.layout().checkpointsDir();
    assertThat(ckpts.resolve("step-000000")).isDirectory(); // the start policy and KL reference
    assertThat(ckpts.resolve("step-000001")).doesNotExist(); // pruned when 2 verified
    assertThat(ckpts.resolve("step-000001.pruned.json")).isRegularFile();
    assertThat(ckpts.resolve("step-000002")).isDirectory(); // marked keep
    assertThat(ckpts.resolve("step-000003")).isDirectory(); // the newest
    assertThat(rt.checkpointVerifies("step-000002")).isTrue();
    assertThat(rt.checkpointVerifies("step-000003")).isTrue();

    // A restarted campaign replays step 0 and 1: the update of step 0 returns checkpoint 1's ref
    // from its tombstone; the rollout of step 1 (policy = pruned checkpoint 1) finds its output.
    int before = work.total();
    assertThat(updates.update(rt, requests.get(0), Progress.NONE).checkpoint())
        .isEqualTo(results.get(0).checkpoint());
    assertThat(rollouts.rollout(rt, new RolloutRequest("p", 1, new DataCursor(0, 1), config,
        results.get(0).checkpoint(), data.trainSet(), rt.seed(), 0, 1), Progress.NONE)).isNotNull();
    assertThat(updates.update(rt, requests.get(2), Progress.NONE).checkpoint())
        .isEqualTo(results.get(2).checkpoint());
    assertThat(work.total()).as("work redone: %s", work.snapshot()).isEqualTo(before);

    // Sampling anew with a pruned checkpoint fails naming it and why.
    assertThatThrownBy(() -> rollouts.rollout(rt, new RolloutRequest("p", 7, new DataCursor(0, 7),
        config, results.get(0).checkpoint(), data.trainSet(), rt.seed(), 0, 1), Progress.NONE))
        .isInstanceOfSatisfying(CampaignError.class, e -> {
          assertThat(e.kind()).isEqualTo(CampaignError.Kind.CORRUPT_CHECKPOINT);
          assertThat(e.getMessage()).contains("step-000001").contains("was pruned");
        });
    assertThat(Files.exists(ckpts.resolve("step-000001"))).isFalse();
  }
}
