package dev.tooln1.activities.benchmarks.apibank;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Named subsets of the level-1 samples and seeded samples of them.
 *
 * <ul>
 *   <li>{@code all}: the 399 samples;
 *   <li>{@code first-call}: the first call of each dialog (212), one reading of the paper's "excluding
 *       multi-turn";
 *   <li>{@code one-user-turn}: histories with a single User turn (61), the other reading.
 * </ul>
 *
 * A limit takes a uniform sample without replacement, drawn from a shuffle seeded by the seed and the
 * subset's name, kept in dataset order. Samples are nested (as {@code BfclSuite.sample}): the sample for
 * a limit is the first {@code limit} of the same shuffle, so a larger limit with the same seed contains
 * the smaller one and a run resumed with a higher limit reuses every sample already judged.
 */
public final class ApiBankSubsets {

  public static final String ALL = "all";
  public static final String FIRST_CALL = "first-call";
  public static final String ONE_USER_TURN = "one-user-turn";

  /** The subset names, in the order reports list them. */
  public static final List<String> NAMES = List.of(ALL, FIRST_CALL, ONE_USER_TURN);

  private ApiBankSubsets() {}

  /** Membership of a subset. @throws IllegalArgumentException for an unknown name, listing the known ones */
  public static Predicate<ApiBankSample> predicate(String subset) {
    return switch (subset == null ? "" : subset) {
      case ALL -> s -> true;
      case FIRST_CALL -> ApiBankSample::firstCallOfDialog;
      case ONE_USER_TURN -> s -> s.userTurns() == 1;
      default -> throw new IllegalArgumentException("unknown API-Bank subset '" + subset + "' (expected one of "
          + String.join(", ", NAMES) + ")");
    };
  }

  /** A few words on what a subset holds, for reports. */
  public static String describe(String subset) {
    return switch (subset) {
      case ALL -> "all level-1 samples";
      case FIRST_CALL -> "first call of each dialog";
      case ONE_USER_TURN -> "histories with one User turn";
      default -> subset;
    };
  }

  /**
   * The members of {@code subset} in {@code all}, at most {@code limit} of them ({@code 0} = every one), a
   * seeded uniform sample kept in dataset order.
   *
   * @throws IllegalArgumentException for an unknown subset or a negative limit
   */
  public static List<ApiBankSample> select(List<ApiBankSample> all, String subset, int limit, long seed) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + limit);
    }
    Predicate<ApiBankSample> member = predicate(subset);
    List<ApiBankSample> members = new ArrayList<>();
    for (ApiBankSample s : all) {
      if (member.test(s)) {
        members.add(s);
      }
    }
    if (limit == 0 || limit >= members.size()) {
      return members;
    }
    List<Integer> order = new ArrayList<>(members.size());
    for (int i = 0; i < members.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed * 31 + ("apibank/" + subset).hashCode()));
    List<Integer> chosen = new ArrayList<>(order.subList(0, limit));
    Collections.sort(chosen);
    List<ApiBankSample> out = new ArrayList<>(limit);
    chosen.forEach(i -> out.add(members.get(i)));
    return out;
  }
}
