package dev.tooln1.activities.benchmarks.apibank;

import static dev.tooln1.activities.benchmarks.apibank.PyDates.DATE;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Doctor's appointments: AppointmentRegistration, CancelRegistration, ModifyRegistration,
 * QueryRegistration (database Appointments). Dates are normalised by {@link PyDates#normalise}.
 */
final class RegistrationApis {

  private RegistrationApis() {}

  static List<ApiDefinition> all() {
    return List.of(register(), cancel(), modify(), query());
  }

  private static Object date(String text) {
    return PyDates.normalise(text, DATE);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> rec(Object o) {
    return (Map<String, Object>) o;
  }

  static ApiDefinition register() {
    return ApiDefinition.named("AppointmentRegistration").params("patient_name", "date", "doctor_name")
        .body((a, w) -> {
          String patient = Py.strip(a.str("patient_name"));
          String doctor = Py.strip(a.str("doctor_name"));
          if (patient.isEmpty() || doctor.isEmpty()) {
            throw new ApiError("Patient name or doctor name cannot be empty.");
          }
          Object d = date(a.str("date"));
          if (d instanceof Py.Opaque err) {
            throw new ApiError(err.toString());
          }
          Map<String, Object> db = w.db("Appointments");
          for (Object o : db.values()) {
            Map<String, Object> r = rec(o);
            if (Py.eq(Py.get(r, "patient_name"), patient)
                && Py.eq(date(Py.text(Py.get(r, "date"), "strip")), d)) {
              if (Py.eq(Py.get(r, "doctor_name"), doctor)) {
                throw new ApiError("This appointment has already been registered.");
              }
              throw new ApiError("This patient has already been registered in this day.");
            }
          }
          // Python draws a random 8-digit id; any unused one behaves the same (the rule ignores it)
          long id = 10000000L + Math.floorMod((patient + "|" + d + "|" + doctor).hashCode(), 90000000L);
          while (db.containsKey(Long.toString(id))) {
            id = id == 99999999L ? 10000000L : id + 1;
          }
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("patient_name", patient);
          m.put("date", d);
          m.put("doctor_name", doctor);
          db.put(Long.toString(id), m);
          return Long.toString(id);
        })
        .checker((r, g) -> {
          if (!Py.strip(Checks.inStr(r, "patient_name")).equals(Py.strip(Checks.inStr(g, "patient_name")))) {
            return false;
          }
          if (!Py.eq(date(Checks.inStr(r, "date")), date(Checks.inStr(g, "date")))) {
            return false;
          }
          if (!Py.strip(Checks.inStr(r, "doctor_name")).equals(Py.strip(Checks.inStr(g, "doctor_name")))) {
            return false;
          }
          if (Checks.out(g) == null && Checks.out(r) != null) {
            return false;
          }
          return Py.eq(Checks.exc(r), Checks.exc(g));
        });
  }

  static ApiDefinition cancel() {
    return ApiDefinition.named("CancelRegistration").params("appointment_id")
        .body((a, w) -> {
          String id = Py.strip(a.str("appointment_id"));
          Map<String, Object> db = w.db("Appointments");
          if (db.containsKey(id)) {
            db.remove(id);
            return "success";
          }
          throw new ApiError("The appointment ID is incorrect.");
        })
        .checker((r, g) -> Py.strip(Checks.inStr(r, "appointment_id")).equals(Py.strip(Checks.inStr(g, "appointment_id")))
            && Checks.outputAndException(r, g));
  }

  static ApiDefinition modify() {
    return ApiDefinition.named("ModifyRegistration").params("appointment_id")
        .optional("new_appointment_date", "new_appointment_doctor")
        .body((a, w) -> {
          String id = Py.strip(a.str("appointment_id"));
          Map<String, Object> db = w.db("Appointments");
          if (!db.containsKey(id)) {
            throw new ApiError("The appointment ID does not exist.");
          }
          Object newDate = a.get("new_appointment_date") == null ? null : date(a.str("new_appointment_date"));
          String newDoctor = null;
          if (a.get("new_appointment_doctor") != null) {
            newDoctor = Py.strip(a.str("new_appointment_doctor"));
            if (newDoctor.isEmpty()) {
              throw new ApiError("Fail because the doctor name is empty.");
            }
          }
          if (newDate instanceof Py.Opaque err) {
            throw new ApiError(err.toString());
          }
          Map<String, Object> r = rec(db.get(id));
          if (newDate == null && newDoctor == null) {
            throw new ApiError("Fail because no modification is made.");
          }
          if (newDate == null) {
            if (Py.eq(newDoctor, Py.get(r, "doctor_name"))) {
              throw new ApiError("Fail because doctor is not changed.");
            }
            r.put("doctor_name", newDoctor);
          } else if (newDoctor == null) {
            if (Py.eq(newDate, Py.get(r, "date"))) {
              throw new ApiError("Fail because date is not changed.");
            }
            r.put("date", newDate);
          } else {
            boolean sameDate = Py.eq(newDate, Py.get(r, "date"));
            boolean sameDoctor = Py.eq(newDoctor, Py.get(r, "doctor_name"));
            if (sameDate && sameDoctor) {
              throw new ApiError("Fail because no modification is made.");
            }
            if (sameDate) {
              throw new ApiError("Fail because date is not changed.");
            }
            if (sameDoctor) {
              throw new ApiError("Fail because doctor is not changed.");
            }
            r.put("date", newDate);
            r.put("doctor_name", newDoctor);
          }
          return "success";
        })
        .checker((r, g) -> {
          String rid = Py.strip(Py.str(Checks.inp(r, "appointment_id")));
          String gid = Py.strip(Checks.inStr(g, "appointment_id"));
          Object rd = Checks.inp(r, "new_appointment_date");
          Object gd = Checks.inp(g, "new_appointment_date");
          Object rdoc = Checks.inp(r, "new_appointment_doctor");
          Object gdoc = Checks.inp(g, "new_appointment_doctor");
          rd = rd == null ? null : date(Py.text(rd, "strip"));
          gd = gd == null ? null : date(Py.text(gd, "strip"));
          rdoc = rdoc == null ? null : Py.strip(Py.text(rdoc, "strip"));
          gdoc = gdoc == null ? null : Py.strip(Py.text(gdoc, "strip"));
          return rid.equals(gid) && Py.eq(rd, gd) && Py.eq(rdoc, gdoc) && Checks.outputAndException(r, g);
        });
  }

  static ApiDefinition query() {
    return ApiDefinition.named("QueryRegistration").params("patient_name", "date")
        .body((a, w) -> {
          String patient = Py.strip(a.str("patient_name"));
          Object d = date(a.str("date"));
          if (d instanceof Py.Opaque err) {
            throw new ApiError(err.toString());
          }
          Map<String, Object> found = new LinkedHashMap<>();
          for (Map.Entry<String, Object> e : w.db("Appointments").entrySet()) {
            Map<String, Object> r = rec(e.getValue());
            if (Py.eq(Py.get(r, "patient_name"), patient) && Py.eq(date(Py.text(Py.get(r, "date"), "strip")), d)) {
              found.put(e.getKey(), r);
            }
          }
          if (found.isEmpty()) {
            throw new ApiError("No appointments found.");
          }
          return found;
        })
        .checker((r, g) -> Py.strip(Checks.inStr(r, "patient_name")).equals(Py.strip(Checks.inStr(g, "patient_name")))
            && Py.eq(date(Checks.inStr(r, "date")), date(Checks.inStr(g, "date")))
            && Checks.outputAndException(r, g));
  }
}
