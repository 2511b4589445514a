package dev.tooln1.model.nn;

import dev.tooln1.model.nn.Generation.FinishReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batched sampling from a {@link Qwen2Model}. Prompts of different lengths share one batch, left
 * padded so that every row's next token lands in the same cache column; after one prefill, each
 * step feeds one token per row through the model ({@link KvCache}), so a step costs one token's
 * forward pass whatever the length so far.
 *
 * <p>Randomness: sequence i draws from its own {@link SplittableRandom} (split i-th from the seed, or
 * given explicitly), never from ND4J's global RNG, so a run is reproducible from its seed.
 */
public final class Generator {

  private static final int PAD = 0;

  private final Qwen2Model model;

  public Generator(Qwen2Model model) {
    this.model = model;
  }

  /** Samples with per-sequence random streams split, in batch order, from {@code params.seed()}. */
  public List<Generation> generate(List<int[]> prompts, SamplingParams params) {
    return generate(prompts, params, splitSeeds(params.seed(), prompts.size()), true);
  }

  /** Samples with an explicit seed per sequence (results then do not depend on batch composition's seeds). */
  public List<Generation> generate(List<int[]> prompts, SamplingParams params, long[] sequenceSeeds) {
    return generate(prompts, params, sequenceSeeds, true);
  }

  /**
   * The same sampling without the KV cache: every step re-runs each whole sequence. Quadratic; for
   * benchmarks and for checking the cache.
   */
  public List<Generation> generateWithoutCache(List<int[]> prompts, SamplingParams params) {
    return generate(prompts, params, splitSeeds(params.seed(), prompts.size()), false);
  }

