package dev.tooln1.activities.data;

import dev.tooln1.activities.store.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The three splits, and the deterministic assignment of a record to one by the hash of its id. */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Fractions of train/validation/test; they must be non-negative and sum to 1. */
  public record Fractions(double train, double validation, double test) {
    public Fractions {
      if (train < 0 || validation < 0 || test < 0 || Math.abs(train + validation + test - 1.0) > 1e-9) {
        throw new IllegalArgumentException(
            "split fractions must be >= 0 and sum to 1, got " + train + "/" + validation + "/" + test);
      }
    }

    /**
     * The split of a record id: a uniform number from the id's sha256 compared with the cumulative
     * fractions. Depends only on the id (not the seed or the other records), so a record stays in
     * its split when data is added or the campaign seed changes.
     */
    public Split of(String id) {
      byte[] h = Sha256.newDigest().digest(id.getBytes(StandardCharsets.UTF_8));
      double u = (ByteBuffer.wrap(h).getLong() >>> 11) * 0x1.0p-53;
      if (u < train) {
        return TRAIN;
      }
      return u < train + validation ? VALIDATION : TEST;
    }
  }
}
