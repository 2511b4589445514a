package dev.tooln1.activities.benchmarks.apibank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One API-Bank API: its call signature (which parameters are required, as in the Python method's
 * signature), its behaviour over the per-sample {@link ApiWorld}, the shape of its result dictionary
 * and its own correctness rule ({@code check_api_call_correctness}).
 */
public final class ApiDefinition {

  /** The API body: returns the output or raises {@link ApiError} (caught into the result). */
  @FunctionalInterface
  public interface Body {
    Object run(Args args, ApiWorld world) throws ApiError;
  }

  /** The API's correctness rule over (executed result, recorded gold result). */
  @FunctionalInterface
  public interface Checker {
    boolean check(Map<String, Object> response, Map<String, Object> groundTruth);
  }

  /** How the result's {@code input} field is built. */
  public enum InputShape {
    /** every signature parameter, None where not given ({@code {'a': a, 'b': b}}). */
    SIGNATURE,
    /** the required ones plus only the keyword arguments given ({@code {'status': status, **kwargs}}). */
    GIVEN_KWARGS,
    /** {@code None} (GetToday). */
    NONE
  }

  private final String name;
  private final List<String> parameters;
  private final Set<String> optional;
  private final boolean acceptsAnyKeyword;
  private final boolean withApiName;
  private final InputShape inputShape;
  private final Body body;
  private final Checker checker;

  private ApiDefinition(Builder b) {
    this.name = b.name;
    this.parameters = List.copyOf(b.parameters);
    this.optional = Set.copyOf(b.optional);
    this.acceptsAnyKeyword = b.acceptsAnyKeyword;
    this.withApiName = b.withApiName;
    this.inputShape = b.inputShape;
    this.body = b.body;
    this.checker = b.checker;
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The parameters of the Python {@code call} signature, in order. */
  public List<String> parameters() {
    return parameters;
  }

  public boolean isRequired(String parameter) {
    return parameters.contains(parameter) && !optional.contains(parameter);
  }

  /**
   * Python's {@code TypeError} for binding these keyword arguments to the signature, or null when they
   * bind (missing required parameters; unexpected names when the signature has no {@code **kwargs}).
   */
  public String bindingError(Map<String, Object> kwargs) {
    for (String k : kwargs.keySet()) {
      if (!parameters.contains(k) && !acceptsAnyKeyword) {
        return name + ".call() got an unexpected keyword argument " + Py.repr(k);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String p : parameters) {
      if (!optional.contains(p) && !kwargs.containsKey(p)) {
        missing.add(Py.repr(p));
      }
    }
    if (missing.isEmpty()) {
      return null;
    }
    String list = missing.size() == 1 ? missing.get(0)
        : missing.size() == 2 ? missing.get(0) + " and " + missing.get(1)
        : String.join(", ", missing.subList(0, missing.size() - 1)) + ", and " + missing.get(missing.size() - 1);
    return name + ".call() missing " + missing.size() + " required positional argument"
        + (missing.size() == 1 ? "" : "s") + ": " + list;
  }

  /** Executes the call on {@code world}; the arguments must bind (see {@link #bindingError}). */
  public Map<String, Object> call(Map<String, Object> kwargs, ApiWorld world) {
    Map<String, Object> input = switch (inputShape) {
      case NONE -> null;
      case GIVEN_KWARGS -> new LinkedHashMap<>(kwargs);
      case SIGNATURE -> {
        Map<String, Object> m = new LinkedHashMap<>();
        parameters.forEach(p -> m.put(p, kwargs.get(p)));
        yield m;
      }
    };
    Object output = null;
    String exception = null;
    try {
      output = body.run(new Args(kwargs), world);
    } catch (ApiError | Py.TypeError | Py.KeyError e) {
      exception = e.getMessage();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    if (withApiName) {
      result.put("api_name", name);
    }
    result.put("input", input);
    result.put("output", output);
    result.put("exception", exception);
    return result;
  }

  /** The API's own correctness rule; callers pass copies (some Python rules mutate their inputs). */
  public boolean check(Map<String, Object> response, Map<String, Object> groundTruth) {
    return checker.check(Py.deepCopy(response), Py.deepCopy(groundTruth));
  }

  /** Arguments of one call, read the way the Python body reads them. */
  public static final class Args {
    private final Map<String, Object> values;

    Args(Map<String, Object> values) {
      this.values = values;
    }

    public Object get(String name) {
      return values.get(name);
    }

    public boolean has(String name) {
      return values.containsKey(name);
    }

    /** A string parameter (after coercion every {@code str}-typed value is a String). */
    public String str(String name) {
      Object v = values.get(name);
      if (v instanceof String s) {
        return s;
      }
      throw new Py.TypeError("'" + Py.typeName(v) + "' object has no attribute 'strip'");
    }
  }

  public static final class Builder {
    private final String name;
    private final List<String> parameters = new ArrayList<>();
    private final List<String> optional = new ArrayList<>();
    private boolean acceptsAnyKeyword;
    private boolean withApiName = true;
    private InputShape inputShape = InputShape.SIGNATURE;
    private Body body;
    private Checker checker;

    private Builder(String name) {
      this.name = name;
    }

    /** Required parameters, in signature order. */
    public Builder params(String... names) {
      parameters.addAll(List.of(names));
      return this;
    }

    /** Parameters with a default of None. */
    public Builder optional(String... names) {
      parameters.addAll(List.of(names));
      optional.addAll(List.of(names));
      return this;
    }

    /** A {@code **kwargs} signature: these names are read from the keyword arguments when given. */
    public Builder kwargs(String... names) {
      acceptsAnyKeyword = true;
      inputShape = InputShape.GIVEN_KWARGS;
      return optional(names);
    }

    public Builder noInput() {
      inputShape = InputShape.NONE;
      acceptsAnyKeyword = true;
      return this;
    }

    /** The result dictionary has no {@code api_name} key (a few account APIs). */
    public Builder withoutApiName() {
      withApiName = false;
      return this;
    }

    public Builder body(Body b) {
      this.body = b;
      return this;
    }

    public ApiDefinition checker(Checker c) {
      this.checker = c;
      return new ApiDefinition(this);
    }
  }
}
