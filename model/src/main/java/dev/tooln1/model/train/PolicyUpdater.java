package dev.tooln1.model.train;

import dev.tooln1.model.checkpoint.Checkpoint;
import dev.tooln1.model.checkpoint.Provenance;
import dev.tooln1.model.nn.Gradients;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.optim.AdamW;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The part both trainers share: the trainable model, its gradient accumulators, AdamW, the LR schedule,
 * clipping, the step counter and the trainer RNG — i.e. exactly what a checkpoint holds.
 */
final class PolicyUpdater {

  final Qwen2Model model;
  /** The summed gradient of a step; {@code shards[0]}. */
  final Gradients grads;
  private final Gradients[] shards;
  private final ExecutorService pool; // null with one shard
  final AdamW adamw;
  final OptimConfig config;
  final SplitMix64 rng;
  long step;

  PolicyUpdater(Qwen2Weights weights, OptimConfig config, long seed) {
    this.model = new Qwen2Model(weights);
    this.shards = new Gradients[config.gradientShards()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Gradients(weights);
    }
    this.grads = shards[0];
    this.pool = shards.length == 1 ? null : shardPool(shards.length - 1);
    this.adamw = new AdamW(config.adamw());
    this.config = config;
    this.rng = new SplitMix64(seed);
  }

  /** Threads for shards 1..P-1 (shard 0 runs on the caller); idle threads end after a while. */
  private static ExecutorService shardPool(int threads) {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "tooln1-gradient-shard");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Forward/backward of a step's micro-batches, data-parallel over the gradient shards: micro-batch
   * i accumulates into shard i mod P, each shard takes its micro-batches in order on its own thread,
   * then shards 1..P-1 are added into shard 0 in order. The sums are the same on any machine and
   * any load, so a step's result depends on P (a campaign setting), never on timing.
   *
   * @return the task's results in micro-batch order
   */
  <R> List<R> accumulate(int microBatches, BiFunction<Integer, Gradients, R> task) {
    int p = shards.length;
    List<R> results = new ArrayList<>(java.util.Collections.nCopies(microBatches, (R) null));
    if (p == 1) {
      for (int i = 0; i < microBatches; i++) {
        results.set(i, task.apply(i, shards[0]));
      }
      return results;
    }
    List<Future<?>> running = new ArrayList<>();
    for (int s = 1; s < p; s++) {
      final int shard = s;
      running.add(pool.submit(() -> {
        for (int i = shard; i < microBatches; i += p) {
          results.set(i, task.apply(i, shards[shard]));
        }
      }));
    }
    RuntimeException failure = null;
    try {
      for (int i = 0; i < microBatches; i += p) {
        results.set(i, task.apply(i, shards[0]));
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while gradient shards ran", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      for (Gradients g : shards) {
        g.zero();
      }
      throw failure;
    }
    for (int s = 1; s < p; s++) {
      Map<String, INDArray> from = shards[s].asMap();
      grads.asMap().forEach((name, g) -> g.addi(from.get(name)));
      shards[s].zero();
    }
    return results;
  }

  PolicyUpdater(Checkpoint ckpt, OptimConfig config) {
    this(ckpt.weights(), config, ckpt.rngState());
    adamw.restore(ckpt.firstMoments(), ckpt.secondMoments(), ckpt.optimizerStep());
    step = ckpt.step();
  }

  /** Clips, applies one AdamW update with the scheduled LR, zeroes the gradients; returns {norm, lr}. */
  double[] apply() {
    double norm = grads.globalNorm();
    if (!Double.isFinite(norm)) {
      for (Gradients g : shards) {
        g.zero();
      }
      throw new IllegalStateException("non-finite gradient norm (" + norm + ") at step " + (step + 1)
          + "; update skipped, weights unchanged");
    }
    double coef = config.maxGradNorm() / (norm + 1e-6); // torch.nn.utils.clip_grad_norm_
    if (config.maxGradNorm() > 0 && coef < 1.0) {
      grads.scale(coef);
    }
    double lr = config.schedule().lr(adamw.step());
    adamw.update(model.weights().asMap(), grads.asMap(), lr);
    grads.zero();
    step++;
    // Every array this step made explicitly is closed already, but ND4J makes temporaries of its own
    // inside ops (e.g. gemm on views); their off-heap buffers go only when the Java objects are collected.
    // One young-heap collection per step (milliseconds: weights and activations live off-heap) keeps the
    // resident size flat instead of growing by megabytes per step (see model/README.md, TrainBench).
    System.gc();
    return new double[] {norm, lr};
  }

  Checkpoint checkpoint(Provenance provenance) {
    return new Checkpoint(model.weights(), adamw.firstMoments(), adamw.secondMoments(), adamw.step(), step,
        rng.state(), provenance);
  }
}
