package dev.tooln1.activities.benchmarks.apibank;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Accounts and tokens: GetUserToken, RegisterUser, ModifyPassword, ForgotPassword, DeleteAccount (database Account). */
final class AccountApis {

  private static final long VERIFICATION_CODE = 970420L;

  private AccountApis() {}

  static List<ApiDefinition> all() {
    return List.of(getUserToken(), registerUser(), modifyPassword(), forgotPassword(), deleteAccount());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> account(Map<String, Object> db, String username) {
    return (Map<String, Object>) db.get(username);
  }

  static ApiDefinition getUserToken() {
    return ApiDefinition.named("GetUserToken").params("username", "password")
        .body((a, w) -> {
          Map<String, Object> db = w.db("Account");
          Object username = a.get("username");
          if (!db.containsKey(username)) {
            throw new ApiError("The username does not exist.");
          }
          Map<String, Object> acc = account(db, (String) username);
          if (!Py.eq(Py.get(acc, "password"), a.get("password"))) {
            throw new ApiError("The password is incorrect.");
          }
          return one("token", Py.get(acc, "token"));
        })
        .checker(Checks::exact);
  }

  static ApiDefinition registerUser() {
    return ApiDefinition.named("RegisterUser").params("username", "password", "email").withoutApiName()
        .body((a, w) -> {
          Map<String, Object> db = w.db("Account");
          String username = a.str("username");
          if (db.containsKey(username)) {
            throw new ApiError("The username already exists.");
          }
          String token = tokenFor(username + "\u0000" + a.get("password"));
          Map<String, Object> acc = new LinkedHashMap<>();
          acc.put("password", a.get("password"));
          acc.put("token", token);
          acc.put("email", a.get("email"));
          db.put(username, acc);
          return one("token", token);
        })
        .checker((r, g) -> {
          if (Checks.out(g) == null && Checks.out(r) != null) {
            return false;
          }
          return Py.eq(Py.get(r, "input"), Py.get(g, "input")) && Py.eq(Checks.exc(r), Checks.exc(g));
        });
  }

  static ApiDefinition modifyPassword() {
    return ApiDefinition.named("ModifyPassword").params("token", "old_password", "new_password")
        .body((a, w) -> {
          String username = w.checkToken(a.str("token"));
          Map<String, Object> acc = account(w.db("Account"), username);
          if (!Py.eq(Py.get(acc, "password"), a.get("old_password"))) {
            throw new ApiError("The old password is incorrect.");
          }
          acc.put("password", a.get("new_password"));
          return one("status", "success");
        })
        .checker((r, g) -> Py.eq(Py.get(r, "input"), Py.get(g, "input"))
            && Py.eq(Checks.exc(r), Checks.exc(g)) && Py.eq(Checks.out(r), Checks.out(g)));
  }

  /** Two-step reset; the pending code lives in the API object, so in a fresh world step two fails. */
  static ApiDefinition forgotPassword() {
    return ApiDefinition.named("ForgotPassword").params("status")
        .kwargs("username", "email", "verification_code", "new_password").withoutApiName()
        .body((a, w) -> {
          Map<String, Object> db = w.db("Account");
          Map<String, Object> self = w.instanceState("ForgotPassword");
          Object status = a.get("status");
          if (Py.eq(status, "Forgot Password")) {
            if (!a.has("username") || !a.has("email")) {
              throw new ApiError("The username and email are required for the first call.");
            }
            Object username = a.get("username");
            if (!db.containsKey(username)) {
              throw new ApiError("The username does not exist.");
            }
            if (!Py.eq(Py.get(account(db, (String) username), "email"), a.get("email"))) {
              throw new ApiError("The email is incorrect.");
            }
            self.put("verification_code", VERIFICATION_CODE);
            self.put("username", username);
            return VERIFICATION_CODE;
          } else if (Py.eq(status, "Verification Code")) {
            if (!Py.truthy(self.get("verification_code"))) {
              throw new ApiError("You need to call the API with status 'Forgot Password' at first.");
            }
            if (!a.has("new_password") || !a.has("verification_code")) {
              throw new ApiError("The new password and verification code are required for the second call.");
            }
            if (Py.eq(self.get("verification_code"), a.get("verification_code"))) {
              account(db, (String) self.get("username")).put("password", a.get("new_password"));
              return "success";
            }
            throw new ApiError("The verification code is incorrect.");
          }
          throw new ApiError("The status is only 'Forgot Password' or 'Verification Code'.");
        })
        .checker(Checks::exact);
  }

  static ApiDefinition deleteAccount() {
    return ApiDefinition.named("DeleteAccount").params("token").withoutApiName()
        .body((a, w) -> {
          String username = w.checkToken(a.str("token"));
          Map<String, Object> db = w.db("Account");
          if (db.containsKey(username)) {
            db.remove(username);
            return one("status", "success");
          }
          throw new ApiError("No such user.");
        })
        .checker(Checks::exact);
  }

  static Map<String, Object> one(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }

  /** A stand-in for the random 18-character token: deterministic, same alphabet (lower-case letters, digits). */
  static String tokenFor(String seed) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    long h = 1125899906842597L;
    for (int i = 0; i < seed.length(); i++) {
      h = 31 * h + seed.charAt(i);
    }
    java.util.SplittableRandom r = new java.util.SplittableRandom(h);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 18; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
