package dev.tooln1.activities.benchmarks.apibank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okapi BM25 as the SearchEngine API ranks documents (k1 = 1.5, b = 0.75; a negative idf is replaced
 * by 0.25 times the mean idf), plus a word tokenizer close to NLTK's for short keyword queries.
 */
final class Bm25 {

  private static final double K1 = 1.5;
  private static final double B = 0.75;
  private static final double EPSILON = 0.25;
  private static final Pattern TOKEN = Pattern.compile("n't|\\w+(?=n't)|'\\w+|\\w+(?:[-.]\\w+)*|[^\\w\\s]",
      Pattern.UNICODE_CHARACTER_CLASS);

  private final List<Map<String, Integer>> frequencies;
  private final double[] lengths;
  private final double averageLength;
  private final Map<String, Double> idf;

  private Bm25(List<Map<String, Integer>> frequencies, double[] lengths, double averageLength, Map<String, Double> idf) {
    this.frequencies = frequencies;
    this.lengths = lengths;
    this.averageLength = averageLength;
    this.idf = idf;
  }

  static Bm25 of(List<?> tokenizedDocuments) {
    List<Map<String, Integer>> freqs = new ArrayList<>();
    Map<String, Integer> docCount = new HashMap<>();
    double[] lengths = new double[tokenizedDocuments.size()];
    double total = 0;
    for (int i = 0; i < tokenizedDocuments.size(); i++) {
      List<?> doc = (List<?>) tokenizedDocuments.get(i);
      Map<String, Integer> f = new HashMap<>();
      for (Object t : doc) {
        f.merge(String.valueOf(t), 1, Integer::sum);
      }
      freqs.add(f);
      f.keySet().forEach(t -> docCount.merge(t, 1, Integer::sum));
      lengths[i] = doc.size();
      total += doc.size();
    }
    int n = tokenizedDocuments.size();
    Map<String, Double> idf = new HashMap<>();
    double sum = 0;
    List<String> negative = new ArrayList<>();
    for (Map.Entry<String, Integer> e : docCount.entrySet()) {
      double v = Math.log(n - e.getValue() + 0.5) - Math.log(e.getValue() + 0.5);
      idf.put(e.getKey(), v);
      sum += v;
      if (v < 0) {
        negative.add(e.getKey());
      }
    }
    double eps = EPSILON * (idf.isEmpty() ? 0 : sum / idf.size());
    negative.forEach(t -> idf.put(t, eps));
    return new Bm25(freqs, lengths, n == 0 ? 0 : total / n, idf);
  }

  double[] scores(List<String> query) {
    double[] s = new double[frequencies.size()];
    for (String q : query) {
      double w = idf.getOrDefault(q, 0.0);
      for (int i = 0; i < s.length; i++) {
        double f = frequencies.get(i).getOrDefault(q, 0);
        s[i] += w * (f * (K1 + 1) / (f + K1 * (1 - B + B * lengths[i] / averageLength)));
      }
    }
    return s;
  }

  /** Document indices by descending score (ties keep corpus order). */
  List<Integer> ranking(List<String> query) {
    double[] s = scores(query);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      idx.add(i);
    }
    idx.sort(Comparator.comparingDouble((Integer i) -> -s[i]));
    return idx;
  }

  static List<String> wordTokenize(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
