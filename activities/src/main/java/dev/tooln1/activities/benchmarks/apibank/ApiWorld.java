package dev.tooln1.activities.benchmarks.apibank;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state one sample's call runs against: what a fresh {@code ToolManager()} holds in the official
 * evaluator (it is constructed anew for every judged call). Databases are deep copies of the initial
 * ones, made on first use; APIs sharing a database (all Account APIs and the token checker) share the
 * copy, as they share the dict in Python. Nothing here outlives the sample.
 */
public final class ApiWorld {

  private final InitialDatabases initial;
  private final RecordedResponses recorded;
  private final Map<String, Object> databases = new HashMap<>();
  private final Map<String, Object> state = new HashMap<>();

  public ApiWorld(InitialDatabases initial, RecordedResponses recorded) {
    this.initial = initial;
    this.recorded = recorded;
  }

  /** The mutable copy of a dict-shaped database. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> db(String name) {
    return (Map<String, Object>) databases.computeIfAbsent(name, initial::freshCopy);
  }

  /** The mutable copy of a list-shaped database (ImageCaptioning). */
  @SuppressWarnings("unchecked")
  public List<Object> listDb(String name) {
    return (List<Object>) databases.computeIfAbsent(name, initial::freshCopy);
  }

  /** Per-instance state of an API object (e.g. ForgotPassword's pending code, OpenBankAccount's accounts). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> instanceState(String api) {
    return (Map<String, Object>) state.computeIfAbsent(api, k -> new LinkedHashMap<String, Object>());
  }

  public RecordedResponses recorded() {
    return recorded;
  }

  /** The CheckToken lookup every token-taking API uses: the username owning {@code token}. */
  @SuppressWarnings("unchecked")
  public String checkToken(String token) throws ApiError {
    for (Map.Entry<String, Object> e : db("Account").entrySet()) {
      Map<String, Object> account = (Map<String, Object>) e.getValue();
      if (Py.eq(account.get("token"), token)) {
        return e.getKey();
      }
    }
    throw new ApiError("The token is invalid.");
  }
}
