package dev.tooln1.activities.benchmarks.apibank;

import dev.tooln1.activities.benchmarks.Proportion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One run's API-Bank level-1 results summed up over the set of samples it is scored on, with the
 * official evaluator's denominator: {@code evaluator_by_json.py} counts every API sample and a sample
 * without a prediction is simply not correct, so here a sample of the scored set without a result
 * counts as wrong. The scope says over how many samples the run is scored and whether that is the
 * whole level-1 set, so a score on a subset or a seeded sample is never mistaken for the benchmark's.
 *
 * @param label names the run (a checkpoint, a model) in comparisons
 * @param provenance what produced the results (model, prompt style, seed, limit, ...), shown as given
 * @param overall correct of the scored samples (missing ones wrong), with its Wilson interval
 * @param judged samples of the scored set that have a result
 * @param subsets {@code first-call} and {@code one-user-turn} within the scored set
 * @param perApi by target API (name order), within the scored set
 * @param failures count of each failure kind among the wrong samples ({@code no result} for missing
 *     ones), most frequent first
 * @param items the results of the scored samples, in dataset order
 */
public record ApiBankRunReport(String label, Map<String, String> provenance, Scope scope, Proportion overall,
    int judged, Map<String, Proportion> subsets, Map<String, Proportion> perApi, Map<String, Integer> failures,
    List<ApiBankItemResult> items) {

  /** The failure kind of a sample in the scored set without a result. */
  public static final String NO_RESULT = "no result (counted wrong)";

  /**
   * The samples a run is scored on.
   *
   * @param name a subset name of {@link ApiBankSubsets}, or {@link #RESPONDED}
   * @param description what the set is, in words
   * @param samples how many samples (the denominator)
   * @param fullSetSize the whole level-1 set's size
   */
  public record Scope(String name, String description, int samples, int fullSetSize) {

    /** The samples that have a response (apibank-check with {@code --subset responded}). */
    public static final String RESPONDED = "responded";

    public Scope {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
    }

    /** The scored set is the benchmark's whole set, so the score is comparable with published ones. */
    public boolean wholeSet() {
      return samples == fullSetSize;
    }

    /** A subset of {@link ApiBankSubsets}, sampled down to {@code limit} (0 = all) with {@code seed}. */
    public static Scope of(String subset, int limit, long seed, int samples, int fullSetSize) {
      String what;
      if (subset.equals(ApiBankSubsets.ALL) && samples == fullSetSize) {
        what = "all " + fullSetSize + " level-1 samples (the whole set)";
      } else {
        what = samples + " of " + fullSetSize + " level-1 samples"
            + (subset.equals(ApiBankSubsets.ALL) ? "" : ": " + ApiBankSubsets.describe(subset));
        if (limit > 0 && limit == samples) { // the limit cut the subset down (else it took every member)
          what += ", a seeded sample (seed " + seed + ")";
        }
      }
      return new Scope(subset, what, samples, fullSetSize);
    }

    /** Only the samples that have a response. */
    public static Scope responded(int samples, int fullSetSize) {
      return new Scope(RESPONDED, samples + " of " + fullSetSize + " level-1 samples: those with a response"
          + (samples == fullSetSize ? " (the whole set)" : ""), samples, fullSetSize);
    }
  }

  public ApiBankRunReport {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(scope, "scope");
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    subsets = Collections.unmodifiableMap(new LinkedHashMap<>(subsets));
    perApi = Collections.unmodifiableMap(new LinkedHashMap<>(perApi));
    failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    items = List.copyOf(items);
  }

  /**
   * Scores {@code scored} with the results in {@code results} (results of other samples are ignored).
   *
   * @throws IllegalArgumentException when {@code scored} does not have {@code scope.samples()} samples
   */
  public static ApiBankRunReport of(String label, Map<String, String> provenance, Scope scope,
      List<ApiBankSample> scored, Map<String, ApiBankItemResult> results) {
    if (scored.size() != scope.samples()) {
      throw new IllegalArgumentException("scope says " + scope.samples() + " samples, " + scored.size() + " given");
    }
    int[] all = new int[2];
    int[] firstCall = new int[2];
    int[] oneUser = new int[2];
    Map<String, int[]> apis = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    List<ApiBankItemResult> items = new ArrayList<>();
    for (ApiBankSample s : scored) {
      ApiBankItemResult r = results.get(s.key());
      int hit = r != null && r.correct() ? 1 : 0;
      if (r != null) {
        items.add(r);
      }
      if (hit == 0) {
        failures.merge(r == null ? NO_RESULT : r.failureKind(), 1, Integer::sum);
      }
      add(all, hit);
      add(apis.computeIfAbsent(s.apiName(), k -> new int[2]), hit);
      if (s.firstCallOfDialog()) {
        add(firstCall, hit);
      }
      if (s.userTurns() == 1) {
        add(oneUser, hit);
      }
    }
    Map<String, Proportion> subsets = new LinkedHashMap<>();
    subsets.put(ApiBankSubsets.FIRST_CALL, Proportion.of(firstCall[0], firstCall[1]));
    subsets.put(ApiBankSubsets.ONE_USER_TURN, Proportion.of(oneUser[0], oneUser[1]));
    Map<String, Proportion> perApi = new LinkedHashMap<>();
    apis.forEach((api, c) -> perApi.put(api, Proportion.of(c[0], c[1])));
    return new ApiBankRunReport(label, provenance, scope, Proportion.of(all[0], all[1]), items.size(), subsets, perApi,
        byCount(failures), items);
  }

  /** As {@link #of(String, Map, Scope, List, Map)}, with the results as {@link ApiBankRunner#run} returns them. */
  public static ApiBankRunReport of(String label, Map<String, String> provenance, Scope scope,
      List<ApiBankSample> scored, List<ApiBankItemResult> results) {
    Map<String, ApiBankItemResult> bySample = new LinkedHashMap<>();
    results.forEach(r -> bySample.put(r.sample(), r));
    return of(label, provenance, scope, scored, bySample);
  }

  private static void add(int[] score, int hit) {
    score[0] += hit;
    score[1]++;
  }

  private static Map<String, Integer> byCount(Map<String, Integer> counts) {
    Map<String, Integer> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue())
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Samples of the scored set without a result (counted wrong). */
  public int missing() {
    return scope.samples() - judged;
  }

  /** Verdict per judged sample, in dataset order. */
  public Map<String, Boolean> correctBySample() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    items.forEach(r -> out.put(r.sample(), r.correct()));
    return out;
  }
}
