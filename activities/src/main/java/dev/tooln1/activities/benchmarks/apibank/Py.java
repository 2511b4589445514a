package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python value semantics for the API-Bank port. Values are plain Java objects shaped like what
 * Python's {@code json.load} produces: {@code String}, {@code Long}/{@code BigInteger} (int),
 * {@code Double} (float), {@code Boolean}, {@code null} (None), {@code List}, {@code Map} with
 * string keys in insertion order. The official checker compares results with Python {@code ==},
 * where {@code 1 == 1.0} and float NaN is unequal to itself, and the benchmark shows values with
 * {@code str()}/{@code repr()}; both are reproduced here.
 */
public final class Py {

  private Py() {}

  /**
   * A value that only equals itself, standing for objects the Python code compares by identity:
   * an {@code Exception} instance kept as a value (e.g. a failed date normalisation).
   */
  public static final class Opaque {
    private final String text;

    public Opaque(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Python's {@code KeyError} raised by a dictionary lookup inside a checker. */
  public static final class KeyError extends RuntimeException {
    public KeyError(String key) {
      super(repr(key));
    }
  }

  // ---------------------------------------------------------------- conversion

  public static Object fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      BigInteger b = node.bigIntegerValue();
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode e : node) {
        list.add(fromJson(e));
      }
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      map.put(e.getKey(), fromJson(e.getValue()));
    }
    return map;
  }

  public static JsonNode toJson(Object v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null) {
      return f.nullNode();
    }
    if (v instanceof String s) {
      return f.textNode(s);
    }
    if (v instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (v instanceof Long l) {
      return f.numberNode(l);
    }
    if (v instanceof BigInteger b) {
      return f.numberNode(b);
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? f.numberNode(new BigDecimal(floatRepr(d))) : f.textNode(floatRepr(d));
    }
    if (v instanceof List<?> list) {
      ArrayNode a = f.arrayNode();
      list.forEach(e -> a.add(toJson(e)));
      return a;
    }
    if (v instanceof Map<?, ?> map) {
      ObjectNode o = f.objectNode();
      map.forEach((k, e) -> o.set(String.valueOf(k), toJson(e)));
      return o;
    }
    return f.textNode(v.toString());
  }

  /** A deep copy of a JSON-shaped value, so that one sample's writes never reach another's state. */
  @SuppressWarnings("unchecked")
  public static <T> T deepCopy(T v) {
    if (v instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(e -> copy.add(deepCopy(e)));
      return (T) copy;
    }
    if (v instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, e) -> copy.put(k, deepCopy(e)));
      return (T) copy;
    }
    return v;
  }

  // ---------------------------------------------------------------- equality

  /** Python {@code a == b} for JSON-shaped values. */
  public static boolean eq(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (isNumber(a) && isNumber(b)) {
      return numEq(a, b);
    }
    if (a instanceof String || b instanceof String) {
      return a.equals(b);
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!eq(la.get(i), lb.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !eq(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Opaque || b instanceof Opaque) {
      return a == b;
    }
    return a.equals(b);
  }

  private static boolean isNumber(Object o) {
    return o instanceof Long || o instanceof Double || o instanceof BigInteger || o instanceof Boolean;
  }

  private static boolean numEq(Object a, Object b) {
    if (a instanceof Double da && b instanceof Double db) {
      return da.doubleValue() == db.doubleValue();
    }
    BigDecimal x = toDecimal(a);
    BigDecimal y = toDecimal(b);
    return x != null && y != null && x.compareTo(y) == 0;
  }

  private static BigDecimal toDecimal(Object o) {
    if (o instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (o instanceof Long l) {
      return BigDecimal.valueOf(l);
    }
    if (o instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    double d = (Double) o;
    return Double.isFinite(d) ? new BigDecimal(d) : null;
  }

  // ---------------------------------------------------------------- str / repr

  /** Python {@code str(v)}: strings as they are, everything else as {@link #repr}. */
  public static String str(Object v) {
    return v instanceof String s ? s : repr(v);
  }

  /** Python {@code repr(v)}. */
  public static String repr(Object v) {
    StringBuilder sb = new StringBuilder();
    appendRepr(sb, v);
    return sb.toString();
  }

  private static void appendRepr(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("None");
    } else if (v instanceof String s) {
      appendStringRepr(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b ? "True" : "False");
    } else if (v instanceof Double d) {
      sb.append(floatRepr(d));
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        appendRepr(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof Map<?, ?> map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        appendRepr(sb, e.getKey());
        sb.append(": ");
        appendRepr(sb, e.getValue());
      }
      sb.append('}');
    } else {
      sb.append(v);
    }
  }

  private static void appendStringRepr(StringBuilder sb, String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    sb.append(quote);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == quote || cp == '\\') {
        sb.append('\\').appendCodePoint(cp);
      } else if (cp == '\n') {
        sb.append("\\n");
      } else if (cp == '\r') {
        sb.append("\\r");
      } else if (cp == '\t') {
        sb.append("\\t");
      } else if (isPrintable(cp)) {
        sb.appendCodePoint(cp);
      } else if (cp < 0x100) {
        sb.append(String.format("\\x%02x", cp));
      } else if (cp < 0x10000) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.append(String.format("\\U%08x", cp));
      }
    }
    sb.append(quote);
  }

  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> {
        return false;
      }
      default -> {
        return true;
      }
    }
  }

  /** Python's {@code repr(float)}: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
    StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
    if (exp >= -4 && exp < 16) {
      if (exp < 0) {
        sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
      } else if (digits.length() <= exp + 1) {
        sb.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
      } else {
        sb.append(digits, 0, exp + 1).append('.').append(digits.substring(exp + 1));
      }
    } else {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits.substring(1));
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      String e = Integer.toString(Math.abs(exp));
      sb.append(e.length() < 2 ? "0" + e : e);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- str methods

  /** Python {@code str.strip()} with no argument: strips Unicode whitespace. */
  public static String strip(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && isPySpace(s.charAt(b))) {
      b++;
    }
    while (e > b && isPySpace(s.charAt(e - 1))) {
      e--;
    }
    return s.substring(b, e);
  }

  private static boolean isPySpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85;
  }

  public static String lower(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  public static String upper(String s) {
    return s.toUpperCase(java.util.Locale.ROOT);
  }

  /** Python {@code str.zfill(width)}: zeros after a leading sign. */
  public static String zfill(String s, int width) {
    if (s.length() >= width) {
      return s;
    }
    String pad = "0".repeat(width - s.length());
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      return s.charAt(0) + pad + s.substring(1);
    }
    return pad + s;
  }

  /** Python {@code s.split(' ')}: every single space separates, empty pieces kept. */
  public static List<String> splitSpace(String s) {
    return List.of(s.split(" ", -1));
  }

  /** The word-set Jaccard similarity the checkers compute on {@code split(' ')} pieces. */
  public static double jaccard(String a, String b) {
    java.util.Set<String> x = new java.util.HashSet<>(splitSpace(a));
    java.util.Set<String> y = new java.util.HashSet<>(splitSpace(b));
    java.util.Set<String> inter = new java.util.HashSet<>(x);
    inter.retainAll(y);
    java.util.Set<String> union = new java.util.HashSet<>(x);
    union.addAll(y);
    return (double) inter.size() / union.size();
  }

  /** Python truthiness of a JSON-shaped value. */
  public static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Long l) {
      return l != 0;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** Python {@code item in container} for dicts (keys), lists (elements) and strings (substrings). */
  public static boolean contains(Object container, Object item) {
    if (container instanceof Map<?, ?> m) {
      return m.containsKey(item);
    }
    if (container instanceof List<?> l) {
      return l.stream().anyMatch(e -> eq(e, item));
    }
    if (container instanceof String s && item instanceof String t) {
      return s.contains(t);
    }
    throw new TypeError("argument of type '" + typeName(container) + "' is not iterable");
  }

  /** {@code d[key]} with Python's KeyError when absent. */
  public static Object get(Map<String, Object> d, String key) {
    if (d == null) {
      throw new TypeError("'NoneType' object is not subscriptable");
    }
    if (!d.containsKey(key)) {
      throw new KeyError(key);
    }
    return d.get(key);
  }

  /** {@code d[key]} for a nested dictionary value. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> dict(Map<String, Object> d, String key) {
    Object v = get(d, key);
    if (v == null) {
      throw new TypeError("'NoneType' object is not subscriptable");
    }
    if (!(v instanceof Map)) {
      throw new TypeError("'" + typeName(v) + "' object is not a dict");
    }
    return (Map<String, Object>) v;
  }

  /** A string argument as the Python code uses it; other types fail the way a str method call would. */
  public static String text(Object v, String method) {
    if (v instanceof String s) {
      return s;
    }
    throw new TypeError("'" + typeName(v) + "' object has no attribute '" + method + "'");
  }

  public static String typeName(Object v) {
    if (v == null) {
      return "NoneType";
    }
    if (v instanceof String) {
      return "str";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Long || v instanceof BigInteger) {
      return "int";
    }
    if (v instanceof Double) {
      return "float";
    }
    if (v instanceof List) {
      return "list";
    }
    if (v instanceof Map) {
      return "dict";
    }
    return "object";
  }

  /** Python's {@code TypeError}/{@code AttributeError} raised outside an API's own try block. */
  public static final class TypeError extends RuntimeException {
    public TypeError(String message) {
      super(message);
    }
  }
}
