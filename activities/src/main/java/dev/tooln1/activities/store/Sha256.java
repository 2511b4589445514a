package dev.tooln1.activities.store;

import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 helpers: hex digests of bytes, strings and (uncompressed) data files. */
public final class Sha256 {

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Non-blank lines of a data file (uncompressed), e.g. the records of a JSON Lines file. */
  public static long countLines(Path file) throws IOException {
    long n = 0;
    try (java.io.BufferedReader r = DataFiles.openReader(file)) {
      for (String line; (line = r.readLine()) != null; ) {
        n += line.isBlank() ? 0 : 1;
      }
    }
    return n;
  }

  /** The sha256 of a data file's content, uncompressed if stored as {@code .gz} (as in data/SHA256SUMS). */
  public static String ofDataFile(Path file) throws IOException {
    MessageDigest d = newDigest();
    try (InputStream in = DataFiles.open(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(d.digest());
  }
}
