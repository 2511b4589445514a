package dev.tooln1.reward.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Opens data files whether stored plain or gzip-compressed ({@code X} or {@code X.gz}), and finds the
 * project's vendored {@code data/} folder. Nothing here reads outside the project.
 */
public final class DataFiles {

  private DataFiles() {}

  /** {@code path} if it exists, else {@code path + ".gz"} if that exists, else empty. */
  public static Optional<Path> resolve(Path path) {
    if (Files.isRegularFile(path)) {
      return Optional.of(path);
    }
    Path gz = path.resolveSibling(path.getFileName() + ".gz");
    return Files.isRegularFile(gz) ? Optional.of(gz) : Optional.empty();
  }

  public static InputStream open(Path path) throws IOException {
    Path actual = resolve(path).orElseThrow(() -> new java.nio.file.NoSuchFileException(path.toString()));
    InputStream in = new BufferedInputStream(Files.newInputStream(actual), 1 << 16);
    return actual.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  public static BufferedReader openReader(Path path) throws IOException {
    return new BufferedReader(new InputStreamReader(open(path), StandardCharsets.UTF_8), 1 << 16);
  }

  public static String readString(Path path) throws IOException {
    try (InputStream in = open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The project root: system property {@code tooln1.root}, else env {@code TOOLN1_HOME}, else the
   * nearest directory upwards from the working directory that holds {@code data/SHA256SUMS}.
   */
  public static Path projectRoot() {
    String prop = System.getProperty("tooln1.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    String env = System.getenv("TOOLN1_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("data/SHA256SUMS"))) {
        return p;
      }
    }
    throw new UncheckedIOException(new IOException(
        "cannot find the tooln1 project root (data/SHA256SUMS); set -Dtooln1.root or TOOLN1_HOME"));
  }

  /**
   * A path inside the vendored {@code data/} folder, e.g. {@code vendored("bfcl")}. The name comes
   * from user files too ({@code path: vendored:X} in a data spec, {@code model.tokenizer}), so it
   * must stay inside {@code data/}: {@code ..} out of it, an absolute path, or a symbolic link in
   * {@code data/} that leads out is refused with {@link IllegalArgumentException}.
   */
  public static Path vendored(String relative) {
    checkVendored(relative);
    Path data = projectRoot().resolve("data");
    Path p = data.resolve(relative).normalize();
    for (Path candidate : new Path[] {p, p.resolveSibling(p.getFileName() + ".gz")}) {
      if (Files.exists(candidate)) {
        try {
          if (!candidate.toRealPath().startsWith(data.toRealPath())) {
            throw new IllegalArgumentException("vendored:" + relative + " leads out of the project's data folder "
                + data + " (through a symbolic link); refused");
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return p;
  }

  /**
   * Checks, without touching the disk, that {@code vendored:relative} names something inside
   * {@code data/}: relative, and no {@code ..} that climbs out of it.
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static void checkVendored(String relative) {
    Path rel;
    try {
      rel = Path.of(relative);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("vendored:" + relative + " is not a path: " + e.getReason());
    }
    Path base = Path.of("data");
    if (rel.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")
        || !base.resolve(rel).normalize().startsWith(base)) {
      throw new IllegalArgumentException("vendored:" + relative
          + " leaves the project's data folder (vendored: names a path inside data/)");
    }
  }
}
