package dev.tooln1.activities.benchmarks.apibank;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Responses of the network-backed APIs as recorded in the dialogs (each gold API line carries the
 * result the live service gave): Dictionary by normalised keyword, Translate by (text, target
 * language code). They make those APIs deterministic; a call whose normalised input was never
 * recorded fails.
 */
public final class RecordedResponses {

  /** googletrans' language table (code -> name), in its order, used to resolve language names. */
  static final Map<String, String> LANGUAGES = languages();

  private final Map<String, Object> dictionary = new HashMap<>();
  private final Map<String, Object> translations = new HashMap<>();

  /** Collects the recorded results from dialog API lines ({@code role = API}). */
  public static RecordedResponses fromDialogTurns(Iterable<JsonNode> apiTurns) {
    RecordedResponses r = new RecordedResponses();
    for (JsonNode turn : apiTurns) {
      JsonNode result = turn.path("result");
      if (!result.path("exception").isNull() && !result.path("exception").isMissingNode()) {
        continue;
      }
      JsonNode input = result.path("input");
      switch (turn.path("api_name").asText()) {
        case "Dictionary" -> r.dictionary.put(dictionaryKey(input.path("keyword").asText()),
            Py.fromJson(result.path("output")));
        case "Translate" -> {
          try {
            String tgt = input.has("tgt_lang")
                ? OfflineApis.Languages.detect(Py.lower(input.path("tgt_lang").asText())) : "en";
            r.translations.put(translationKey(input.path("src").asText(), tgt), Py.fromJson(result.path("output")));
          } catch (ApiError e) {
            // an unsupported language cannot have produced a recorded translation; skip it
          }
        }
        default -> { }
      }
    }
    return r;
  }

  /** Dictionary's own keyword normalisation: '_' to space, stripped, lower-cased. */
  static String dictionaryKey(String keyword) {
    return Py.lower(Py.strip(keyword.replace('_', ' ')));
  }

  private static String translationKey(Object src, String target) {
    return Py.repr(src) + "\u0000" + target;
  }

  Optional<Object> dictionary(String key) {
    return Optional.ofNullable(Py.deepCopy(dictionary.get(key)));
  }

  Optional<Object> translation(Object src, String target) {
    return Optional.ofNullable(translations.get(translationKey(src, target)));
  }

  public int size() {
    return dictionary.size() + translations.size();
  }

  private static Map<String, String> languages() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("af", "afrikaans");
    m.put("sq", "albanian");
    m.put("am", "amharic");
    m.put("ar", "arabic");
    m.put("hy", "armenian");
    m.put("az", "azerbaijani");
    m.put("eu", "basque");
    m.put("be", "belarusian");
    m.put("bn", "bengali");
    m.put("bs", "bosnian");
    m.put("bg", "bulgarian");
    m.put("ca", "catalan");
    m.put("ceb", "cebuano");
    m.put("ny", "chichewa");
    m.put("zh-cn", "chinese (simplified)");
    m.put("zh-tw", "chinese (traditional)");
    m.put("co", "corsican");
    m.put("hr", "croatian");
    m.put("cs", "czech");
    m.put("da", "danish");
    m.put("nl", "dutch");
    m.put("en", "english");
    m.put("eo", "esperanto");
    m.put("et", "estonian");
    m.put("tl", "filipino");
    m.put("fi", "finnish");
    m.put("fr", "french");
    m.put("fy", "frisian");
    m.put("gl", "galician");
    m.put("ka", "georgian");
    m.put("de", "german");
    m.put("el", "greek");
    m.put("gu", "gujarati");
    m.put("ht", "haitian creole");
    m.put("ha", "hausa");
    m.put("haw", "hawaiian");
    m.put("iw", "hebrew");
    m.put("he", "hebrew");
    m.put("hi", "hindi");
    m.put("hmn", "hmong");
    m.put("hu", "hungarian");
    m.put("is", "icelandic");
    m.put("ig", "igbo");
    m.put("id", "indonesian");
    m.put("ga", "irish");
    m.put("it", "italian");
    m.put("ja", "japanese");
    m.put("jw", "javanese");
    m.put("kn", "kannada");
    m.put("kk", "kazakh");
    m.put("km", "khmer");
    m.put("ko", "korean");
    m.put("ku", "kurdish (kurmanji)");
    m.put("ky", "kyrgyz");
    m.put("lo", "lao");
    m.put("la", "latin");
    m.put("lv", "latvian");
    m.put("lt", "lithuanian");
    m.put("lb", "luxembourgish");
    m.put("mk", "macedonian");
    m.put("mg", "malagasy");
    m.put("ms", "malay");
    m.put("ml", "malayalam");
    m.put("mt", "maltese");
    m.put("mi", "maori");
    m.put("mr", "marathi");
    m.put("mn", "mongolian");
    m.put("my", "myanmar (burmese)");
    m.put("ne", "nepali");
    m.put("no", "norwegian");
    m.put("or", "odia");
    m.put("ps", "pashto");
    m.put("fa", "persian");
    m.put("pl", "polish");
    m.put("pt", "portuguese");
    m.put("pa", "punjabi");
    m.put("ro", "romanian");
    m.put("ru", "russian");
    m.put("sm", "samoan");
    m.put("gd", "scots gaelic");
    m.put("sr", "serbian");
    m.put("st", "sesotho");
    m.put("sn", "shona");
    m.put("sd", "sindhi");
    m.put("si", "sinhala");
    m.put("sk", "slovak");
    m.put("sl", "slovenian");
    m.put("so", "somali");
    m.put("es", "spanish");
    m.put("su", "sundanese");
    m.put("sw", "swahili");
    m.put("sv", "swedish");
    m.put("tg", "tajik");
    m.put("ta", "tamil");
    m.put("te", "telugu");
    m.put("th", "thai");
    m.put("tr", "turkish");
    m.put("uk", "ukrainian");
    m.put("ur", "urdu");
    m.put("ug", "uyghur");
    m.put("uz", "uzbek");
    m.put("vi", "vietnamese");
    m.put("cy", "welsh");
    m.put("xh", "xhosa");
    m.put("yi", "yiddish");
    m.put("yo", "yoruba");
    m.put("zu", "zulu");
    return Collections.unmodifiableMap(m);
  }
}
