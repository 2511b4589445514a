package dev.tooln1.activities.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.reward.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The per-item results of an evaluation run as JSON Lines, one record per item, appended and flushed
 * line by line so that a run killed at any moment loses at most the line being written. Reading drops
 * an unterminated last line (the trace of a kill mid-write) and {@link #appender()} truncates it away
 * before appending; any other bad line, and an id recorded twice, is an error naming file and line.
 * (The same contract as {@link dev.tooln1.activities.benchmarks.bfcl.BfclResultsFile}, for any record
 * type.)
 *
 * @param <T> the record of one item
 */
public final class ResultsLog<T> {

  /** How a record is written, read back and identified. */
  public record Codec<T>(Function<T, ObjectNode> toJson, Function<JsonNode, T> fromJson, Function<T, String> id) {
    public Codec {
      Objects.requireNonNull(toJson, "toJson");
      Objects.requireNonNull(fromJson, "fromJson");
      Objects.requireNonNull(id, "id");
    }
  }

  private final Path file;
  private final Codec<T> codec;

  public ResultsLog(Path file, Codec<T> codec) {
    this.file = Objects.requireNonNull(file, "file");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  public Path path() {
    return file;
  }

  /**
   * Records so far by id, in file order (empty when the file does not exist).
   *
   * @throws IllegalArgumentException naming file and line for a bad line that is not the torn last one,
   *     or an id recorded twice
   */
  public Map<String, T> read() {
    Map<String, T> out = new LinkedHashMap<>();
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
      if (text.isBlank()) {
        continue;
      }
      T r;
      try {
        r = codec.fromJson().apply(Json.parse(text));
      } catch (IllegalArgumentException e) {
        if (i == lines.length - 1) {
          break; // written partly when the run was interrupted; redone on resume
        }
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
      String id = codec.id().apply(r);
      if (out.put(id, r) != null) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": id '" + id + "' recorded twice");
      }
    }
    return out;
  }

  /** Opens for appending, first cutting off an unterminated last line (or terminating it, if it is whole). */
  public Appender<T> appender() {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      repairTail();
      return new Appender<>(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND), codec);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot open for appending: " + e.getMessage(), e);
    }
  }

  private void repairTail() throws IOException {
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
    boolean whole;
    try {
      codec.fromJson().apply(Json.parse(tail));
      whole = true;
    } catch (IllegalArgumentException e) {
      whole = false;
    }
    if (whole) {
      // read() counted it: keep it, and keep the next record off its line
      Files.write(file, new byte[] {'\n'}, StandardOpenOption.APPEND);
    } else {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(keep);
      }
    }
  }

  /** Appends records, one flushed line each. */
  public static final class Appender<T> implements AutoCloseable {
    private final BufferedWriter writer;
    private final Codec<T> codec;

    private Appender(BufferedWriter writer, Codec<T> codec) {
      this.writer = writer;
      this.codec = codec;
    }

    public void append(T record) {
      try {
        writer.write(Json.compact(codec.toJson().apply(record)));
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
