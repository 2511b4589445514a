package dev.tooln1.activities.benchmarks.apibank;

import java.util.List;
import java.util.Map;

/**
 * APIs that call the outside world in the original: Dictionary (dictionaryapi.dev), Translate (Google
 * Translate) answer from {@link RecordedResponses} (the outputs recorded in the dialogs for the same
 * normalised input), failing as the service would for anything not recorded; GetToday returns the
 * fixed date its source returns.
 */
final class OfflineApis {

  static final String TODAY = "2023-03-31";

  private OfflineApis() {}

  static List<ApiDefinition> all() {
    return List.of(dictionary(), translate(), getToday());
  }

  static ApiDefinition dictionary() {
    return ApiDefinition.named("Dictionary").params("keyword")
        .body((a, w) -> w.recorded().dictionary(RecordedResponses.dictionaryKey(a.str("keyword")))
            .orElseThrow(() -> new ApiError("Failed.")))
        .checker((r, g) -> Py.eq(Py.get(r, "api_name"), "Dictionary") && Checks.outputAndException(r, g));
  }

  static ApiDefinition translate() {
    return ApiDefinition.named("Translate").params("src").kwargs("src_lang", "tgt_lang")
        .body((a, w) -> {
          if (a.has("src_lang")) {
            Languages.detect(Py.lower(a.str("src_lang")));
          }
          String target = Languages.detect(a.has("tgt_lang") ? Py.lower(a.str("tgt_lang")) : null);
          return w.recorded().translation(a.get("src"), target)
              .orElseThrow(() -> new ApiError("No recorded translation (offline): " + Py.repr(a.get("src"))
                  + " to " + target));
        })
        .checker((r, g) -> Checks.sameApiName(r, g) && Py.eq(Checks.inp(r, "src"), Checks.inp(g, "src"))
            && Checks.outputAndException(r, g));
  }

  static ApiDefinition getToday() {
    return ApiDefinition.named("GetToday").noInput()
        .body((a, w) -> TODAY)
        .checker((r, g) -> Checks.out(r) != null && Checks.exc(r) == null && Py.get(r, "input") == null);
  }

  /** The Translate API's language resolution over googletrans' language table. */
  static final class Languages {
    private Languages() {}

    /** A code from a name or code ("fr", "French", "chinese (traditional)"), or "en" when absent. */
    static String detect(String lang) throws ApiError {
      if (lang == null) {
        return "en";
      }
      if (lang.contains("chinese")) {
        return lang.contains("traditional") ? "zh-tw" : "zh-cn";
      }
      for (Map.Entry<String, String> e : RecordedResponses.LANGUAGES.entrySet()) {
        if (e.getKey().equals(lang) || lang.contains(e.getValue())) {
          return e.getKey();
        }
      }
      throw new ApiError("Language not supported.");
    }
  }
}
