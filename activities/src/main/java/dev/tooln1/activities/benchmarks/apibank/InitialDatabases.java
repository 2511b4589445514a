package dev.tooln1.activities.benchmarks.apibank;

import dev.tooln1.reward.Json;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The read-only initial state of every API-Bank database ({@code init_database/<Name>.json}), loaded
 * lazily and never handed out: a {@link ApiWorld} gets deep copies.
 */
public final class InitialDatabases {

  private final Path folder;
  private final Map<String, Object> loaded = new ConcurrentHashMap<>();

  public InitialDatabases(Path folder) {
    this.folder = folder;
  }

  /** The vendored {@code data/api-bank/init_database}. */
  public static InitialDatabases vendored() {
    return new InitialDatabases(DataFiles.vendored("api-bank/init_database"));
  }

  /** A fresh deep copy of database {@code name} (e.g. "Account"). */
  public Object freshCopy(String name) {
    Object v = loaded.computeIfAbsent(name, this::load);
    return Py.deepCopy(v);
  }

  /** Names of the databases present. */
  public Map<String, Path> files() {
    Map<String, Path> m = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(folder)) {
      s.sorted().forEach(p -> {
        String f = p.getFileName().toString();
        m.put(f.substring(0, f.indexOf('.')), p);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  private Object load(String name) {
    Path p = folder.resolve(name + ".json");
    try {
      return Py.fromJson(Json.MAPPER.readTree(DataFiles.readString(p)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read API-Bank database " + p, e);
    }
  }
}
