package dev.tooln1.activities.benchmarks.apibank;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's call text {@code [ApiName(key='value', ...)]}: extraction and parameter parsing
 * exactly as the official regexes do it (first {@code [Name(...)]} on one line, greedy to the last
 * {@code )]}; values captured as text, a quoted value ending at the first quote of either kind, a
 * bracketed value kept as its text), and rendering of a call the way the benchmark renders one.
 */
public final class ApiCallText {

  // UNIX_LINES: Python's '.' excludes only '\n'; UNICODE_CHARACTER_CLASS: Python's \w is Unicode.
  private static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;
  private static final Pattern CALL = Pattern.compile("\\[(\\w+)\\((.*)\\)\\]", FLAGS);
  private static final Pattern PARAM = Pattern.compile(
      "(\\w+)\\s*=\\s*['\"](.+?)['\"]|(\\w+)\\s*=\\s*(\\[.*\\])|(\\w+)\\s*=\\s*(\\w+)", FLAGS);

  private ApiCallText() {}

  /** A parsed call: the name and the parameter texts in order of first appearance (a repeated key keeps the last value). */
  public record Parsed(String text, String apiName, Map<String, String> params) {}

  /** The first call in {@code output}, parsed; empty when there is none ("No API call found"). */
  public static Optional<Parsed> extract(String output) {
    Matcher m = CALL.matcher(output);
    if (!m.find()) {
      return Optional.empty();
    }
    String call = m.group(0);
    // the official code parses the extracted text again; the same regex finds the same call
    Matcher again = CALL.matcher(call);
    again.find();
    Map<String, String> params = new LinkedHashMap<>();
    Matcher p = PARAM.matcher(again.group(2));
    while (p.find()) {
      if (p.group(1) != null) {
        params.put(p.group(1), p.group(2));
      } else if (p.group(3) != null) {
        params.put(p.group(3), p.group(4));
      } else if (p.group(5) != null) {
        params.put(p.group(5), p.group(6));
      }
    }
    return Optional.of(new Parsed(call, again.group(1), params));
  }

  /** {@code [Name(k='v', ...)]} with each value shown as Python's {@code str()} of it, as the benchmark renders calls. */
  public static String render(String apiName, Map<String, ?> params) {
    StringBuilder sb = new StringBuilder("[").append(apiName).append('(');
    boolean first = true;
    for (Map.Entry<String, ?> e : params.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append("='").append(Py.str(e.getValue())).append('\'');
    }
    return sb.append(")]").toString();
  }
}
