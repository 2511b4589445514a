package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE_TIME;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Health: RecordHealthData, QueryHealthData (database HealthData), SymptomSearch and
 * EmergencyKnowledge (database Symptom).
 */
final class HealthApis {

  private HealthApis() {}

  static List<ApiDefinition> all() {
    return List.of(record(), query(), symptomSearch(), emergencyKnowledge());
  }

  /**
   * {@code health_data} is declared {@code list} but the tool manager passes list values through as the
   * text the regex captured, so iterating it walks characters; that is kept (a string never holds
   * valid items).
   */
  static ApiDefinition record() {
    return ApiDefinition.named("RecordHealthData").params("user_id", "time").optional("health_data")
        .body((a, w) -> {
          String userId = Py.strip(Py.upper(a.str("user_id")));
          if (userId.isEmpty()) {
            throw new ApiError("The user id cannot be empty.");
          }
          Object time = PyDates.normalise(a.str("time"), DATE_TIME);
          if (time instanceof Py.Opaque err) {
            throw new ApiError(err.toString());
          }
          Object data = a.get("health_data");
          if (data == null) {
            throw new ApiError("The health data cannot be empty.");
          }
          List<Object> items = iterate(data);
          if (items.isEmpty()) {
            throw new ApiError("The health data cannot be empty.");
          }
          Set<Object> names = new HashSet<>();
          for (Object item : items) {
            if (!contains(item, "name")) {
              throw new ApiError("The health data has invalid format.");
            }
            Object name = ((Map<?, ?>) item).get("name");
            if (!names.add(name)) {
              throw new ApiError("The health data cannot contain duplicate items.");
            }
          }
          Map<String, Object> db = w.db("HealthData");
          @SuppressWarnings("unchecked")
          List<Object> records = (List<Object>) db.computeIfAbsent(userId, k -> new ArrayList<>());
          Map<String, Object> target = null;
          for (Object r : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rec = (Map<String, Object>) r;
            if (Py.eq(rec.get("time"), time)) {
              target = rec;
            }
          }
          if (target == null) {
            target = new LinkedHashMap<>();
            target.put("time", time);
            records.add(target);
          }
          for (Object item : items) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) item;
            target.put(Py.str(d.get("name")), Py.get(d, "value"));
          }
          return "success";
        })
        .checker((r, g) -> {
          String ru = Py.strip(Py.upper(Py.str(Checks.inp(r, "user_id"))));
          String gu = Py.strip(Py.upper(Checks.inStr(g, "user_id")));
          return ru.equals(gu)
              && Py.eq(PyDates.normalise(Checks.inStr(r, "time"), DATE_TIME),
                  PyDates.normalise(Checks.inStr(g, "time"), DATE_TIME))
              && Checks.outputAndException(r, g);
        });
  }

  static ApiDefinition query() {
    return ApiDefinition.named("QueryHealthData").params("user_id", "start_time", "end_time")
        .body((a, w) -> {
          Object[] f = formatCheck(a.str("user_id"), a.str("start_time"), a.str("end_time"));
          if (f[0] == null) {
            throw new ApiError("The user id cannot be empty.");
          }
          if (f[1] instanceof Py.Opaque s && f[2] instanceof Py.Opaque e) {
            throw new ApiError(s + "; " + e);
          }
          if (f[1] instanceof Py.Opaque s) {
            throw new ApiError(s.toString());
          }
          if (f[2] instanceof Py.Opaque e) {
            throw new ApiError(e.toString());
          }
          LocalDateTime start = (LocalDateTime) f[1];
          LocalDateTime end = (LocalDateTime) f[2];
          if (start.isAfter(end)) {
            throw new ApiError("The start time cannot be later than the end time.");
          }
          Map<String, Object> db = w.db("HealthData");
          if (!db.containsKey(f[0])) {
            throw new ApiError("The user id does not exist.");
          }
          List<Object> found = new ArrayList<>();
          for (Object r : (List<?>) db.get(f[0])) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rec = (Map<String, Object>) r;
            LocalDateTime t;
            try {
              t = PyDates.strptime(Py.text(Py.get(rec, "time"), "strip"), DATE_TIME);
            } catch (PyDates.ValueError e) {
              throw new ApiError(e.getMessage());
            }
            if (!t.isBefore(start) && !t.isAfter(end)) {
              found.add(rec);
            }
          }
          if (found.isEmpty()) {
            throw new ApiError("There is no health data in the given time span.");
          }
          return found;
        })
        .checker((r, g) -> {
          Object[] x = formatCheck(Checks.inStr(r, "user_id"), Checks.inStr(r, "start_time"), Checks.inStr(r, "end_time"));
          Object[] y = formatCheck(Checks.inStr(g, "user_id"), Checks.inStr(g, "start_time"), Checks.inStr(g, "end_time"));
          return Py.eq(x[0], y[0]) && Py.eq(x[1], y[1]) && Py.eq(x[2], y[2]) && Checks.outputAndException(r, g);
        });
  }

  /** (user id upper-cased and stripped or None, start datetime or error, end datetime or error). */
  private static Object[] formatCheck(String userId, String start, String end) {
    String u = Py.strip(Py.upper(userId));
    return new Object[] {u.isEmpty() ? null : u, PyDates.parsePadded(start, DATE_TIME),
        PyDates.parsePadded(end, DATE_TIME)};
  }

  static ApiDefinition symptomSearch() {
    return ApiDefinition.named("SymptomSearch").params("symptom")
        .body((a, w) -> {
          String s = Py.lower(Py.strip(a.str("symptom")));
          if (s.isEmpty()) {
            throw new ApiError("The symptom cannot be empty.");
          }
          return lookup(w, s, "description");
        })
        .checker((r, g) -> {
          // format_check raises on an empty symptom, outside any try: the checker itself fails
          String rs = Py.lower(Py.strip(Checks.inStr(r, "symptom")));
          String gs = Py.lower(Py.strip(Checks.inStr(g, "symptom")));
          if (rs.isEmpty() || gs.isEmpty()) {
            throw new IllegalStateException("The symptom cannot be empty.");
          }
          return rs.equals(gs) && Checks.outputAndException(r, g);
        });
  }

  static ApiDefinition emergencyKnowledge() {
    return ApiDefinition.named("EmergencyKnowledge").params("symptom")
        .body((a, w) -> {
          String s = Py.strip(a.str("symptom"));
          if (s.isEmpty()) {
            // the Python code stores an Exception in the variable and then calls .lower() on it
            throw new ApiError("'Exception' object has no attribute 'lower'");
          }
          return lookup(w, Py.lower(s), "aid");
        })
        .checker((r, g) -> {
          String rs = Py.strip(Checks.inStr(r, "symptom"));
          String gs = Py.strip(Checks.inStr(g, "symptom"));
          if (rs.isEmpty() || gs.isEmpty()) {
            throw new IllegalStateException("'Exception' object has no attribute 'lower'");
          }
          return Py.lower(rs).equals(Py.lower(gs)) && Checks.outputAndException(r, g);
        });
  }

  private static List<Object> lookup(ApiWorld w, String symptom, String field) throws ApiError {
    Map<String, Object> db = w.db("Symptom");
    if (!db.containsKey(symptom)) {
      throw new ApiError("The symptom does not exist.");
    }
    List<Object> out = new ArrayList<>();
    for (Object o : (List<?>) db.get(symptom)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) o;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", Py.get(item, "name"));
      m.put(field, Py.get(item, field));
      out.add(m);
    }
    return out;
  }

  /** Python iteration over a value: a string yields its characters. */
  private static List<Object> iterate(Object v) throws ApiError {
    if (v instanceof String s) {
      List<Object> chars = new ArrayList<>();
      s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
      return chars;
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (v instanceof Map<?, ?> m) {
      return new ArrayList<>(m.keySet());
    }
    throw new ApiError("'" + Py.typeName(v) + "' object is not iterable");
  }

  /** Python {@code key in item}; only a dict item with the key counts as holding it here. */
  private static boolean contains(Object item, String key) throws ApiError {
    if (item instanceof Map<?, ?> m) {
      return m.containsKey(key);
    }
    if (item instanceof String s) {
      if (s.contains(key)) {
        throw new ApiError("string indices must be integers, not 'str'");
      }
      return false;
    }
    if (item instanceof List<?> l) {
      return l.contains(key);
    }
    throw new ApiError("argument of type '" + Py.typeName(item) + "' is not iterable");
  }
}
