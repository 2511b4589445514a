package dev.tooln1.activities.store;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link ArtifactStore} on a local directory (a campaign directory). Each artifact {@code a/b.json}
 * is the file {@code <root>/a/b.json} plus a sidecar {@code <root>/a/b.json.sha256} in
 * {@code sha256sum} format ({@code cd dir && sha256sum -c b.json.sha256} checks it by hand).
 *
 * <p>Writes go to a temporary file in the same directory, are fsynced, renamed into place, then the
 * sidecar is written the same way, then the directory is fsynced. An artifact is complete only when
 * its sidecar exists, so a crash mid-write leaves nothing that reads as valid. Two writers of the
 * same content to the same URI both succeed with the same result. URIs cannot leave the root: besides
 * the syntactic checks, the real path of every directory used is checked to lie inside the root, so a
 * symbolic link pointing outside is refused.
 */
public final class LocalArtifactStore implements ArtifactStore {

  private static final String SIDECAR = ".sha256";
  private static final String TEMP_PREFIX = ".tmp-";
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final Path root;
  private final Path realRoot;

  public LocalArtifactStore(Path root) throws IOException {
    Files.createDirectories(root);
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = this.root.toRealPath();
  }

  public Path root() {
    return root;
  }

  /** The file behind a URI (for readers that need a path, e.g. memory-mapping); not verified. */
  public Path pathOf(String uri) throws IOException {
    Path p = resolve(uri);
    checkInside(p.getParent());
    return p;
  }

  @Override
  public ArtifactRef put(String uri, byte[] content) throws IOException {
    // Cheap path for a retried put: the same bytes are already there and verify.
    Path target = resolve(uri);
    if (Files.isDirectory(target.getParent())) {
      checkInside(target.getParent());
      refuseLink(target);
      Optional<ArtifactRef> existing = verifiedOrEmpty(uri, target);
      if (existing.isPresent() && existing.get().sha256().equals(Sha256.hex(content))) {
        return existing.get();
      }
    }
    return put(uri, new ByteArrayInputStream(content));
  }

  @Override
  public ArtifactRef put(String uri, InputStream content) throws IOException {
    Path target = resolve(uri);
    Path dir = target.getParent();
    createDirectoriesInside(dir);
    refuseLink(target);
    Path temp = newTemp(dir);
    try {
      MessageDigest digest = Sha256.newDigest();
      long size;
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE);
           OutputStream out = Channels.newOutputStream(ch)) {
        size = new DigestInputStream(content, digest).transferTo(out);
        out.flush();
        ch.force(true);
      }
      String sha = HexFormat.of().formatHex(digest.digest());
      Optional<ArtifactRef> existing = verifiedOrEmpty(uri, target);
      if (existing.isPresent()) {
        if (existing.get().sha256().equals(sha)) {
          return existing.get();
        }
        throw new ArtifactConflictException(uri + " already holds different content (sha256 "
            + existing.get().sha256() + ", new " + sha + "); artifacts are immutable");
      }
      move(temp, target);
      writeSidecar(target, sha);
      fsyncDirectory(dir);
      return new ArtifactRef(uri, sha, size);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public byte[] get(String uri) throws IOException {
    try (InputStream in = open(uri)) {
      return in.readAllBytes();
    }
  }

  @Override
  public InputStream open(String uri) throws IOException {
    Path target = resolve(uri);
    checkInside(target.getParent());
    refuseLink(target);
    String expected = readSidecar(target).orElseThrow(() -> new NoSuchFileException(
        uri + " (no complete artifact at " + target + ")"));
    MessageDigest digest = Sha256.newDigest();
    InputStream raw = Files.newInputStream(target);
    return new FilterInputStream(new DigestInputStream(raw, digest)) {
      private boolean checked;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          check();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          check();
        }
        return n;
      }

