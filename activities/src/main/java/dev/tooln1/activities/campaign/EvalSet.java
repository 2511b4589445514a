package dev.tooln1.activities.campaign;

import dev.tooln1.activities.benchmarks.bfcl.BfclSuite;
import dev.tooln1.reward.bfcl.BfclCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A named evaluation set, the one vocabulary of every entry point ({@code tooln1 eval}, both kinds of
 * schedule, the console, a campaign's own evaluations). The name travels through Temporal as the URI
 * {@code set:<name>[?limit=N]} and is resolved on the compute worker against the campaign's record:
 *
 * <ul>
 *   <li>{@code heldout}: the campaign's held-out tasks (the first {@code evaluation.heldOutTasks} of
 *       its eval split, the same tasks its own evaluations use, so results pair with theirs);
 *   <li>{@code bfcl}: the paper's ten BFCL categories; {@code bfcl/<category>}: one of them (or
 *       {@code live_relevance});
 *   <li>{@code apibank}: API-Bank level-1, all 399 call samples; {@code apibank/first-call},
 *       {@code apibank/one-user-turn}: its subsets.
 * </ul>
 *
 * <p>{@code limit} (0 = all) caps the items: for held-out the first N tasks (the split's order is
 * already a seeded hash order), for BFCL N per category and for API-Bank N samples, both seeded
 * samples nested in N as {@code bfcl-eval --limit} draws them.
 *
 * @param kind which benchmark
 * @param part a BFCL category name or an API-Bank subset; null for the whole set
 * @param limit the item limit, 0 = no limit
 */
public record EvalSet(Kind kind, String part, int limit) {

  public enum Kind {
    HELDOUT("heldout"), BFCL("bfcl"), APIBANK("apibank");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  public static final String URI_PREFIX = "set:";

  /** The API-Bank level-1 subsets a set name may select. */
  public static final List<String> APIBANK_SUBSETS = List.of("first-call", "one-user-turn");

  public EvalSet {
    if (kind == null) {
      throw new IllegalArgumentException("evaluation set kind is required");
    }
    if (limit < 0) {
      throw new IllegalArgumentException("evaluation set limit must be >= 0, was " + limit);
    }
    if (kind == Kind.HELDOUT && part != null) {
      throw new IllegalArgumentException("heldout has no parts, was heldout/" + part);
    }
  }

  /**
   * Parses a set name ({@code heldout}, {@code bfcl/simple_python}, ...).
   *
   * @throws IllegalArgumentException naming the known sets
   */
  public static EvalSet parse(String name, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    int slash = n.indexOf('/');
    String head = slash < 0 ? n : n.substring(0, slash);
    String part = slash < 0 ? null : n.substring(slash + 1);
    for (Kind k : Kind.values()) {
      if (!k.word.equals(head)) {
        continue;
      }
      if (part == null) {
        return new EvalSet(k, null, limit);
      }
      if (k == Kind.BFCL && isBfclCategory(part)) {
        return new EvalSet(k, part, limit);
      }
      if (k == Kind.APIBANK && APIBANK_SUBSETS.contains(part)) {
        return new EvalSet(k, part, limit);
      }
    }
    throw new IllegalArgumentException("unknown evaluation set '" + name + "'; known sets: "
        + String.join(", ", names()));
  }

  /** Parses the URI form {@code set:<name>[?limit=N]}; empty when {@code uri} is not of that form. */
  public static Optional<EvalSet> fromUri(String uri) {
    if (uri == null || !uri.startsWith(URI_PREFIX)) {
      return Optional.empty();
    }
    String rest = uri.substring(URI_PREFIX.length());
    int q = rest.indexOf('?');
    int limit = 0;
    if (q >= 0) {
      String query = rest.substring(q + 1);
      rest = rest.substring(0, q);
      if (!query.matches("limit=\\d{1,9}")) {
        throw new IllegalArgumentException("evaluation set " + uri + ": the only option is limit=N");
      }
      limit = Integer.parseInt(query.substring("limit=".length()));
    }
    return Optional.of(parse(rest, limit));
  }

  /** The written form {@code <name>[?limit=N]} (the URI without {@code set:}), as schedules record it. */
  public String spec() {
    return uri().substring(URI_PREFIX.length());
  }

  /** Parses {@link #spec()}'s form. */
  public static EvalSet fromSpec(String spec) {
    return fromUri(URI_PREFIX + spec).orElseThrow();
  }

  /** Every set name, for help texts and error messages. */
  public static List<String> names() {
    List<String> all = new ArrayList<>();
    all.add("heldout");
    all.add("bfcl");
    for (BfclCategory c : BfclCategory.values()) {
      all.add("bfcl/" + c.bfclName());
    }
    all.add("apibank");
    APIBANK_SUBSETS.forEach(s -> all.add("apibank/" + s));
    return all;
  }

  private static boolean isBfclCategory(String name) {
    for (BfclCategory c : BfclCategory.values()) {
      if (c.bfclName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** {@code heldout}, {@code bfcl/simple_python}, ... */
  public String name() {
    return part == null ? kind.word : kind.word + "/" + part;
  }

  public String uri() {
    return URI_PREFIX + name() + (limit > 0 ? "?limit=" + limit : "");
  }

  /** A file-name-safe form for report names: {@code bfcl.simple_python.limit-5}. */
  public String slug() {
    return name().replace('/', '.') + (limit > 0 ? ".limit-" + limit : "");
  }

  /** Whether the set needs prompts in the full tokenizer vocabulary (all but the campaign's own tasks). */
  public boolean needsFullVocabulary() {
    return kind != Kind.HELDOUT;
  }

  /** The BFCL categories the set covers (only for {@link Kind#BFCL}). */
  public List<BfclCategory> bfclCategories() {
    if (kind != Kind.BFCL) {
      throw new IllegalStateException(name() + " is not a BFCL set");
    }
    return part == null ? BfclSuite.DEFAULT_CATEGORIES : List.of(BfclCategory.fromName(part));
  }

  @Override
  public String toString() {
    return name() + (limit > 0 ? " (limit " + limit + ")" : "");
  }
}
