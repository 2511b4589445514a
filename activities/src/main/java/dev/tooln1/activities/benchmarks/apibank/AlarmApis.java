package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE_TIME;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alarms: AddAlarm, DeleteAlarm, ModifyAlarm, QueryAlarm (database Alarm, token-checked, exact rule). */
final class AlarmApis {

  private AlarmApis() {}

  static List<ApiDefinition> all() {
    return List.of(add(), delete(), modify(), query());
  }

  static ApiDefinition add() {
    return ApiDefinition.named("AddAlarm").params("token", "time")
        .body((a, w) -> {
          PyDates.check(a.str("time"), DATE_TIME);
          Map<String, Object> db = w.db("Alarm");
          long id = db.size() + 1L;
          String username = w.checkToken(a.str("token"));
          AgendaApis.putWithIntKey(db, id, alarm(username, a.get("time")));
          return "success";
        })
        .checker(Checks::exact);
  }

  static ApiDefinition delete() {
    return ApiDefinition.named("DeleteAlarm").params("token", "time")
        .body((a, w) -> {
          String time = a.str("time");
          PyDates.check(time, DATE_TIME);
          String username = w.checkToken(a.str("token"));
          for (Iterator<Object> it = w.db("Alarm").values().iterator(); it.hasNext(); ) {
            if (matches(it.next(), username, time)) {
              it.remove();
              return "success";
            }
          }
          if (!time.isEmpty()) {
            throw new ApiError("You have no alarm clock at time : " + time);
          }
          return "success";
        })
        .checker(Checks::exact);
  }

  static ApiDefinition modify() {
    return ApiDefinition.named("ModifyAlarm").params("token", "from_time", "to_time")
        .body((a, w) -> {
          String from = a.str("from_time");
          PyDates.check(from, DATE_TIME);
          PyDates.check(a.str("to_time"), DATE_TIME);
          String username = w.checkToken(a.str("token"));
          for (Map.Entry<String, Object> e : w.db("Alarm").entrySet()) {
            if (matches(e.getValue(), username, from)) {
              e.setValue(alarm(username, a.get("to_time")));
              return "success";
            }
          }
          throw new ApiError("You have no agenda at time : " + from);
        })
        .checker(Checks::exact);
  }

  static ApiDefinition query() {
    return ApiDefinition.named("QueryAlarm").params("token", "time")
        .body((a, w) -> {
          String time = a.str("time");
          PyDates.check(time, DATE_TIME);
          String username = w.checkToken(a.str("token"));
          for (Object rec : w.db("Alarm").values()) {
            if (matches(rec, username, time)) {
              return rec;
            }
          }
          throw new ApiError("You have no alarm clock at time : " + time);
        })
        .checker(Checks::exact);
  }

  @SuppressWarnings("unchecked")
  private static boolean matches(Object record, String username, String time) {
    Map<String, Object> rec = (Map<String, Object>) record;
    return Py.eq(Py.get(rec, "username"), username) && Py.eq(Py.get(rec, "time"), time);
  }

  private static Map<String, Object> alarm(String username, Object time) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("username", username);
    m.put("time", time);
    return m;
  }
}