  private List<Generation> generate(List<int[]> prompts, SamplingParams params, long[] seeds, boolean cached) {
    int rows = prompts.size();
    if (rows == 0) {
      return List.of();
    }
    if (seeds.length != rows) {
      throw new IllegalArgumentException(seeds.length + " seeds for " + rows + " prompts");
    }
    int longest = 0;
    for (int i = 0; i < rows; i++) {
      if (prompts.get(i).length == 0) {
        throw new IllegalArgumentException("prompt " + i + " is empty");
      }
      longest = Math.max(longest, prompts.get(i).length);
    }
    SplittableRandom[] rngs = new SplittableRandom[rows];
    for (int i = 0; i < rows; i++) {
      rngs[i] = new SplittableRandom(seeds[i]);
    }
    int maxNew = params.maxNewTokens();
    int[][] generated = new int[rows][maxNew];
    float[][] logProbs = new float[rows][maxNew];
    float[][] modelLogProbs = new float[rows][maxNew];
    int[] produced = new int[rows];
    FinishReason[] finish = new FinishReason[rows];

    KvCache cache = null;
    try {
      float[][] logits;
      if (cached) {
        // Identical prompts (the G samples of a GRPO group) are prefilled once; their cache rows
        // are then copied, so each row still samples on its own.
        int[] uniqueOf = new int[rows];
        List<int[]> unique = new ArrayList<>();
        java.util.Map<PromptKey, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < rows; i++) {
          int[] p = prompts.get(i);
          uniqueOf[i] = index.computeIfAbsent(new PromptKey(p), k -> {
            unique.add(p);
            return unique.size() - 1;
          });
        }
        cache = model.newCache(unique.size(), longest + maxNew);
        float[][] prefill = model.extend(cache, leftPadded(unique, longest, false), leftPadded(unique, longest, true));
        logits = new float[rows][];
        for (int i = 0; i < rows; i++) {
          logits[i] = prefill[uniqueOf[i]];
        }
        if (unique.size() < rows) {
          KvCache shared = cache;
          cache = shared.gatherRows(uniqueOf);
          shared.close();
        }
      } else {
        logits = model.lastLogits(leftPadded(prompts, longest, false), leftPadded(prompts, longest, true));
      }
      // Cache row r holds sequence seqOfRow[r]. When rows finish, the cache is compacted to the
      // unfinished ones (once at most 3/4 of its rows are still running), so finished sequences stop
      // costing compute.
      int[] seqOfRow = new int[rows];
      for (int i = 0; i < rows; i++) {
        seqOfRow[i] = i;
      }
      for (int step = 0; step < maxNew; step++) {
        List<Integer> running = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
          if (finish[i] != null) {
            continue;
          }
          Sampler.Sample s = Sampler.sample(logits[i], params, rngs[i]);
          generated[i][step] = s.token();
          logProbs[i][step] = s.logProb();
          modelLogProbs[i][step] = s.modelLogProb();
          produced[i] = step + 1;
          if (params.stopIds().contains(s.token())) {
            finish[i] = FinishReason.STOP;
          } else if (step + 1 == maxNew) {
            finish[i] = FinishReason.LENGTH;
          } else {
            running.add(i);
          }
        }
        if (running.isEmpty()) {
          break;
        }
        if (!cached) {
          logits = reforward(prompts, generated, produced, finish, logits);
          continue;
        }
        if (running.size() * 4 <= cache.batch() * 3) {
          int[] keep = new int[running.size()];
          int k = 0;
          for (int r = 0; r < seqOfRow.length; r++) {
            if (finish[seqOfRow[r]] == null) {
              keep[k++] = r;
            }
          }
          KvCache full = cache;
          cache = full.gatherRows(keep);
          full.close();
          int[] kept = new int[keep.length];
          for (int j = 0; j < keep.length; j++) {
            kept[j] = seqOfRow[keep[j]];
          }
          seqOfRow = kept;
        }
        int[][] next = new int[seqOfRow.length][1];
        int[][] nextMask = new int[seqOfRow.length][1];
        for (int r = 0; r < seqOfRow.length; r++) {
          int i = seqOfRow[r];
          if (finish[i] == null) {
            next[r][0] = generated[i][step];
            nextMask[r][0] = 1;
          } else {
            next[r][0] = PAD; // finished, not yet compacted away: a padding column nobody reads
          }
        }
        float[][] rowLogits = model.extend(cache, next, nextMask);
        for (int r = 0; r < seqOfRow.length; r++) {
          logits[seqOfRow[r]] = rowLogits[r];
        }
      }
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
    List<Generation> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(new Generation(prompts.get(i).clone(), Arrays.copyOf(generated[i], produced[i]),
          Arrays.copyOf(logProbs[i], produced[i]), Arrays.copyOf(modelLogProbs[i], produced[i]), finish[i]));
    }
    return out;
  }

  /** Prompts left padded to {@code longest} columns: their ids, or (mask) 1 at real tokens. */
  private static int[][] leftPadded(List<int[]> prompts, int longest, boolean mask) {
    int[][] out = new int[prompts.size()][longest];
    for (int i = 0; i < out.length; i++) {
      int[] p = prompts.get(i);
      int offset = longest - p.length;
      if (mask) {
        Arrays.fill(out[i], offset, longest, 1);
      } else {
        System.arraycopy(p, 0, out[i], offset, p.length);
      }
    }
    return out;
  }

  /** A prompt as a hash key (arrays compare by identity). */
  private record PromptKey(int[] ids) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PromptKey k && Arrays.equals(ids, k.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }
  }

  /** Without a cache: last-token logits of every unfinished row's whole sequence so far. */
  private float[][] reforward(List<int[]> prompts, int[][] generated, int[] produced, FinishReason[] finish,
      float[][] previous) {
    List<Integer> active = new ArrayList<>();
    int longest = 0;
    for (int i = 0; i < prompts.size(); i++) {
      if (finish[i] == null) {
        active.add(i);
        longest = Math.max(longest, prompts.get(i).length + produced[i]);
      }
    }
    int[][] ids = new int[active.size()][longest];
    int[][] mask = new int[active.size()][longest];
    for (int r = 0; r < active.size(); r++) {
      int i = active.get(r);
      int[] p = prompts.get(i);
      int len = p.length + produced[i];
      int offset = longest - len;
      System.arraycopy(p, 0, ids[r], offset, p.length);
      System.arraycopy(generated[i], 0, ids[r], offset + p.length, produced[i]);
      Arrays.fill(mask[r], offset, longest, 1);
    }
    float[][] last = model.lastLogits(ids, mask);
    float[][] out = previous.clone();
    for (int r = 0; r < active.size(); r++) {
      out[active.get(r)] = last[r];
    }
    return out;
  }

  private static long[] splitSeeds(long seed, int n) {
    SplittableRandom root = new SplittableRandom(seed);
    long[] seeds = new long[n];
    for (int i = 0; i < n; i++) {
      seeds[i] = root.split().nextLong();
    }
    return seeds;
  }
}
