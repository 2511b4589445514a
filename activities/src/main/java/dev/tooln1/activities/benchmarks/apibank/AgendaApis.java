package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE_TIME;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agenda items: AddAgenda, DeleteAgenda, ModifyAgenda, QueryAgenda (database Agenda, token-checked). */
final class AgendaApis {

  private AgendaApis() {}

  static List<ApiDefinition> all() {
    return List.of(add(), delete(), modify(), query());
  }

  static ApiDefinition add() {
    return ApiDefinition.named("AddAgenda").params("token", "content", "time", "location")
        .body((a, w) -> {
          PyDates.check(a.str("time"), DATE_TIME);
          if (Py.strip(a.str("content")).isEmpty()) {
            throw new ApiError("Content should not be null");
          }
          Map<String, Object> db = w.db("Agenda");
          long id = db.size() + 1L;
          String username = w.checkToken(a.str("token"));
          putWithIntKey(db, id, item(username, a));
          return "success";
        })
        .checker((r, g) -> {
          Checks.assertSameApiName(r, g);
          return contentTimeLocation(r, g);
        });
  }

  static ApiDefinition delete() {
    return ApiDefinition.named("DeleteAgenda").params("token", "content", "time", "location")
        .body((a, w) -> {
          String time = a.str("time");
          if (!time.isEmpty()) {
            PyDates.check(time, DATE_TIME);
          }
          String username = w.checkToken(a.str("token"));
          boolean deleted = false;
          for (Iterator<Object> it = w.db("Agenda").values().iterator(); it.hasNext(); ) {
            if (matches(it.next(), username, a)) {
              it.remove();
              deleted = true;
              break;
            }
          }
          if (!deleted) {
            if (Py.truthy(a.get("content"))) {
              throw new ApiError("You have no meeting about " + Py.str(a.get("content")));
            }
            if (!time.isEmpty()) {
              throw new ApiError("You have no meeting at time : " + time);
            }
          }
          return "success";
        })
        .checker(AgendaApis::deletionRule);
  }

  static ApiDefinition modify() {
    return ApiDefinition.named("ModifyAgenda").params("token", "content", "time", "location")
        .body((a, w) -> {
          String time = a.str("time");
          if (!time.isEmpty()) {
            PyDates.check(time, DATE_TIME);
          }
          String username = w.checkToken(a.str("token"));
          Map<String, Object> db = w.db("Agenda");
          for (Map.Entry<String, Object> e : db.entrySet()) {
            if (matches(e.getValue(), username, a)) {
              e.setValue(item(username, a));
              return "success";
            }
          }
          if (Py.truthy(a.get("content"))) {
            throw new ApiError("You have no agenda about " + Py.str(a.get("content")));
          }
          if (!time.isEmpty()) {
            throw new ApiError("You have no agenda at time : " + time);
          }
          return new Py.Opaque("Error"); // the Python code returns (not raises) an Exception here
        })
        .checker(AgendaApis::contentTimeLocation);
  }

  static ApiDefinition query() {
    return ApiDefinition.named("QueryAgenda").params("token", "content", "time", "location")
        .body((a, w) -> {
          String time = a.str("time");
          if (!time.isEmpty()) {
            PyDates.check(time, DATE_TIME);
          }
          String username = w.checkToken(a.str("token"));
          for (Object rec : w.db("Agenda").values()) {
            if (matches(rec, username, a)) {
              return rec;
            }
          }
          if (Py.truthy(a.get("content"))) {
            throw new ApiError("You have no agenda about " + Py.str(a.get("content")));
          }
          if (!time.isEmpty()) {
            throw new ApiError("You have no agenda at time : " + time);
          }
          throw new ApiError("Error");
        })
        .checker(AgendaApis::contentTimeLocation);
  }

  @SuppressWarnings("unchecked")
  private static boolean matches(Object record, String username, ApiDefinition.Args a) {
    Map<String, Object> rec = (Map<String, Object>) record;
    return Py.eq(Py.get(rec, "username"), username)
        && (Py.eq(Py.get(rec, "content"), a.get("content")) || Py.eq(Py.get(rec, "time"), a.get("time")));
  }

  private static Map<String, Object> item(String username, ApiDefinition.Args a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("username", username);
    m.put("content", a.get("content"));
    m.put("time", a.get("time"));
    m.put("location", a.get("location"));
    return m;
  }

  /** Python adds with an int key next to the file's string keys; an Object key keeps them apart. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void putWithIntKey(Map<String, Object> db, long id, Object value) {
    ((Map) db).put(id, value);
  }

  /** content similar, time and location equal, output and exception equal. */
  static boolean contentTimeLocation(Map<String, Object> r, Map<String, Object> g) {
    boolean content = Checks.similar(Checks.inStr(r, "content"), Checks.inStr(g, "content"));
    return content && Py.eq(Checks.inp(r, "time"), Checks.inp(g, "time"))
        && Py.eq(Checks.inp(r, "location"), Checks.inp(g, "location"))
        && Checks.outputAndException(r, g);
  }

  /** Deletions: when both succeeded only the time must agree; otherwise output and exception. */
  static boolean deletionRule(Map<String, Object> r, Map<String, Object> g) {
    if (Py.eq(Checks.out(g), "success") && Py.eq(Checks.out(r), "success")) {
      return Py.eq(Checks.inp(r, "time"), Checks.inp(g, "time"));
    }
    return Checks.outputAndException(r, g);
  }
}
