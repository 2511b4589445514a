package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE_TIME;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Meetings: AddMeeting, DeleteMeeting, ModifyMeeting, QueryMeeting (database Meeting, token-checked). */
final class MeetingApis {

  private static final String[] PARAMS = {"token", "meeting_topic", "start_time", "end_time", "location", "attendees"};

  private MeetingApis() {}

  static List<ApiDefinition> all() {
    return List.of(add(), delete(), modify(), query());
  }

  static ApiDefinition add() {
    return ApiDefinition.named("AddMeeting").params(PARAMS)
        .body((a, w) -> {
          PyDates.check(a.str("start_time"), DATE_TIME);
          PyDates.check(a.str("end_time"), DATE_TIME);
          if (Py.strip(a.str("meeting_topic")).isEmpty()) {
            throw new ApiError("Meeting Topic should not be null");
          }
          Map<String, Object> db = w.db("Meeting");
          long id = nextId(db);
          String username = w.checkToken(a.str("token"));
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("username", username);
          for (String p : List.of(PARAMS).subList(1, PARAMS.length)) {
            m.put(p, a.get(p));
          }
          db.put(Long.toString(id), m);
          return "success";
        })
        .checker(MeetingApis::topicRule);
  }

  static ApiDefinition delete() {
    return ApiDefinition.named("DeleteMeeting").params(PARAMS)
        .body((a, w) -> {
          String username = prelude(a, w);
          for (Iterator<Object> it = w.db("Meeting").values().iterator(); it.hasNext(); ) {
            if (matches(it.next(), username, a)) {
              it.remove();
              return "success";
            }
          }
          notFound(a);
          return "success";
        })
        .checker(AgendaApis::deletionRule); // reads input['time'], which meetings lack: KeyError -> wrong
  }

  static ApiDefinition modify() {
    return ApiDefinition.named("ModifyMeeting").params(PARAMS)
        .body((a, w) -> {
          String username = prelude(a, w);
          for (Object v : w.db("Meeting").values()) {
            if (matches(v, username, a)) {
              @SuppressWarnings("unchecked")
              Map<String, Object> rec = (Map<String, Object>) v;
              if (Py.truthy(a.get("meeting_topic"))) {
                rec.put("meeting_topic", a.get("meeting_topic"));
              }
              if (Py.truthy(a.get("start_time"))) {
                rec.put("start_time", a.get("start_time"));
                rec.put("end_time", a.get("end_time"));
              }
              return "success";
            }
          }
          notFound(a);
          return "success";
        })
        .checker(MeetingApis::topicRule);
  }

  static ApiDefinition query() {
    return ApiDefinition.named("QueryMeeting").params(PARAMS)
        .body((a, w) -> {
          String username = prelude(a, w);
          for (Object rec : w.db("Meeting").values()) {
            if (matches(rec, username, a)) {
              return rec;
            }
          }
          notFound(a);
          return new Py.Opaque("Error"); // returned, not raised, in the Python code
        })
        .checker(MeetingApis::topicRule);
  }

  /** Date checks, the topic-or-start rule, then the token. */
  private static String prelude(ApiDefinition.Args a, ApiWorld w) throws ApiError {
    String start = a.str("start_time");
    String end = a.str("end_time");
    if (!start.isEmpty()) {
      PyDates.check(start, DATE_TIME);
    }
    if (!end.isEmpty()) {
      PyDates.check(end, DATE_TIME);
    }
    if (Py.strip(a.str("meeting_topic")).isEmpty() && start.isEmpty()) {
      throw new ApiError("Meeting Topic and start_time should not be null both");
    }
    return w.checkToken(a.str("token"));
  }

  private static void notFound(ApiDefinition.Args a) throws ApiError {
    if (Py.truthy(a.get("meeting_topic"))) {
      throw new ApiError("You have no meeting about " + Py.str(a.get("meeting_topic")));
    }
    if (Py.truthy(a.get("start_time"))) {
      throw new ApiError("You have no meeting at time : " + Py.str(a.get("start_time")));
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean matches(Object record, String username, ApiDefinition.Args a) {
    Map<String, Object> rec = (Map<String, Object>) record;
    return Py.eq(Py.get(rec, "username"), username)
        && (Py.eq(Py.get(rec, "meeting_topic"), a.get("meeting_topic"))
            || Py.eq(Py.get(rec, "start_time"), a.get("start_time")));
  }

  private static long nextId(Map<String, Object> db) throws ApiError {
    long max = -1;
    for (Object k : db.keySet()) {
      try {
        max = Math.max(max, Long.parseLong(Py.strip(String.valueOf(k))));
      } catch (NumberFormatException e) {
        throw new ApiError("invalid literal for int() with base 10: " + Py.repr(String.valueOf(k)));
      }
    }
    return max + 1;
  }

  /** Topic similar; every other input field equal; output and exception equal. */
  static boolean topicRule(Map<String, Object> r, Map<String, Object> g) {
    boolean topic = Checks.similar(Checks.inStr(r, "meeting_topic"), Checks.inStr(g, "meeting_topic"));
    Map<String, Object> ri = Checks.in(r);
    Map<String, Object> gi = Checks.in(g);
    ri.remove("meeting_topic");
    gi.remove("meeting_topic");
    return topic && Py.eq(ri, gi) && Checks.outputAndException(r, g);
  }

  static long nextIdOf(Map<String, Object> db) throws ApiError {
    return nextId(db);
  }
}
