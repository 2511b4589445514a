package dev.tooln1.activities.benchmarks.bfcl;

import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataException;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import dev.tooln1.reward.bfcl.BfclPossibleAnswer;
import dev.tooln1.reward.bfcl.BfclQuestion;
import dev.tooln1.reward.io.DataFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The BFCL items of some categories, read from a BFCL data directory, and seeded subsets of them.
 *
 * <p>A subset is stratified by category: each category contributes {@code min(limit, size)} items,
 * a uniform sample without replacement drawn from a shuffle seeded by the run seed and the category
 * name (so adding a category does not change another's sample), kept in dataset order. Samples are
 * nested: a larger limit with the same seed contains the smaller one, so a resumed run with a higher
 * limit reuses every item already judged.
 */
public final class BfclSuite {

  /** The ten categories of the paper's BFCL table (live_relevance is optional, see {@link #ALL_WITH_RELEVANCE}). */
  public static final List<BfclCategory> DEFAULT_CATEGORIES = List.of(
      BfclCategory.SIMPLE_PYTHON, BfclCategory.MULTIPLE, BfclCategory.PARALLEL, BfclCategory.PARALLEL_MULTIPLE,
      BfclCategory.LIVE_SIMPLE, BfclCategory.LIVE_MULTIPLE, BfclCategory.LIVE_PARALLEL,
      BfclCategory.LIVE_PARALLEL_MULTIPLE, BfclCategory.IRRELEVANCE, BfclCategory.LIVE_IRRELEVANCE);

  public static final List<BfclCategory> ALL_WITH_RELEVANCE = List.of(BfclCategory.values());

  private final Map<BfclCategory, List<BfclItem>> items;

  private BfclSuite(Map<BfclCategory, List<BfclItem>> items) {
    this.items = items;
  }

  /**
   * Reads the questions (and possible answers) of {@code categories}.
   *
   * @throws BfclDataException on a missing or malformed file, a question without possible answer, or
   *     an id that appears twice
   */
  public static BfclSuite load(BfclDataFiles files, Collection<BfclCategory> categories) {
    Map<BfclCategory, List<BfclItem>> byCategory = new EnumMap<>(BfclCategory.class);
    Set<String> seen = new HashSet<>();
    for (BfclCategory c : categories) {
      if (byCategory.containsKey(c)) {
        continue;
      }
      Map<String, BfclPossibleAnswer> answers = new HashMap<>();
      if (c.hasPossibleAnswers()) {
        files.possibleAnswers(c).forEach(a -> answers.put(a.id(), a));
      }
      List<BfclItem> list = new ArrayList<>();
      for (BfclQuestion q : files.questions(c)) {
        BfclPossibleAnswer a = answers.get(q.id());
        if (c.hasPossibleAnswers() && a == null) {
          throw new BfclDataException(files.possibleAnswerFile(c), 0, "no possible answer for question '" + q.id() + "'");
        }
        if (!seen.add(q.id())) {
          throw new BfclDataException(files.questionFile(c), 0, "question id '" + q.id() + "' appears twice");
        }
        list.add(new BfclItem(c, q, a));
      }
      byCategory.put(c, List.copyOf(list));
    }
    return new BfclSuite(byCategory);
  }

  public Set<BfclCategory> categories() {
    return Collections.unmodifiableSet(items.keySet());
  }

  /** Items of one category, in dataset order. */
  public List<BfclItem> items(BfclCategory category) {
    return items.getOrDefault(category, List.of());
  }

  /** Every item, category by category in the order of {@link BfclCategory}, each in dataset order. */
  public List<BfclItem> all() {
    List<BfclItem> out = new ArrayList<>();
    items.values().forEach(out::addAll);
    return out;
  }

  /**
   * Full size of every category whose question file exists in {@code files}, by BFCL name: the
   * number of non-blank question lines, counted without parsing them. These are the weights of the
   * count-weighted aggregates (live AST, and the Tool-N1 paper's live column) whatever subset of
   * categories or items a run evaluated, and a category not evaluated still weighs in with its size.
   *
   * @throws UncheckedIOException when a question file exists but cannot be read
   */
  public static Map<String, Integer> fullDatasetSizes(BfclDataFiles files) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (BfclCategory c : BfclCategory.values()) {
      Path file = files.questionFile(c);
      if (DataFiles.resolve(file).isEmpty()) {
        continue;
      }
      try (BufferedReader reader = DataFiles.openReader(file)) {
        sizes.put(c.bfclName(), (int) reader.lines().filter(l -> !l.isBlank()).count());
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
      } catch (UncheckedIOException e) {
        throw new UncheckedIOException(file + ": cannot read: " + e.getCause().getMessage(), e.getCause());
      }
    }
    return sizes;
  }

  /**
   * Dataset size of each loaded category, by BFCL name: the full size for these categories only
   * (categories not loaded are absent; see {@link #fullDatasetSizes} for all of them).
   */
  public Map<String, Integer> datasetSizes() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    items.forEach((c, list) -> sizes.put(c.bfclName(), list.size()));
    return sizes;
  }

  /**
   * At most {@code limit} items per category (all of them when {@code limit <= 0} or the category is
   * smaller), a seeded uniform sample kept in dataset order.
   */
  public List<BfclItem> sample(int limit, long seed) {
    List<BfclItem> out = new ArrayList<>();
    for (Map.Entry<BfclCategory, List<BfclItem>> e : items.entrySet()) {
      List<BfclItem> list = e.getValue();
      if (limit <= 0 || limit >= list.size()) {
        out.addAll(list);
        continue;
      }
      List<Integer> order = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        order.add(i);
      }
      Collections.shuffle(order, new Random(seed * 31 + e.getKey().bfclName().hashCode()));
      List<Integer> chosen = new ArrayList<>(order.subList(0, limit));
      Collections.sort(chosen);
      chosen.forEach(i -> out.add(list.get(i)));
    }
    return out;
  }
}
