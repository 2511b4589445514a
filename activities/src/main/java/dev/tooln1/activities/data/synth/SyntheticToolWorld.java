package dev.tooln1.activities.data.synth;

import dev.tooln1.activities.data.Message;
import dev.tooln1.activities.data.RecordFilter;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.store.Sha256;
import dev.tooln1.reward.ToolCall;
import dev.tooln1.reward.ToolSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A generator of tool-calling tasks with exactly checkable answers, sized for CPU models and the demo:
 * 14 tools (weather, currency, calendar, units, search, arithmetic, time, translation, stocks,
 * reminders, email, meetings, hotels, routes) with small JSON schemas, paraphrased requests whose
 * argument values are copied from the text, and five difficulty levels:
 * <ul>
 *   <li>{@code SINGLE}: one tool offered, one call;
 *   <li>{@code DISTRACTORS}: the right tool among 2–4 offered;
 *   <li>{@code PARALLEL}: two calls in one request (same tool twice or two tools), 2–3 tools offered;
 *   <li>{@code NESTED}: a call with a list or object value, 1–3 tools offered;
 *   <li>{@code IRRELEVANT}: no offered tool applies (small talk, or a request for a tool not offered);
 *       the answer is "no call" (empty ground truth).
 * </ul>
 * Records look exactly like the real readers' ({@code source = "synthetic"}, one user message), and the
 * tasks of one stream are distinct (an exact repeat is skipped and drawn again).
 *
 * <p>Deterministic: {@link #generate} and {@link #heldOut} depend only on the seed and the mix, and a
 * longer run extends a shorter one. The two streams use different random streams, and a request text
 * belongs to exactly one of them (by the hash of the text, 1 in 8 to held-out), so held-out requests
 * never occur in training data.
 */
public final class SyntheticToolWorld {

  /** Difficulty levels; see the class comment. */
  public enum Difficulty {
    SINGLE, DISTRACTORS, PARALLEL, NESTED, IRRELEVANT;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Relative weights of the difficulty levels (normalised; need not sum to 1). */
  public record Mix(double single, double distractors, double parallel, double nested, double irrelevant) {
    public Mix {
      double[] w = {single, distractors, parallel, nested, irrelevant};
      double sum = 0;
      for (double x : w) {
        if (x < 0 || Double.isNaN(x)) {
          throw new IllegalArgumentException("difficulty weights must be >= 0");
        }
        sum += x;
      }
      if (sum <= 0) {
        throw new IllegalArgumentException("at least one difficulty weight must be > 0");
      }
    }

    public static Mix standard() {
      return new Mix(0.25, 0.30, 0.20, 0.10, 0.15);
    }

    Difficulty draw(Random r) {
      double[] w = {single, distractors, parallel, nested, irrelevant};
      double sum = single + distractors + parallel + nested + irrelevant;
      double u = r.nextDouble() * sum;
      for (int i = 0; i < w.length; i++) {
        u -= w[i];
        if (u < 0) {
          return Difficulty.values()[i];
        }
      }
      return Difficulty.IRRELEVANT;
    }
  }

  public static final String SOURCE = "synthetic";
  /** Version of the generator; bump when the catalogue or templates change (it is in manifests). */
  public static final String VERSION = "synthetic-tool-world/1";

  private static final int HELD_OUT_BUCKETS = 8;
  private static final long TRAIN_STREAM = 0x7A1B_5EEDL;
  private static final long HELD_OUT_STREAM = 0x4E1D_0075L;

  private final long seed;
  private final Mix mix;
  private final boolean quoteValues;
  private final Catalogue catalogue = new Catalogue();

  /**
   * @param quoteValues put every string argument value in double quotes where the request states it
   *     ({@code What's the weather in "Lisbon"?}). The JSON answer then repeats the request's own
   *     tokens: BPE splits a bare word ({@code " Lisbon"}) and the same word after a JSON quote
   *     ({@code "L", "is", "bon"}) differently, so without quotes a small model must learn to spell
   *     every value, with them it only has to copy — what a CPU-sized model learns in minutes.
   */
  public SyntheticToolWorld(long seed, Mix mix, boolean quoteValues) {
    this.seed = seed;
    this.mix = mix;
    this.quoteValues = quoteValues;
  }

  public SyntheticToolWorld(long seed, Mix mix) {
    this(seed, mix, false);
  }

  public SyntheticToolWorld(long seed) {
    this(seed, Mix.standard());
  }

  /** The first {@code n} tasks of the training stream. */
  public List<TaskRecord> generate(int n) {
    return stream(n, false);
  }

  /** The first {@code n} tasks of the held-out stream (for evaluation; disjoint requests). */
  public List<TaskRecord> heldOut(int n) {
    return stream(n, true);
  }

  private List<TaskRecord> stream(int n, boolean heldOut) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L ^ (heldOut ? HELD_OUT_STREAM : TRAIN_STREAM));
    List<TaskRecord> out = new ArrayList<>(n);
    String prefix = heldOut ? SOURCE + "-heldout-" : SOURCE + "-";
    Set<String> seen = new HashSet<>();
    int attempts = 0;
    while (out.size() < n) {
      if (++attempts > 1000 + 100L * n) {
        throw new IllegalStateException("synthetic world cannot find enough " + (heldOut ? "held-out" : "training")
            + " requests; widen the mix");
      }
      Difficulty d = mix.draw(r);
      Task t = task(d, r);
      if (isHeldOutText(t.text()) != heldOut) {
        continue;
      }
      String text = quoteValues ? quoted(t.text(), t.stated()) : t.text();
      TaskRecord rec = new TaskRecord(prefix + out.size(), SOURCE, t.tools(), List.of(Message.user(text)), t.calls());
      if (!seen.add(RecordFilter.contentHash(rec))) {
        continue; // an exact repeat (small talk, a popular request): draw again so n tasks are n distinct
      }
      out.add(rec);
    }
    return out;
  }

  /**
   * The request with each string argument value of the calls (nested ones too) in double quotes at
   * its first unquoted whole-word occurrence; values the request does not state verbatim, and
   * numbers (whose digits tokenize the same everywhere), are left alone.
   */
  static String quoted(String text, List<ToolCall> calls) {
    List<String> values = new ArrayList<>();
    for (ToolCall c : calls) {
      collectStrings(c.arguments(), values);
    }
    // longer values first, so "Team sync" is quoted before a shorter value inside it could be
    values.sort(java.util.Comparator.comparingInt(String::length).reversed());
    String s = text;
    for (String v : values) {
      if (v.isEmpty()) {
        continue;
      }
      int from = 0;
      while (true) {
        int i = s.indexOf(v, from);
        if (i < 0) {
          break;
        }
        int end = i + v.length();
        boolean wordStart = i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1));
        boolean wordEnd = end == s.length() || !Character.isLetterOrDigit(s.charAt(end));
        boolean alreadyQuoted = i > 0 && s.charAt(i - 1) == '"' && end < s.length() && s.charAt(end) == '"';
        if (alreadyQuoted) {
          break;
        }
        if (wordStart && wordEnd && !insideQuotes(s, i)) {
          s = s.substring(0, i) + '"' + v + '"' + s.substring(end);
          break;
        }
        from = i + 1;
      }
    }
    return s;
  }

  private static boolean insideQuotes(String s, int index) {
    int quotes = 0;
    for (int i = 0; i < index; i++) {
      if (s.charAt(i) == '"') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }

  private static void collectStrings(com.fasterxml.jackson.databind.JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isContainerNode()) {
      node.forEach(child -> collectStrings(child, out));
    }
  }

  static boolean isHeldOutText(String text) {
    return Integer.parseInt(Sha256.hex(text).substring(0, 4), 16) % HELD_OUT_BUCKETS == 0;
  }

  /** {@code stated}: the calls whose values the text states (for an off-topic request, its own tool's). */
  private record Task(String text, List<ToolSpec> tools, List<ToolCall> calls, List<ToolCall> stated) {
    Task(String text, List<ToolSpec> tools, List<ToolCall> calls) {
      this(text, tools, calls, calls);
    }
  }

  private Task task(Difficulty d, Random r) {
    List<Catalogue.Tool> flat = catalogue.tools.stream().filter(t -> !t.nested()).toList();
    List<Catalogue.Tool> nested = catalogue.tools.stream().filter(Catalogue.Tool::nested).toList();
    switch (d) {
      case SINGLE -> {
        Catalogue.Tool t = Catalogue.pick(r, flat);
        Catalogue.Draw x = t.requests().apply(r);
        return new Task(x.text(), List.of(t.spec()), List.of(x.call()));
      }
      case DISTRACTORS -> {
        Catalogue.Tool t = Catalogue.pick(r, flat);
        Catalogue.Draw x = t.requests().apply(r);
        return new Task(x.text(), offer(r, List.of(t), 1 + r.nextInt(3)), List.of(x.call()));
      }
      case PARALLEL -> {
        Catalogue.Tool a = Catalogue.pick(r, flat);
        Catalogue.Tool b = r.nextBoolean() ? a : Catalogue.pick(r, flat);
        Catalogue.Draw x = a.requests().apply(r);
        Catalogue.Draw y;
        do {
          y = b.requests().apply(r);
        } while (y.call().canonicalKey().equals(x.call().canonicalKey()));
        String text = x.text() + " " + joined(r, y.text());
        List<Catalogue.Tool> used = a == b ? List.of(a) : List.of(a, b);
        return new Task(text, offer(r, used, r.nextInt(2)), List.of(x.call(), y.call()));
      }
      case NESTED -> {
        Catalogue.Tool t = Catalogue.pick(r, nested);
        Catalogue.Draw x = t.requests().apply(r);
        return new Task(x.text(), offer(r, List.of(t), r.nextInt(3)), List.of(x.call()));
      }
      default -> {
        List<Catalogue.Tool> offered = new ArrayList<>(catalogue.tools);
        Collections.shuffle(offered, r);
        offered = offered.subList(0, 1 + r.nextInt(3));
        String text;
        List<ToolCall> stated = List.of();
        if (r.nextBoolean()) {
          text = Catalogue.pick(r, Catalogue.CHAT_OPENERS) + Catalogue.pick(r, Catalogue.CHIT_CHAT);
        } else {
          List<Catalogue.Tool> notOffered = new ArrayList<>(catalogue.tools);
          notOffered.removeAll(offered);
          Catalogue.Draw other = Catalogue.pick(r, notOffered).requests().apply(r);
          text = other.text();
          stated = List.of(other.call());
        }
        return new Task(text, offered.stream().map(Catalogue.Tool::spec).toList(), List.of(), stated);
      }
    }
  }

  /** The used tools plus {@code extra} distractors, in random order. */
  private List<ToolSpec> offer(Random r, List<Catalogue.Tool> used, int extra) {
    List<Catalogue.Tool> others = new ArrayList<>(catalogue.tools);
    others.removeAll(used);
    Collections.shuffle(others, r);
    List<Catalogue.Tool> offered = new ArrayList<>(used);
    offered.addAll(others.subList(0, extra));
    Collections.shuffle(offered, r);
    return offered.stream().map(Catalogue.Tool::spec).toList();
  }

  private static String joined(Random r, String second) {
    String lowered = second.startsWith("I ") ? second
        : Character.toLowerCase(second.charAt(0)) + second.substring(1);
    return switch (r.nextInt(3)) {
      case 0 -> "Also, " + lowered;
      case 1 -> "And " + lowered;
      default -> second;
    };
  }

  /** All tools of the world (for documentation and tests). */
  public List<ToolSpec> tools() {
    return catalogue.tools.stream().map(Catalogue.Tool::spec).toList();
  }
}
