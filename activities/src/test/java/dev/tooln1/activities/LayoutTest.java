package dev.tooln1.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The activities module is three areas over a shared base (activities/README.md): data preparation
 * ({@code data}), the benchmarks ({@code benchmarks}) and the campaign's compute services
 * ({@code campaign}), all on the artifact store ({@code store}). Read from the main sources (import
 * lines and qualified names in code; comments do not count): data and the benchmarks use only the
 * store, never each other; the campaign may use all three; the store uses none; nothing uses the
 * campaign. Every package lies in one of the four, and each area has its README beside its code.
 */
class LayoutTest {

  /** What each top-level package of dev.tooln1.activities may use besides itself. */
  static final Map<String, Set<String>> MAY_USE = Map.of(
      "store", Set.of(),
      "data", Set.of("store"),
      "benchmarks", Set.of("store"),
      "campaign", Set.of("data", "benchmarks", "store"));

  static final List<String> AREAS_WITH_README = List.of("data", "benchmarks", "campaign");

  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.tooln1\\.activities\\.([a-z]\\w*)");

  private static Path sources() {
    return DataFiles.projectRoot().resolve("activities/src/main/java/dev/tooln1/activities");
  }

  @Test
  void noAreaUsesAnotherItMayNot() {
    assertThat(violations(sources())).isEmpty();
  }

  @Test
  void everyPackageLiesInAnArea() throws IOException {
    try (Stream<Path> top = Files.list(sources())) {
      assertThat(top.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrderElementsOf(MAY_USE.keySet());
    }
  }

  @Test
  void eachAreaHasItsReadme() {
    for (String area : AREAS_WITH_README) {
      assertThat(sources().resolve(area).resolve("README.md")).isRegularFile();
    }
  }

  @Test
  void aDataClassUsingTheCampaignIsCaught(@TempDir Path root) throws IOException {
    Path data = Files.createDirectories(root.resolve("data/readers"));
    Files.writeString(data.resolve("Bad.java"), String.join("\n",
        "package dev.tooln1.activities.data.readers;",
        "",
        "import dev.tooln1.activities.store.Sha256;",
        "import dev.tooln1.activities.campaign.CampaignSpec;",
        "",
        "/** Mentions dev.tooln1.activities.benchmarks in a comment, which does not count. */",
        "final class Bad {",
        "  dev.tooln1.activities.benchmarks.Proportion p;",
        "}",
        ""));
    assertThat(violations(root)).containsExactly(
        "data/readers/Bad.java:4 data uses campaign",
        "data/readers/Bad.java:8 data uses benchmarks");
  }

  /** Each use of a package the file's area may not use, as {@code path:line area uses other}. */
  static List<String> violations(Path root) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        String area = rel.substring(0, Math.max(0, rel.indexOf('/')));
        Set<String> allowed = new TreeSet<>(MAY_USE.getOrDefault(area, Set.of()));
        allowed.add(area);
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("package ") || line.startsWith("*") || line.startsWith("/*")
              || line.startsWith("//")) {
            continue;
          }
          Matcher m = REFERENCE.matcher(line);
          while (m.find()) {
            if (!allowed.contains(m.group(1))) {
              found.add(rel + ":" + (i + 1) + " " + area + " uses " + m.group(1));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }
}
