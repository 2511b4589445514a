package dev.tooln1.activities.benchmarks.apibank;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Python's {@code datetime.strptime}/{@code strftime} the API-Bank APIs use, with the same
 * acceptance (one- or two-digit fields, runs of whitespace for a space, prefix match then "unconverted
 * data remains") and the same error messages, since those messages become API results.
 */
public final class PyDates {

  public static final String DATE_TIME = "%Y-%m-%d %H:%M:%S";
  public static final String DATE = "%Y-%m-%d";
  public static final String MONTH_DAY = "%m-%d";

  private static final Pattern DATE_TIME_RE = Pattern.compile(
      "(?i)(\\d\\d\\d\\d)-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])\\s+"
          + "(2[0-3]|[0-1]\\d|\\d):([0-5]\\d|\\d):(6[0-1]|[0-5]\\d|\\d)");
  private static final Pattern DATE_RE = Pattern.compile(
      "(?i)(\\d\\d\\d\\d)-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])");
  private static final Pattern MONTH_DAY_RE = Pattern.compile(
      "(?i)(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])");

  private PyDates() {}

  /** Python's {@code ValueError} from strptime or the datetime constructor. */
  public static final class ValueError extends Exception {
    public ValueError(String message) {
      super(message);
    }
  }

  /** {@code datetime.strptime(text, format)} for the three formats used by the APIs. */
  public static LocalDateTime strptime(String text, String format) throws ValueError {
    Pattern p = switch (format) {
      case DATE_TIME -> DATE_TIME_RE;
      case DATE -> DATE_RE;
      case MONTH_DAY -> MONTH_DAY_RE;
      default -> throw new IllegalArgumentException("unsupported format " + format);
    };
    Matcher m = p.matcher(text);
    if (!m.lookingAt()) {
      throw new ValueError("time data " + Py.repr(text) + " does not match format " + Py.repr(format));
    }
    if (m.end() != text.length()) {
      throw new ValueError("unconverted data remains: " + text.substring(m.end()));
    }
    int year;
    int month;
    int day;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (format.equals(MONTH_DAY)) {
      year = 1900;
      month = Integer.parseInt(m.group(1));
      day = Integer.parseInt(m.group(2).trim());
    } else {
      year = Integer.parseInt(m.group(1));
      month = Integer.parseInt(m.group(2));
      day = Integer.parseInt(m.group(3).trim());
      if (format.equals(DATE_TIME)) {
        hour = Integer.parseInt(m.group(4));
        minute = Integer.parseInt(m.group(5));
        second = Integer.parseInt(m.group(6));
      }
    }
    if (year < 1) {
      throw new ValueError("year " + year + " is out of range");
    }
    if (second > 59) {
      throw new ValueError("second must be in 0..59");
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second);
    } catch (DateTimeException e) {
      throw new ValueError("day is out of range for month");
    }
  }

  /** {@code strftime} of {@code %Y-%m-%d}, {@code %Y-%m-%d %H:%M:%S} or {@code %m-%d} (glibc: year unpadded). */
  public static String strftime(LocalDateTime t, String format) {
    String md = String.format("%02d-%02d", t.getMonthValue(), t.getDayOfMonth());
    return switch (format) {
      case MONTH_DAY -> md;
      case DATE -> t.getYear() + "-" + md;
      case DATE_TIME -> t.getYear() + "-" + md
          + String.format(" %02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
      default -> throw new IllegalArgumentException("unsupported format " + format);
    };
  }

  /**
   * The {@code format_check} several APIs share: strip, left-pad a short year of a three-part date with
   * zeros, parse, and render back; a failure is kept as a value that equals nothing (Python compares
   * the exception objects, which are never equal).
   */
  public static Object normalise(String text, String format) {
    try {
      return strftime(strptime(padYear(text), format), format);
    } catch (ValueError e) {
      return new Py.Opaque(e.getMessage());
    }
  }

  /** Like {@link #normalise} but keeps the parsed time (QueryHealthData compares datetimes). */
  public static Object parsePadded(String text, String format) {
    try {
      return strptime(padYear(text), format);
    } catch (ValueError e) {
      return new Py.Opaque(e.getMessage());
    }
  }

  /** Strip, and zfill(4) the first of exactly three '-'-separated parts. */
  public static String padYear(String text) {
    String t = Py.strip(text);
    String[] parts = t.split("-", -1);
    if (parts.length == 3) {
      if (parts[0].length() != 4) {
        parts[0] = Py.zfill(parts[0], 4);
      }
      t = String.join("-", parts);
    }
    return t;
  }

  /** Validates like a bare {@code datetime.strptime(text, fmt)} call whose result is discarded. */
  public static void check(String text, String format) throws ApiError {
    try {
      strptime(text, format);
    } catch (ValueError e) {
      throw new ApiError(e.getMessage());
    }
  }
}
