package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE_TIME;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reminders: AddReminder, DeleteReminder, ModifyReminder, QueryReminder (database Reminder, token-checked). */
final class ReminderApis {

  private ReminderApis() {}

  static List<ApiDefinition> all() {
    return List.of(add(), delete(), modify(), query());
  }

  static ApiDefinition add() {
    return ApiDefinition.named("AddReminder").params("token", "content", "time")
        .body((a, w) -> {
          prelude(a);
          Map<String, Object> db = w.db("Reminder");
          long id = MeetingApis.nextIdOf(db);
          String username = w.checkToken(a.str("token"));
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("username", username);
          m.put("content", a.get("content"));
          m.put("time", a.get("time"));
          db.put(Long.toString(id), m);
          return "success";
        })
        .checker((r, g) -> {
          Checks.assertSameApiName(r, g);
          return lowerContentAndTime(r, g);
        });
  }

  static ApiDefinition delete() {
    return ApiDefinition.named("DeleteReminder").params("token", "content", "time")
        .body((a, w) -> {
          prelude(a);
          String username = w.checkToken(a.str("token"));
          for (Iterator<Object> it = w.db("Reminder").values().iterator(); it.hasNext(); ) {
            if (matches(it.next(), username, a)) {
              it.remove();
              return "success";
            }
          }
          throw notFound(a);
        })
        .checker(AgendaApis::deletionRule);
  }

  static ApiDefinition modify() {
    return ApiDefinition.named("ModifyReminder").params("token", "content", "time")
        .body((a, w) -> {
          prelude(a);
          String username = w.checkToken(a.str("token"));
          for (Object v : w.db("Reminder").values()) {
            if (matches(v, username, a)) {
              @SuppressWarnings("unchecked")
              Map<String, Object> rec = (Map<String, Object>) v;
              rec.put("content", a.get("content"));
              rec.put("time", a.get("time"));
              return "success";
            }
          }
          throw notFound(a);
        })
        .checker((r, g) -> {
          Checks.assertSameApiName(r, g);
          return lowerContentAndTime(r, g);
        });
  }

  static ApiDefinition query() {
    return ApiDefinition.named("QueryReminder").params("token", "content", "time")
        .body((a, w) -> {
          prelude(a);
          String username = w.checkToken(a.str("token"));
          for (Object rec : w.db("Reminder").values()) {
            if (matches(rec, username, a)) {
              return rec;
            }
          }
          throw notFound(a);
        })
        .checker(ReminderApis::lowerContentAndTime);
  }

  private static void prelude(ApiDefinition.Args a) throws ApiError {
    PyDates.check(a.str("time"), DATE_TIME);
    if (Py.strip(a.str("content")).isEmpty()) {
      throw new ApiError("Content should not be null");
    }
  }

  private static ApiError notFound(ApiDefinition.Args a) {
    return new ApiError("You have no reminder about " + Py.str(a.get("content")) + " or at time : "
        + Py.str(a.get("time")));
  }

  @SuppressWarnings("unchecked")
  private static boolean matches(Object record, String username, ApiDefinition.Args a) {
    Map<String, Object> rec = (Map<String, Object>) record;
    return Py.eq(Py.get(rec, "username"), username)
        && (Py.eq(Py.get(rec, "content"), a.get("content")) || Py.eq(Py.get(rec, "time"), a.get("time")));
  }

  /** Lower-cased content similar, time equal, output and exception equal. */
  static boolean lowerContentAndTime(Map<String, Object> r, Map<String, Object> g) {
    boolean content = Checks.similar(Py.lower(Checks.inStr(r, "content")), Py.lower(Checks.inStr(g, "content")));
    return content && Py.eq(Checks.inp(r, "time"), Checks.inp(g, "time")) && Checks.outputAndException(r, g);
  }
}
