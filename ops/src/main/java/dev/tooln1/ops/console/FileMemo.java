package dev.tooln1.ops.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what was read from files, keyed by a path, until one of the files it came from changes
 * size or modification time. The console polls every two seconds; campaign artifacts are immutable
 * once complete, so each is parsed once instead of on every poll.
 */
final class FileMemo<T> {

  /** Reads the value; may throw, in which case nothing is remembered. */
  interface Loader<T> {
    T load() throws IOException;
  }

  private record Stamp(long size, long modified) {}

  private record Entry<T>(List<Stamp> stamps, T value) {}

  private final Map<Path, Entry<T>> entries = new ConcurrentHashMap<>();
  private final int maxEntries;

  FileMemo(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * The value for {@code key}, loaded again when any of {@code files} changed since it was loaded
   * (a missing file counts as a state of its own).
   */
  T get(Path key, List<Path> files, Loader<T> loader) throws IOException {
    List<Stamp> now = stamps(files);
    Entry<T> e = entries.get(key);
    if (e != null && e.stamps().equals(now)) {
      return e.value();
    }
    T value = loader.load();
    if (entries.size() >= maxEntries) {
      entries.clear(); // crude but bounded: a console looks at few campaigns at a time
    }
    entries.put(key, new Entry<>(now, value));
    return value;
  }

  private static List<Stamp> stamps(List<Path> files) {
    return files.stream().map(FileMemo::stamp).toList();
  }

  private static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      return new Stamp(-1, -1);
    }
  }
}
