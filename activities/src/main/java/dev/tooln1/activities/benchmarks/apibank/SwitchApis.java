package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE_TIME;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Timed device switches: TimedSwitch, CancelTimedSwitch (database TimeSwitch: device name -> [{time, on}]). */
final class SwitchApis {

  private SwitchApis() {}

  static List<ApiDefinition> all() {
    return List.of(timedSwitch(), cancel());
  }

  static ApiDefinition timedSwitch() {
    return ApiDefinition.named("TimedSwitch").params("name", "time", "on")
        .body((a, w) -> {
          String name = Py.lower(Py.strip(a.str("name")));
          if (name.isEmpty()) {
            throw new ApiError("Name cannot be empty.");
          }
          Object time = PyDates.normalise(a.str("time"), DATE_TIME);
          if (time instanceof Py.Opaque err) {
            throw new ApiError(err.toString());
          }
          Map<String, Object> db = w.db("TimeSwitch");
          @SuppressWarnings("unchecked")
          List<Object> entries = (List<Object>) db.computeIfAbsent(name, k -> new ArrayList<>());
          for (Object o : entries) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) o;
            if (Py.eq(Py.get(e, "time"), time)) {
              e.put("on", a.get("on"));
              return "success";
            }
          }
          Map<String, Object> e = new LinkedHashMap<>();
          e.put("time", time);
          e.put("on", a.get("on"));
          entries.add(e);
          return "success";
        })
        .checker((r, g) -> sameNameAndTime(r, g) && Py.eq(Checks.inp(r, "on"), Checks.inp(g, "on"))
            && Checks.outputAndException(r, g));
  }

  static ApiDefinition cancel() {
    return ApiDefinition.named("CancelTimedSwitch").params("name", "time")
        .body((a, w) -> {
          String name = Py.lower(Py.strip(a.str("name")));
          if (name.isEmpty()) {
            throw new ApiError("name cannot be empty.");
          }
          Object time = PyDates.normalise(a.str("time"), DATE_TIME);
          if (time instanceof Py.Opaque err) {
            throw new ApiError(err.toString());
          }
          Map<String, Object> db = w.db("TimeSwitch");
          if (!db.containsKey(name)) {
            throw new ApiError("device name does not exist.");
          }
          List<?> entries = (List<?>) db.get(name);
          for (int i = 0; i < entries.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) entries.get(i);
            if (Py.eq(Py.get(e, "time"), time)) {
              entries.remove(i);
              return "success";
            }
          }
          throw new ApiError("time does not exist.");
        })
        .checker((r, g) -> sameNameAndTime(r, g) && Checks.outputAndException(r, g));
  }

  private static boolean sameNameAndTime(Map<String, Object> r, Map<String, Object> g) {
    return Py.lower(Py.strip(Checks.inStr(r, "name"))).equals(Py.lower(Py.strip(Checks.inStr(g, "name"))))
        && Py.eq(PyDates.normalise(Checks.inStr(r, "time"), DATE_TIME),
            PyDates.normalise(Checks.inStr(g, "time"), DATE_TIME));
  }
}
