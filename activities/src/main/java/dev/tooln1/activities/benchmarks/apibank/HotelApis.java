package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hotel booking: BookHotel (database Hotel: order id -> order), exact rule. */
final class HotelApis {

  private HotelApis() {}

  static List<ApiDefinition> all() {
    return List.of(bookHotel());
  }

  static ApiDefinition bookHotel() {
    return ApiDefinition.named("BookHotel")
        .params("hotel_name", "check_in_time", "check_out_time", "room_count", "adult_count", "child_count")
        .body((a, w) -> {
          LocalDateTime in = parse(a.str("check_in_time"));
          LocalDateTime out = parse(a.str("check_out_time"));
          Map<String, Object> order = new LinkedHashMap<>();
          for (String p : List.of("hotel_name", "check_in_time", "check_out_time", "room_count", "adult_count", "child_count")) {
            order.put(p, a.get(p));
          }
          if (number(a.get("adult_count")) > 2 && number(a.get("room_count")) == 1) {
            throw new ApiError("The number of adults is greater than 2. Two rooms are ordered.");
          }
          Map<String, Object> db = w.db("Hotel");
          for (Object o : db.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> other = (Map<String, Object>) o;
            if (Py.eq(Py.get(other, "hotel_name"), a.get("hotel_name"))) {
              LocalDateTime oin = parse(Py.text(Py.get(other, "check_in_time"), "strip"));
              LocalDateTime oout = parse(Py.text(Py.get(other, "check_out_time"), "strip"));
              boolean inOverlaps = !in.isBefore(oin) && in.isBefore(oout);
              boolean outOverlaps = out.isAfter(oin) && !out.isAfter(oout);
              if (inOverlaps || outOverlaps) {
                throw new ApiError("The room is not available.");
              }
            }
          }
          String id = Integer.toString(db.size() + 1);
          db.put(id, order);
          return id;
        })
        .checker(Checks::exact);
  }

  private static LocalDateTime parse(String s) throws ApiError {
    try {
      return PyDates.strptime(s, DATE);
    } catch (PyDates.ValueError e) {
      throw new ApiError(e.getMessage());
    }
  }

  private static double number(Object v) throws ApiError {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d) {
      return d;
    }
    throw new ApiError("'>' not supported between instances of '" + Py.typeName(v) + "' and 'int'");
  }
}
