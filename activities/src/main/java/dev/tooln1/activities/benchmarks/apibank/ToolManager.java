package dev.tooln1.activities.benchmarks.apibank;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The official tool manager's {@code api_call}: checks every parameter name against the declared
 * ones, coerces each string value to its declared type, binds to the API's signature, and runs the
 * API in the given world. A rejection is what the official evaluator reports as the reason.
 */
public final class ToolManager {

  private final ApiCatalog catalog;
  private final ApiRegistry registry;

  public ToolManager(ApiCatalog catalog, ApiRegistry registry) {
    this.catalog = catalog;
    this.registry = registry;
  }

  /** The call was refused before the API ran (unknown name or parameter, bad type, missing argument). */
  public static final class Rejected extends Exception {
    public Rejected(String message) {
      super(message);
    }
  }

  public Map<String, Object> call(String apiName, Map<String, String> params, ApiWorld world) throws Rejected {
    if (!catalog.contains(apiName)) {
      throw new Rejected("invalid tool name.");
    }
    ApiDefinition api = registry.find(apiName)
        .orElseThrow(() -> new Rejected("API " + apiName + " is not implemented (not a level-1 API)"));
    Map<String, String> declared = catalog.get(apiName).inputTypes();
    Map<String, Object> processed = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : params.entrySet()) {
      String key = p.getKey();
      String value = p.getValue();
      if (!declared.containsKey(key)) {
        throw new Rejected("invalid parameter name. parameter: " + key);
      }
      processed.put(key, coerce(declared.get(key), value));
    }
    String bindingError = api.bindingError(processed);
    if (bindingError != null) {
      throw new Rejected(bindingError);
    }
    return api.call(processed, world);
  }

  /** The tool manager's type handling of a string value. */
  static Object coerce(String type, String value) throws Rejected {
    switch (type) {
      case "int" -> {
        if (!isDigits(value)) {
          throw new Rejected("invalid parameter type. parameter: " + value);
        }
        return toInt(value);
      }
      case "float" -> {
        String stripped = value.replaceFirst("\\.", "");
        if (!isDigits(stripped)) {
          throw new Rejected("invalid parameter type.");
        }
        try {
          return Double.parseDouble(normaliseDigits(value));
        } catch (NumberFormatException e) {
          throw new Rejected("could not convert string to float: " + Py.repr(value));
        }
      }
      case "bool" -> {
        return value.equals("True");
      }
      case "str", "list", "list(str)" -> {
        return value; // lists pass through as the text the regex captured
      }
      default -> throw new Rejected("invalid parameter type.");
    }
  }

  /** Python {@code str.isdigit()}: non-empty, every character a digit. */
  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    return s.codePoints().allMatch(cp -> Character.isDigit(cp) || Character.getType(cp) == Character.OTHER_NUMBER
        && Character.getNumericValue(cp) >= 0 && Character.getNumericValue(cp) <= 9);
  }

  private static Object toInt(String s) throws Rejected {
    if (!s.codePoints().allMatch(Character::isDigit)) {
      throw new Rejected("invalid literal for int() with base 10: " + Py.repr(s));
    }
    java.math.BigInteger b = new java.math.BigInteger(normaliseDigits(s));
    return b.bitLength() < 64 ? (Object) b.longValue() : b;
  }

  private static String normaliseDigits(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> sb.append(Character.isDigit(cp) ? (char) ('0' + Character.digit(cp, 10)) : (char) cp));
    return sb.toString();
  }
}
