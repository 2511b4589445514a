package dev.tooln1.activities.benchmarks.bfcl;

import dev.tooln1.reward.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-item results of a run, JSON Lines, appended and flushed one line per item so that an
 * interrupted run loses at most the item being written. Reading drops an unterminated last line (the
 * trace of a kill mid-write) and truncates it away before appending; any other bad line is an error
 * naming file and line.
 */
public final class BfclResultsFile {

  private final Path file;

  public BfclResultsFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** Results recorded so far, by id in file order (empty when the file does not exist). */
  public Map<String, BfclItemResult> read() {
    return read(file);
  }

  /** Reads any results file. @throws IllegalArgumentException naming file and line */
  public static Map<String, BfclItemResult> read(Path file) {
    Map<String, BfclItemResult> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
    String[] lines = content.split("\n", -1);
    // The element after the last '\n' is "" for a complete file, else an unterminated line.
    for (int i = 0; i < lines.length; i++) {
      String text = lines[i];
      boolean unterminated = i == lines.length - 1;
      if (text.isBlank()) {
        continue;
      }
      BfclItemResult r;
      try {
        r = BfclItemResult.fromJson(Json.parse(text));
      } catch (IllegalArgumentException e) {
        if (unterminated) {
          break; // written partly when the run was interrupted; redone on resume
        }
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
      if (out.put(r.id(), r) != null) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": id '" + r.id() + "' recorded twice");
      }
    }
    return out;
  }

  /** Ids already recorded. */
  public Set<String> finishedIds() {
    return new HashSet<>(read().keySet());
  }

  /** Opens for appending, first cutting off an unterminated last line. */
  public Appender appender() {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      dropUnterminatedTail();
      return new Appender(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot open for appending: " + e.getMessage(), e);
    }
  }

  private void dropUnterminatedTail() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0 || bytes[bytes.length - 1] == '\n') {
      return;
    }
    int keep = bytes.length;
    while (keep > 0 && bytes[keep - 1] != '\n') {
      keep--;
    }
    String tail = new String(bytes, keep, bytes.length - keep, StandardCharsets.UTF_8);
    boolean complete;
    try {
      BfclItemResult.fromJson(Json.parse(tail));
      complete = true;
    } catch (IllegalArgumentException e) {
      complete = false;
    }
    if (complete) {
      Files.write(file, new byte[] {'\n'}, StandardOpenOption.APPEND);
    } else {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(keep);
      }
    }
  }

  /** Appends results, one flushed line each. */
  public static final class Appender implements AutoCloseable {
    private final BufferedWriter writer;

    private Appender(BufferedWriter writer) {
      this.writer = writer;
    }

    public void append(BfclItemResult r) {
      try {
        writer.write(Json.compact(r.toJson()));
        writer.write('\n');
        writer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append a result: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
