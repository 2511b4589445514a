package dev.tooln1.model.bench;

import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.nn.Gradients;
import dev.tooln1.model.nn.Qwen2Model;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.nn.TokenBatch;
import dev.tooln1.model.train.SplitMix64;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training throughput: tokens/s and achieved GFLOP/s of a forward+backward step (random weights), as a
 * fraction of the same machine's fp32 GEMM peak measured in the same run ({@code Nd4j.gemm} 1024³) — MFU.
 * FLOPs per step = 6·(matmul parameters)·tokens + 12·layers·(heads·headDim)·seqLen·tokens (attention).
 * Also reports process RSS over the timed steps, which must not grow per step.
 *
 * <pre>
 * java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=14G -Dorg.bytedeco.javacpp.maxphysicalbytes=16G \
 *   -cp ... dev.tooln1.model.bench.TrainBench [shape:batch:seq:steps ...]
 * </pre>
 * Default: {@code tiny:8:128:50 demo:8:128:10 qwen2.5-0.5b:2:128:2}.
 */
public final class TrainBench {

  public record Result(String shape, long params, int batch, int seq, int steps, double secondsPerStep,
      double tokensPerSecond, double gflops, double mfu, long rssFirstMb, long rssLastMb) {}

  public static void main(String[] args) throws IOException {
    List<String> specs = args.length > 0 ? List.of(args)
        : List.of("tiny:8:128:50", "demo:8:128:10", "qwen2.5-0.5b:2:128:2");
    double peak = gemmPeakGflops();
    System.out.printf(Locale.ROOT, "GEMM peak (Nd4j.gemm fp32 1024^3, best of 10): %.1f GFLOP/s%n", peak);
    System.out.println("shape            params      BxT     s/step   tokens/s   GFLOP/s   MFU    RSS first->last step (MB)");
    for (String spec : specs) {
      String[] p = spec.split(":");
      if (p.length != 4) {
        throw new IllegalArgumentException("expected shape:batch:seq:steps, got '" + spec + "'");
      }
      Result r = run(ModelConfig.preset(p[0]), p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]),
          Integer.parseInt(p[3]), peak);
      System.out.printf(Locale.ROOT, "%-14s %9.1fM %5dx%-5d %8.3f %10.0f %9.1f %5.1f%%   %d -> %d%n", r.shape(),
          r.params() / 1e6, r.batch(), r.seq(), r.secondsPerStep(), r.tokensPerSecond(), r.gflops(),
          100 * r.mfu(), r.rssFirstMb(), r.rssLastMb());
    }
  }

  public static double gemmPeakGflops() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
    INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
    INDArray c = Nd4j.zeros(DataType.FLOAT, 1024, 1024);
    for (int i = 0; i < 3; i++) {
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
  }

  /** FLOPs of one forward+backward step. */
  public static double stepFlops(ModelConfig c, int batch, int seq) {
    long embed = (long) c.vocabSize() * c.hiddenSize();
    // Tied: the embedding is also the lm_head (a matmul). Untied: the input embedding is a lookup.
    long matmulParams = c.parameterCount() - (c.tieWordEmbeddings() ? 0 : embed);
    double tokens = (double) batch * seq;
    double attn = 12.0 * c.numLayers() * c.numHeads() * c.headDim() * seq * tokens;
    return 6.0 * matmulParams * tokens + attn;
  }

  public static Result run(ModelConfig c, String name, int batch, int seq, int steps, double peakGflops) {
    Qwen2Weights w = Qwen2Weights.random(c, 1, 0.02);
    Qwen2Model model = new Qwen2Model(w);
    Gradients grads = new Gradients(w);
    SplitMix64 rng = new SplitMix64(3);
    int[] ids = new int[batch * seq];
    int[] att = new int[batch * seq];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = rng.nextInt(c.vocabSize());
      att[i] = 1;
    }
    TokenBatch tb = new TokenBatch(batch, seq, ids, att);
    double[] coef = new double[ids.length];
    java.util.Arrays.fill(coef, -1.0 / ids.length); // SFT-style mean NLL gradient
    model.forward(tb).backward(coef, grads); // warm-up
    List<Long> rss = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      model.forward(tb).backward(coef, grads);
      System.gc(); // as the trainers do after each step (PolicyUpdater)
      rss.add(rssMb());
    }
    double sec = (System.nanoTime() - t0) / 1e9 / steps;
    double gflops = stepFlops(c, batch, seq) / sec / 1e9;
    return new Result(name, c.parameterCount(), batch, seq, steps, sec, batch * seq / sec, gflops,
        gflops / peakGflops, rss.get(0), rss.get(rss.size() - 1));
  }

  static long rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
