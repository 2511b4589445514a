package dev.tooln1.ops.testing;

import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.activities.campaign.records.CampaignEndRecords;
import dev.tooln1.ops.wiring.ComputeFactory;
import dev.tooln1.ops.worker.WorkerContext;
import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.activities.DataActivities;
import dev.tooln1.workflows.activities.EvalActivities;
import dev.tooln1.workflows.activities.TrainingActivities;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignEndRequest;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.ClaimRequest;
import dev.tooln1.workflows.dto.EvalRequest;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.LatestCheckpointRequest;
import dev.tooln1.workflows.dto.MergeRolloutsRequest;
import dev.tooln1.workflows.dto.PrepareRequest;
import dev.tooln1.workflows.dto.PreparedData;
import dev.tooln1.workflows.dto.RolloutRequest;
import dev.tooln1.workflows.dto.RolloutResult;
import dev.tooln1.workflows.dto.ScoreRequest;
import dev.tooln1.workflows.dto.ScoreResult;
import dev.tooln1.workflows.dto.SftRequest;
import dev.tooln1.workflows.dto.SftResult;
import dev.tooln1.workflows.dto.UpdateRequest;
import dev.tooln1.workflows.dto.UpdateResult;
import dev.tooln1.workflows.dto.WorkerLease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Compute activities for orchestration tests: deterministic numbers, a short sleep per rollout so
 * that signals land between steps, idempotent like the real ones (an update already applied is not
 * counted again). Records every call as {@code name:campaign:step@worker}. The end record is real: it
 * is written into the campaign directory as the worker's own activity writes it.
 */
public final class FakeCompute implements ComputeFactory {
  public static final int BATCHES_PER_EPOCH = 8;

  private final long rolloutMillis;
  public final List<String> calls = new CopyOnWriteArrayList<>();
  /** Checkpoints written per campaign (step -> ref), as a store on disk would hold them. */
  public final Map<String, Map<Integer, ArtifactRef>> checkpoints = new ConcurrentHashMap<>();

  public FakeCompute(long rolloutMillis) {
    this.rolloutMillis = rolloutMillis;
  }

  @Override
  public List<Object> create(WorkerContext context) {
    return List.of(new Activities(context));
  }

  /** Updates that produced a checkpoint not written before (a re-run returns the existing one). */
  public long appliedUpdates(String campaign) {
    return calls.stream().filter(c -> c.startsWith("update-applied:" + campaign + ":")).count();
  }

  static ArtifactRef ref(String uri) {
    return new ArtifactRef(uri, "ab".repeat(32));
  }

  private final class Activities implements DataActivities, TrainingActivities, EvalActivities,
      CampaignStoreActivities {
    private final WorkerContext context;

    Activities(WorkerContext context) {
      this.context = context;
    }

    private void call(String name, String campaign, int step) {
      calls.add(name + ":" + campaign + ":" + step + "@" + context.workerId());
    }

    @Override
    public PreparedData prepareData(PrepareRequest r) {
      call("prepareData", r.campaignId(), 0);
      return new PreparedData(ref(r.campaignId() + "/data/train.jsonl"),
          ref(r.campaignId() + "/data/eval.jsonl"), BATCHES_PER_EPOCH * 4, BATCHES_PER_EPOCH);
    }

    @Override
    public WorkerLease claimWorker(ClaimRequest r) {
      call("claimWorker", r.campaignId(), 0);
      return new WorkerLease(context.workerId(), context.ownQueue());
    }

    @Override
    public SftResult sftWarmup(SftRequest r) {
      call("sftWarmup", r.campaignId(), 0);
      return new SftResult(ref(r.campaignId() + "/checkpoints/sft"), 0.5, 1);
    }

    @Override
    public RolloutResult rollout(RolloutRequest r) {
      call("rollout", r.campaignId(), r.step());
      try {
        Thread.sleep(rolloutMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new RolloutResult(ref(r.campaignId() + "/rollouts/step-" + r.step()), 4, 20, 600, 30,
          rolloutMillis);
    }

    @Override
    public RolloutResult mergeRollouts(MergeRolloutsRequest r) {
      call("mergeRollouts", r.campaignId(), r.step());
      return new RolloutResult(ref(r.campaignId() + "/rollouts/step-" + r.step()), 4, 20, 600, 30, 0);
    }

    @Override
    public ScoreResult score(ScoreRequest r) {
      call("score", r.campaignId(), r.step());
      double reward = Math.min(1.0, 0.1 + 0.05 * r.step());
      return new ScoreResult(ref(r.campaignId() + "/rewards/step-" + r.step()), reward, reward, 0.9, 1);
    }

    @Override
    public UpdateResult update(UpdateRequest r) {
      call("update", r.campaignId(), r.step());
      int produced = r.step() + 1;
      ArtifactRef ckpt = ref(r.campaignId() + "/checkpoints/step-" + produced);
      if (checkpoints.computeIfAbsent(r.campaignId(), k -> new ConcurrentHashMap<>())
          .putIfAbsent(produced, ckpt) == null) {
        call("update-applied", r.campaignId(), r.step());
      }
      return new UpdateResult(ckpt, 0.001 * produced, 0.1, 1.0, 1);
    }

    @Override
    public EvalResult evaluate(EvalRequest r) {
      call("evaluate", r.campaignId(), r.step());
      return new EvalResult(ref(r.campaignId() + "/eval/" + r.label() + ".json"),
          0.4 + 0.01 * r.step(), 200, 1);
    }

    @Override
    public CheckpointRecord latestCheckpoint(LatestCheckpointRequest r) {
      call("latestCheckpoint", r.campaignId(), 0);
      Map<Integer, ArtifactRef> all = checkpoints.getOrDefault(r.campaignId(), Map.of());
      return all.keySet().stream().max(Integer::compare)
          .map(step -> new CheckpointRecord(step, all.get(step), null)).orElse(null);
    }

    @Override
    public void recordEnd(CampaignEndRequest r) {
      call("recordEnd", r.campaignId(), r.step());
      try {
        CampaignEndRecords.write(new CampaignLayout(context.campaignsDir(), r.campaignId()).store(),
            new CampaignEnd(r.campaignId(), r.outcome(), r.step(), Instant.ofEpochMilli(r.endedAtMillis()), r.error()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
