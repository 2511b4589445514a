package dev.tooln1.activities.benchmarks.apibank;

import java.util.ArrayList;
import java.util.List;

/**
 * Calculator: the API's own left-to-right evaluator over a token list (digits and {@code +-*&#47;()}),
 * reproduced step by step, including how it resolves parentheses (first '(' with first ')') and
 * Python's negative indexing when an operator has no left operand. Rule: formulas equal with spaces
 * removed, output and exception equal.
 */
final class CalculatorApi {

  private static final int MAX_TOKENS = 100_000;

  private CalculatorApi() {}

  static List<ApiDefinition> all() {
    return List.of(calculator());
  }

  static ApiDefinition calculator() {
    return ApiDefinition.named("Calculator").params("formula")
        .body((a, w) -> calculate(a.str("formula")))
        .checker((r, g) -> Checks.inStr(r, "formula").replace(" ", "").equals(Checks.inStr(g, "formula").replace(" ", ""))
            && Checks.outputAndException(r, g));
  }

  static Object calculate(String formula) throws ApiError {
    String f = formula.replace(" ", "");
    if (!isValid(f)) {
      throw new ApiError("invalid formula");
    }
    return evaluate(tokens(f));
  }

  private static boolean isValid(String f) {
    if (f.isEmpty()) {
      return false;
    }
    int ops = 0;
    int open = 0;
    int close = 0;
    for (char c : f.toCharArray()) {
      if ("0123456789+-*/()".indexOf(c) < 0) {
        return false;
      }
      if ("+-*/".indexOf(c) >= 0) {
        ops++;
      }
      open += c == '(' ? 1 : 0;
      close += c == ')' ? 1 : 0;
    }
    return open == close && ops != 0 && ops + 1 != f.length();
  }

  private static List<Object> tokens(String f) {
    List<Object> out = new ArrayList<>();
    StringBuilder number = new StringBuilder();
    for (char c : f.toCharArray()) {
      if (Character.isDigit(c)) {
        number.append(c);
      } else {
        if (number.length() > 0) {
          out.add(Double.parseDouble(number.toString()));
          number.setLength(0);
        }
        out.add(String.valueOf(c));
      }
    }
    if (number.length() > 0) {
      out.add(Double.parseDouble(number.toString()));
    }
    return out;
  }

  private static Object evaluate(List<Object> f) throws ApiError {
    while (f.contains("(")) {
      int l = f.indexOf("(");
      int r = f.indexOf(")");
      if (r < 0) {
        throw new ApiError("')' is not in list");
      }
      Object inner = evaluate(slice(f, l + 1, r));
      assignSlice(f, l, r + 1, inner);
    }
    reduce(f, "*", "/");
    reduce(f, "+", "-");
    if (f.isEmpty()) {
      throw new ApiError("list index out of range");
    }
    return f.get(0);
  }

  /** Repeatedly applies the leftmost of the two operators, like the Python while-loops. */
  private static void reduce(List<Object> f, String op1, String op2) throws ApiError {
    while (f.contains(op1) || f.contains(op2)) {
      int i1 = f.indexOf(op1);
      int i2 = f.indexOf(op2);
      int index = i1 >= 0 && i2 >= 0 ? Math.min(i1, i2) : Math.max(i1, i2);
      Object left = at(f, index - 1);
      Object right = at(f, index + 1);
      Object value = apply(left, (String) f.get(index), right);
      assignSlice(f, index - 1, index + 2, value);
      if (f.size() > MAX_TOKENS) {
        // a leading operator makes Python insert instead of replace, forever; it ends in MemoryError
        throw new ApiError("MemoryError: the calculator never terminates on this formula");
      }
    }
  }

  private static Object apply(Object x, String op, Object y) throws ApiError {
    if (x instanceof Double a && y instanceof Double b) {
      switch (op) {
        case "+":
          return a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        default:
          if (b == 0) {
            throw new ApiError("float division by zero");
          }
          return a / b;
      }
    }
    if (op.equals("+") && x instanceof String a && y instanceof String b) {
      return a + b;
    }
    String verb = switch (op) {
      case "+" -> "+";
      case "-" -> "-";
      case "*" -> "*";
      default -> "/";
    };
    if (op.equals("*") && (x instanceof String || y instanceof String)) {
      throw new ApiError("can't multiply sequence by non-int of type '" + Py.typeName(x instanceof String ? y : x) + "'");
    }
    throw new ApiError("unsupported operand type(s) for " + verb + ": '" + Py.typeName(x) + "' and '" + Py.typeName(y) + "'");
  }

  /** Python {@code f[i]} with negative indexing. */
  private static Object at(List<Object> f, int i) throws ApiError {
    int j = i < 0 ? f.size() + i : i;
    if (j < 0 || j >= f.size()) {
      throw new ApiError("list index out of range");
    }
    return f.get(j);
  }

  private static int clampIndex(int i, int n) {
    if (i < 0) {
      i += n;
      return Math.max(i, 0);
    }
    return Math.min(i, n);
  }

  private static List<Object> slice(List<Object> f, int from, int to) {
    int n = f.size();
    int a = clampIndex(from, n);
    int b = clampIndex(to, n);
    return b > a ? new ArrayList<>(f.subList(a, b)) : new ArrayList<>();
  }

  /** Python {@code f[from:to] = [value]}. */
  private static void assignSlice(List<Object> f, int from, int to, Object value) {
    int n = f.size();
    int a = clampIndex(from, n);
    int b = Math.max(clampIndex(to, n), a);
    f.subList(a, b).clear();
    f.add(a, value);
  }
}
