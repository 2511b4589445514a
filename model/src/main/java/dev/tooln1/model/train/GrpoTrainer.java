package dev.tooln1.model.train;

import dev.tooln1.model.checkpoint.Checkpoint;
import dev.tooln1.model.checkpoint.Provenance;
import dev.tooln1.model.loss.GrpoLoss;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.TokenBatch;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * GRPO policy update: advantages from the whole mini-batch's groups, then forward/backward per
 * micro-batch of sequences (loss normalised over the whole mini-batch, so accumulation is exact), KL to a
 * frozen reference policy in the loss, clip, one AdamW update.
 */
public final class GrpoTrainer {

  /** Metrics of one optimizer step (token means over all response tokens where a mean). */
  public record Metrics(long step, double loss, double pgLoss, double klMean, double clipFracLow,
      double clipFracHigh, double meanRatio, double meanReward, double gradNorm, double lr,
      int responseTokens, double seconds) {}

  private final PolicyUpdater updater;
  private final Qwen2Model reference;
  private final GrpoLoss loss;
  private final List<Consumer<Metrics>> listeners = new CopyOnWriteArrayList<>();

  public GrpoTrainer(Qwen2Weights policy, Qwen2Weights reference, GrpoLoss loss, OptimConfig config, long seed) {
    this(new PolicyUpdater(policy, config, seed), reference, loss);
  }

  private GrpoTrainer(PolicyUpdater updater, Qwen2Weights reference, GrpoLoss loss) {
    this.updater = updater;
    this.reference = new Qwen2Model(reference);
    this.loss = loss;
  }

  public static GrpoTrainer resume(Checkpoint ckpt, Qwen2Weights reference, GrpoLoss loss, OptimConfig config) {
    return new GrpoTrainer(new PolicyUpdater(ckpt, config), reference, loss);
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

  public SplitMix64 rng() {
    return updater.rng;
  }

  public long stepsDone() {
    return updater.step;
  }

  public Metrics step(GrpoBatch batch, int microBatchSize) {
    if (microBatchSize <= 0) {
      throw new IllegalArgumentException("micro-batch size must be > 0");
    }
    long t0 = System.nanoTime();
    TokenBatch all = batch.tokens();
    double[] adv = loss.advantages(batch.rewards(), batch.groupSize());
    GrpoLoss.Normaliser norm = GrpoLoss.Normaliser.of(batch.responseMask(), all.batchSize());
    int seq = all.seqLen();
    int microBatches = (all.batchSize() + microBatchSize - 1) / microBatchSize;
    List<GrpoLoss.Result> parts = updater.accumulate(microBatches, (i, grads) -> {
      int start = i * microBatchSize;
      int end = Math.min(all.batchSize(), start + microBatchSize);
      int from = start * seq;
      int to = end * seq;
      TokenBatch mb = new TokenBatch(end - start, seq, Arrays.copyOfRange(all.ids(), from, to),
          Arrays.copyOfRange(all.attention(), from, to));
      int[] mask = Arrays.copyOfRange(batch.responseMask(), from, to);
      double[] ref = loss.config().klCoef() > 0 ? reference.tokenLogProbs(mb) : null;
      Qwen2Model.Pass pass = updater.model.forward(mb);
      double[] logp = pass.tokenLogProbs();
      double[] old = batch.oldLogp() == null ? logp : Arrays.copyOfRange(batch.oldLogp(), from, to);
      GrpoLoss.Result r = loss.compute(new GrpoLoss.Input(end - start, seq, logp, old, ref, mask,
          Arrays.copyOfRange(adv, start, end)), norm);
      pass.backward(r.dTokenLogp(), grads);
      return r;
    });
    double lossSum = 0;
    double pgSum = 0;
    double klTok = 0;
    double lowTok = 0;
    double highTok = 0;
    double ratioTok = 0;
    int tokens = 0;
    for (GrpoLoss.Result r : parts) {
      lossSum += r.loss();
      pgSum += r.pgLoss();
      klTok += r.klMean() * r.tokens();
      lowTok += r.clipFracLow() * r.tokens();
      highTok += r.clipFracHigh() * r.tokens();
      ratioTok += r.meanRatio() * r.tokens();
      tokens += r.tokens();
    }
    double[] normLr = updater.apply();
    double denom = Math.max(1, tokens);
    Metrics m = new Metrics(updater.step, lossSum, pgSum, klTok / denom, lowTok / denom, highTok / denom,
        tokens == 0 ? 1.0 : ratioTok / denom, Arrays.stream(batch.rewards()).average().orElse(0), normLr[0],
        normLr[1], tokens, (System.nanoTime() - t0) / 1e9);
    listeners.forEach(l -> l.accept(m));
    return m;
  }

  public Checkpoint checkpoint(Provenance provenance) {
    return updater.checkpoint(provenance);
  }
}
