package dev.tooln1.model.train;

import dev.tooln1.model.checkpoint.Checkpoint;
import dev.tooln1.model.checkpoint.Provenance;
import dev.tooln1.model.loss.SftLoss;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Supervised fine-tuning: one {@link #step} = forward/backward over the micro-batches (gradients
 * accumulate; the loss is the token mean over all of them), clip, one AdamW update.
 */
public final class SftTrainer {

  /** Metrics of one optimizer step. */
  public record Metrics(long step, double loss, double gradNorm, double lr, int targetTokens, double seconds) {}

  private final PolicyUpdater updater;
  private final SftLoss loss = new SftLoss();
  private final List<Consumer<Metrics>> listeners = new CopyOnWriteArrayList<>();

  public SftTrainer(Qwen2Weights weights, OptimConfig config, long seed) {
    this.updater = new PolicyUpdater(weights, config, seed);
  }

  private SftTrainer(PolicyUpdater updater) {
    this.updater = updater;
  }

  /** Continues from a checkpoint exactly where it was taken. */
  public static SftTrainer resume(Checkpoint ckpt, OptimConfig config) {
    return new SftTrainer(new PolicyUpdater(ckpt, config));
  }

  public void addListener(Consumer<Metrics> listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  public Qwen2Weights weights() {
    return updater.model.weights();
  }

  public Qwen2Model model() {
    return updater.model;
  }

  /** The trainer's RNG (data order etc.); its state is checkpointed. */
  public SplitMix64 rng() {
    return updater.rng;
  }

  public long stepsDone() {
    return updater.step;
  }

  public Metrics step(List<SftBatch> microBatches) {
    if (microBatches.isEmpty()) {
      throw new IllegalArgumentException("no micro-batches");
    }
    long t0 = System.nanoTime();
    int total = 0;
    for (SftBatch b : microBatches) {
      total += SftLoss.countTargets(b.lossMask());
    }
    if (total == 0) {
      throw new IllegalArgumentException("the step has no target tokens");
    }
    final int targets = total;
    List<Double> losses = updater.accumulate(microBatches.size(), (i, grads) -> {
      SftBatch b = microBatches.get(i);
      Qwen2Model.Pass pass = updater.model.forward(b.tokens());
      SftLoss.Result r = loss.compute(pass.tokenLogProbs(), b.lossMask(), targets);
      pass.backward(r.dTokenLogp(), grads);
      return r.loss();
    });
    double lossSum = 0;
    for (double l : losses) {
      lossSum += l;
    }
    double[] normLr = updater.apply();
    Metrics m = new Metrics(updater.step, lossSum, normLr[0], normLr[1], total, (System.nanoTime() - t0) / 1e9);
    listeners.forEach(l -> l.accept(m));
    return m;
  }

  public Checkpoint checkpoint(Provenance provenance) {
    return updater.checkpoint(provenance);
  }
}
