package dev.tooln1.activities.benchmarks.apibank;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Banking: QueryBalance (database Bank, token-checked) and OpenBankAccount (its own in-object table). */
final class BankApis {

  private BankApis() {}

  static List<ApiDefinition> all() {
    return List.of(queryBalance(), openBankAccount());
  }

  static ApiDefinition queryBalance() {
    return ApiDefinition.named("QueryBalance").params("token")
        .body((a, w) -> {
          String username;
          try {
            Py.strip(a.str("token"));
            username = w.checkToken(a.str("token"));
          } catch (ApiError | Py.TypeError e) {
            throw new ApiError("The token is incorrect.");
          }
          Map<String, Object> db = w.db("Bank");
          if (!db.containsKey(username)) {
            throw new ApiError("The user does not have an account.");
          }
          return Py.get(Py.dict(db, username), "balance");
        })
        .checker((r, g) -> Py.eq(Py.strip(Checks.inStr(r, "token")), Py.strip(Checks.inStr(g, "token")))
            && Checks.outputAndException(r, g));
  }

  /** Accounts live in the API object, which starts with one test account. */
  static ApiDefinition openBankAccount() {
    return ApiDefinition.named("OpenBankAccount").params("account", "password", "name")
        .body((a, w) -> {
          Map<String, Object> db = w.instanceState("OpenBankAccount");
          if (db.isEmpty()) {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("account", "test");
            test.put("password", "test");
            test.put("name", "yifei");
            db.put("0", test);
          }
          for (Object v : db.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> acc = (Map<String, Object>) v;
            if (Py.eq(acc.get("account"), a.get("account"))) {
              return "failed";
            }
          }
          Map<String, Object> acc = new LinkedHashMap<>();
          acc.put("account", a.get("account"));
          acc.put("password", a.get("password"));
          acc.put("name", a.get("name"));
          db.put(Integer.toString(db.size() + 1), acc);
          return "success";
        })
        .checker(Checks::exact);
  }
}
