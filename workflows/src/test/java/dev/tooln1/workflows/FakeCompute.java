package dev.tooln1.workflows;

import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.activities.DataActivities;
import dev.tooln1.workflows.activities.EvalActivities;
import dev.tooln1.workflows.activities.TrainingActivities;
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
import io.temporal.activity.Activity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scriptable stand-in for the compute workers in orchestration tests: it records every call as
 * {@code name:step@queue} in order, derives artifacts from the step (checkpoint k+1 from update k)
 * and can block, fail or hang chosen calls.
 */
public final class FakeCompute
    implements DataActivities, TrainingActivities, EvalActivities, CampaignStoreActivities {

  public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  /** Rollout requests as {@code step/shard/shards}. */
  public final List<String> rolloutShards = Collections.synchronizedList(new ArrayList<>());
  /** Merge requests as the list of shard artifact names they got. */
  public final List<List<String>> merges = Collections.synchronizedList(new ArrayList<>());
  public volatile int batchesPerEpoch = 3;
  public volatile String workerQueue = "worker-1";
  public volatile RuntimeException prepareError;
  public volatile RuntimeException updateError;
  /** Keyed checkpoint step: evaluate throws this. */
  public final Map<Integer, RuntimeException> evalErrors = new ConcurrentHashMap<>();
  /** Keyed {@code name:step}: how many more attempts fail with a transient error. */
  public final Map<String, Integer> transientFailures = new ConcurrentHashMap<>();
  /** Keyed {@code name:step}: how many more attempts hang without heartbeating. */
  public final Map<String, Integer> hangs = new ConcurrentHashMap<>();
  /** Keyed rollout step: the rollout blocks until the latch opens. */
  public final Map<Integer, CountDownLatch> rolloutGates = new ConcurrentHashMap<>();
  public final Map<Integer, CountDownLatch> rolloutEntered = new ConcurrentHashMap<>();
  /** Evaluation accuracy by checkpoint step (default step / 100). */
  public final Map<Integer, Double> evalAccuracy = new ConcurrentHashMap<>();
  /** Mean reward that score reports by step (default 0.5). */
  public final Map<Integer, Double> meanRewards = new ConcurrentHashMap<>();
  /** Every update request, in order. */
  public final List<UpdateRequest> updateRequests = Collections.synchronizedList(new ArrayList<>());
  /**
   * Every recordEnd request, in order (kept apart from {@link #calls}, whose exact sequences the
   * orchestration tests pin).
   */
  public final List<CampaignEndRequest> ends = Collections.synchronizedList(new ArrayList<>());
  /** recordEnd throws this (every attempt) when set. */
  public volatile RuntimeException endError;
  /** Answers of latestCheckpoint, one per call; the last one repeats. */
  public final Deque<CheckpointRecord> latestCheckpoints = new ArrayDeque<>();
  private final CountDownLatch releaseHung = new CountDownLatch(1);

  public static ArtifactRef ref(String name) {
    return new ArtifactRef("mem://" + name, "sha-" + name);
  }

  /** Lets hung attempts end (call when the test is over). */
  public void releaseHung() {
    releaseHung.countDown();
  }

  public List<String> callsNamed(String name) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.startsWith(name + ":")).toList();
    }
  }

  private void enter(String name, int step) {
    String queue = Activity.getExecutionContext().getInfo().getActivityTaskQueue();
    calls.add(name + ":" + step + "@" + queue);
    String key = name + ":" + step;
    if (hangs.computeIfPresent(key, (k, n) -> n - 1) != null && hangs.get(key) >= 0) {
      try {
        releaseHung.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("hung attempt released");
    }
    if (transientFailures.computeIfPresent(key, (k, n) -> n - 1) != null
        && transientFailures.get(key) >= 0) {
      throw new IllegalStateException("transient failure of " + key);
    }
  }


  @Override
  public PreparedData prepareData(PrepareRequest request) {
    enter("prepareData", 0);
    if (prepareError != null) {
      throw prepareError;
    }
    return new PreparedData(ref("train"), ref("eval"), batchesPerEpoch * 4, batchesPerEpoch);
  }

  @Override
  public WorkerLease claimWorker(ClaimRequest request) {
    enter("claimWorker", 0);
    return new WorkerLease("fake-" + workerQueue, workerQueue);
  }

  @Override
  public SftResult sftWarmup(SftRequest request) {
    enter("sftWarmup", 0);
    return new SftResult(ref("sft"), 0.5, 1);
  }

  @Override
  public RolloutResult rollout(RolloutRequest request) {
    CountDownLatch entered = rolloutEntered.get(request.step());
    if (entered != null) {
      entered.countDown();
    }
    enter("rollout", request.step());
    rolloutShards.add(request.step() + "/" + request.shard() + "/" + request.shards());
    CountDownLatch gate = rolloutGates.get(request.step());
    if (gate != null) {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String name = request.shards() == 1 ? "rollouts-" + request.step()
        : "rollouts-" + request.step() + "-shard-" + request.shard();
    return new RolloutResult(ref(name), 2, 10, 100, 10.0, 1);
  }

  @Override
  public RolloutResult mergeRollouts(MergeRolloutsRequest request) {
    enter("mergeRollouts", request.step());
    merges.add(request.shards().stream().map(r -> r.rollouts().uri()).toList());
    int prompts = request.shards().stream().mapToInt(RolloutResult::prompts).sum();
    return new RolloutResult(ref("rollouts-" + request.step()), prompts, prompts * 5, 100, 10.0, 1);
  }

  @Override
  public ScoreResult score(ScoreRequest request) {
    enter("score", request.step());
    return new ScoreResult(ref("rewards-" + request.step()),
        meanRewards.getOrDefault(request.step(), 0.5), 0.4, 0.9, 1);
  }

  @Override
  public UpdateResult update(UpdateRequest request) {
    enter("update", request.step());
    updateRequests.add(request);
    if (updateError != null) {
      throw updateError;
    }
    return new UpdateResult(ref("ckpt-" + (request.step() + 1)), 0.01, 0.1, 1.0, 1);
  }

  @Override
  public EvalResult evaluate(EvalRequest request) {
    enter("evaluate", request.step());
    RuntimeException error = evalErrors.get(request.step());
    if (error != null) {
      throw error;
    }
    double acc = evalAccuracy.getOrDefault(request.step(), request.step() / 100.0);
    return new EvalResult(ref("eval-" + request.label()), acc, 50, 1);
  }

  @Override
  public CheckpointRecord latestCheckpoint(LatestCheckpointRequest request) {
    enter("latestCheckpoint", 0);
    synchronized (latestCheckpoints) {
      return latestCheckpoints.size() > 1 ? latestCheckpoints.pollFirst() : latestCheckpoints.peekFirst();
    }
  }

  @Override
  public void recordEnd(CampaignEndRequest request) {
    if (endError != null) {
      throw endError;
    }
    ends.add(request);
  }
}
