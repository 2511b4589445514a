package dev.tooln1.activities.benchmarks.apibank;

import java.util.Map;

/** Building blocks of the per-API correctness rules, each a literal reading of a Python comparison. */
final class Checks {

  private Checks() {}

  static Map<String, Object> in(Map<String, Object> result) {
    return Py.dict(result, "input");
  }

  static Object out(Map<String, Object> result) {
    return Py.get(result, "output");
  }

  static Object exc(Map<String, Object> result) {
    return Py.get(result, "exception");
  }

  static Object inp(Map<String, Object> result, String key) {
    return Py.get(in(result), key);
  }

  static String inStr(Map<String, Object> result, String key) {
    return Py.text(inp(result, key), "strip");
  }

  /** input, output and exception all equal. */
  static boolean exact(Map<String, Object> r, Map<String, Object> g) {
    return Py.eq(Py.get(r, "input"), Py.get(g, "input")) && Py.eq(out(r), out(g)) && Py.eq(exc(r), exc(g));
  }

  static boolean outputAndException(Map<String, Object> r, Map<String, Object> g) {
    return Py.eq(out(r), out(g)) && Py.eq(exc(r), exc(g));
  }

  static boolean sameApiName(Map<String, Object> r, Map<String, Object> g) {
    return Py.eq(Py.get(r, "api_name"), Py.get(g, "api_name"));
  }

  /** The checkers' "content satisfied" test: word-set Jaccard of {@code split(' ')} pieces above 0.5. */
  static boolean similar(String a, String b) {
    return Py.jaccard(a, b) > 0.5;
  }

  /** Python's {@code assert response['api_name'] == groundtruth['api_name']} at the top of a checker. */
  static void assertSameApiName(Map<String, Object> r, Map<String, Object> g) {
    if (!sameApiName(r, g)) {
      throw new AssertionError("The API name is not correct.");
    }
  }
}