      private void check() throws IOException {
        if (checked) {
          return;
        }
        checked = true;
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
          throw new ArtifactIntegrityException(uri + ": content sha256 " + actual + " does not match the recorded "
              + expected + " (" + target + " is corrupt)");
        }
      }
    };
  }

  @Override
  public Optional<ArtifactRef> stat(String uri) throws IOException {
    Path target = resolve(uri);
    if (!Files.isDirectory(target.getParent())) {
      return Optional.empty();
    }
    checkInside(target.getParent());
    if (Files.isSymbolicLink(target) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Optional<String> sha = readSidecar(target);
    return sha.map(s -> new ArtifactRef(uri, s, sizeOf(target)));
  }

  @Override
  public ArtifactRef verify(String uri) throws IOException {
    Path target = resolve(uri);
    checkInside(target.getParent());
    refuseLink(target);
    String expected = readSidecar(target).orElseThrow(() -> new NoSuchFileException(uri + " (no complete artifact)"));
    String actual = hashFile(target);
    if (!actual.equals(expected)) {
      throw new ArtifactIntegrityException(uri + ": content sha256 " + actual + " does not match the recorded "
          + expected + " (" + target + " is corrupt)");
    }
    return new ArtifactRef(uri, actual, Files.size(target));
  }

  @Override
  public List<ArtifactRef> list(String prefix) throws IOException {
    if (prefix.startsWith("/") || prefix.contains("\\") || prefix.contains("..")) {
      throw new IllegalArgumentException("bad artifact prefix '" + prefix + "'");
    }
    // Walk the deepest directory the prefix names completely, then filter by the string prefix.
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    checkInside(start);
    List<ArtifactRef> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) { // does not follow links
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || name.endsWith(SIDECAR)
            || name.startsWith(TEMP_PREFIX)) {
          continue;
        }
        String uri = root.relativize(p).toString().replace('\\', '/');
        if (uri.startsWith(prefix)) {
          readSidecar(p).ifPresent(sha -> out.add(new ArtifactRef(uri, sha, sizeOf(p))));
        }
      }
    }
    out.sort(Comparator.comparing(ArtifactRef::uri));
    return out;
  }

  // ---- paths ---------------------------------------------------------------------------------

  /** Syntactic checks: a relative, normalised, '/'-separated path that is not a sidecar or temp name. */
  Path resolve(String uri) {
    if (uri == null || uri.isEmpty()) {
      throw new IllegalArgumentException("artifact URI is empty");
    }
    if (uri.startsWith("/") || uri.contains("\\") || uri.indexOf('\0') >= 0 || uri.matches("^[A-Za-z]:.*")) {
      throw new IllegalArgumentException("artifact URI must be a relative '/'-separated path: '" + uri + "'");
    }
    String[] segments = uri.split("/", -1);
    for (String s : segments) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw new IllegalArgumentException("artifact URI has an empty, '.' or '..' segment: '" + uri + "'");
      }
      if (s.startsWith(TEMP_PREFIX)) {
        throw new IllegalArgumentException("artifact URI segment may not start with '" + TEMP_PREFIX + "': '" + uri + "'");
      }
    }
    if (uri.endsWith(SIDECAR)) {
      throw new IllegalArgumentException("artifact URI may not end with '" + SIDECAR + "' (reserved for checksums)");
    }
    Path p = root.resolve(uri).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      throw new IllegalArgumentException("artifact URI escapes the store root: '" + uri + "'");
    }
    return p;
  }

  /** The directory's real path must lie inside the root's (catches symbolic links that escape). */
  private void checkInside(Path dir) throws IOException {
    Path real = dir.toRealPath();
    if (!real.startsWith(realRoot)) {
      throw new IllegalArgumentException("artifact path " + dir + " resolves outside the store root " + realRoot);
    }
  }

  /**
   * Creates {@code dir} (inside the root, see {@link #resolve}) one level at a time, checking every
   * level that exists before going below it: a symbolic link inside the root that leads out (e.g.
   * {@code escape -> /etc} for the URI {@code escape/a/b/x}) is refused before any folder is made
   * behind it. ({@link Files#createDirectories} would create {@code /etc/a/b} first and a check
   * afterwards would be too late.)
   */
  private void createDirectoriesInside(Path dir) throws IOException {
    Path current = root;
    for (Path segment : root.relativize(dir)) {
      current = current.resolve(segment);
      if (Files.isSymbolicLink(current) && !Files.exists(current)) {
        throw new IllegalArgumentException("artifact path " + current + " is a symbolic link to nothing; refused");
      }
      if (!Files.exists(current)) {
        try {
          Files.createDirectory(current); // its parent was checked to be inside the root
          continue;
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // another writer made it (or a link) meanwhile: check it as an existing level
        }
      }
      checkInside(current);
      if (!Files.isDirectory(current)) {
        throw new java.nio.file.NotDirectoryException(current + " (needed as a folder for an artifact)");
      }
    }
  }

  private static void refuseLink(Path target) {
    if (Files.isSymbolicLink(target)) {
      throw new IllegalArgumentException("artifact " + target + " is a symbolic link; refused");
    }
  }

  // ---- checksums -----------------------------------------------------------------------------

  private static Path sidecarOf(Path target) {
    return target.resolveSibling(target.getFileName() + SIDECAR);
  }

  private static Optional<String> readSidecar(Path target) throws IOException {
    Path side = sidecarOf(target);
    if (!Files.isRegularFile(side, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    String text = Files.readString(side, StandardCharsets.UTF_8).strip();
    String hex = text.split("\\s+", 2)[0];
    if (!HEX64.matcher(hex).matches()) {
      throw new ArtifactIntegrityException(side + " is not a sha256 checksum line");
    }
    return Optional.of(hex);
  }

  private void writeSidecar(Path target, String sha) throws IOException {
    Path dir = target.getParent();
    Path temp = newTemp(dir);
    try {
      byte[] line = (sha + "  " + target.getFileName() + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(line));
        ch.force(true);
      }
      move(temp, sidecarOf(target));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Optional<ArtifactRef> verifiedOrEmpty(String uri, Path target) throws IOException {
    Optional<String> sha = readSidecar(target);
    if (sha.isEmpty()) {
      return Optional.empty();
    }
    String actual = hashFile(target);
    // A corrupt or half-replaced artifact is overwritten by a fresh write, not kept.
    return actual.equals(sha.get()) ? Optional.of(new ArtifactRef(uri, actual, Files.size(target))) : Optional.empty();
  }

  private static String hashFile(Path file) throws IOException {
    MessageDigest d = Sha256.newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /** A temp file in the target's directory (same filesystem, so the rename is atomic), mode 0644. */
  private static Path newTemp(Path dir) throws IOException {
    Path temp = Files.createTempFile(dir, TEMP_PREFIX, ".part");
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX filesystem: keep its default
    }
    return temp;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems cannot open directories for fsync; the renames are still atomic there.
    }
  }
}
