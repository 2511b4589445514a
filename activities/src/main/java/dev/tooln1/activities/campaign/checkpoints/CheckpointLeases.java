package dev.tooln1.activities.campaign.checkpoints;

import dev.tooln1.activities.campaign.CampaignLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Who is reading a step checkpoint, so that {@link CheckpointPruner} never removes it under them.
 *
 * <p>A reader (an evaluation) writes {@code step-NNNNNN.inuse-<holder>} beside the checkpoint before
 * it loads it and removes it when done; the pruner skips a checkpoint with such a marker. Markers
 * older than {@code staleAfter} (a reader killed with -9 leaves its marker) are ignored and removed;
 * a long reader keeps its marker fresh with {@link Lease#refresh()}.
 *
 * <p>Why this is race-free without a lock service: before it looks for markers, the pruner creates
 * {@code step-NNNNNN.prune-claim} (create-new, so one pruner at a time) and keeps it until the
 * checkpoint is moved away; after writing its marker, a reader waits while a claim exists. Either
 * the pruner's look comes after the marker was written (it sees the marker and skips), or it came
 * before, and then the claim existed before the reader's wait began: the reader waits until the
 * pruner is done and finds the checkpoint gone (a clear "was pruned" error), never half-deleted. A
 * claim older than {@link #CLAIM_STALE_AFTER} is one a crashed pruner left; readers ignore it and the
 * next prune replaces it.
 */
public final class CheckpointLeases {

  static final String IN_USE_INFIX = ".inuse-";
  static final String CLAIM_SUFFIX = ".prune-claim";
  /** Default age after which an in-use marker no longer protects its checkpoint. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofHours(6);
  /** A pruner holds its claim for milliseconds; one this old was left by a crash. */
  static final Duration CLAIM_STALE_AFTER = Duration.ofMinutes(1);
  private static final long CLAIM_POLL_MILLIS = 20;
  /** A held lease touches its marker at most this often. */
  private static final Duration REFRESH_EVERY = Duration.ofMinutes(1);

  private final Path dir;
  private final Duration staleAfter;
  private final Clock clock;

  /** @param checkpointsDir the campaign's {@code checkpoints/} directory */
  public CheckpointLeases(Path checkpointsDir) {
    this(checkpointsDir, DEFAULT_STALE_AFTER, Clock.systemUTC());
  }

  public CheckpointLeases(Path checkpointsDir, Duration staleAfter, Clock clock) {
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
    }
    this.dir = checkpointsDir;
    this.staleAfter = staleAfter;
    this.clock = clock;
  }

  /** A reader's hold on one checkpoint; closing it lets the checkpoint be pruned again. */
  public final class Lease implements AutoCloseable {
    private final Path marker;
    private volatile long refreshedAt;

    private Lease(Path marker) {
      this.marker = marker;
      this.refreshedAt = clock.millis();
    }

    public Path marker() {
      return marker;
    }

    /** Keeps the marker from going stale during a long read (cheap: touches it once a minute). */
    public void refresh() {
      long now = clock.millis();
      if (now - refreshedAt < REFRESH_EVERY.toMillis()) {
        return;
      }
      refreshedAt = now;
      try {
        Files.setLastModifiedTime(marker, FileTime.fromMillis(now));
      } catch (IOException e) {
        // the marker was removed as stale (or the directory is gone): nothing left to protect
      }
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(marker);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + marker + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Marks checkpoint {@code step} in use by {@code holder} and waits out a prune in progress. After
   * this returns the checkpoint either exists and stays until the lease is closed, or is gone
   * (pruned before the lease was taken: loading it then fails naming its tombstone).
   *
   * @param holder who reads it (e.g. the evaluation's label); made unique per lease
   */
  public Lease acquire(int step, String holder) throws IOException {
    Files.createDirectories(dir);
    String safe = holder.replaceAll("[^A-Za-z0-9._-]", "_");
    Path marker = dir.resolve(CampaignLayout.stepName(step) + IN_USE_INFIX + safe + "."
        + UUID.randomUUID().toString().substring(0, 8));
    Path tmp = dir.resolve("." + marker.getFileName() + ".tmp");
    Files.writeString(tmp, "in use since " + clock.instant() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
    Lease lease = new Lease(marker);
    try {
      awaitNoClaim(step);
    } catch (InterruptedException e) {
      lease.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checkpoint " + CampaignLayout.stepName(step)
          + " was being pruned", e);
    }
    return lease;
  }

  private void awaitNoClaim(int step) throws InterruptedException {
    Path claim = claimPath(step);
    while (true) {
      Long age = ageMillis(claim);
      if (age == null || age > CLAIM_STALE_AFTER.toMillis()) {
        return;
      }
      Thread.sleep(CLAIM_POLL_MILLIS);
    }
  }

  /** The holders of fresh markers of checkpoint {@code step} (stale ones are not counted). */
  public List<String> holders(int step) throws IOException {
    String prefix = CampaignLayout.stepName(step) + IN_USE_INFIX;
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Long age = ageMillis(p);
        if (age != null && age <= staleAfter.toMillis()) {
          out.add(p.getFileName().toString().substring(prefix.length()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  public boolean inUse(int step) throws IOException {
    return !holders(step).isEmpty();
  }

  /**
   * The pruner's claim on checkpoint {@code step} (see the class comment), or null when another
   * pruner holds a live one. Close it once the checkpoint was moved away (or left alone).
   */
  Claim claim(int step) throws IOException {
    Path claim = claimPath(step);
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        Files.writeString(claim, "pruning since " + clock.instant() + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return () -> Files.deleteIfExists(claim);
      } catch (FileAlreadyExistsException e) {
        Long age = ageMillis(claim);
        if (age != null && age <= CLAIM_STALE_AFTER.toMillis()) {
          return null;
        }
        Files.deleteIfExists(claim); // left by a crashed pruner
      }
    }
    return null;
  }

  /** A pruner's claim on one checkpoint. */
  interface Claim extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** Removes stale markers and claims; returns their names. */
  public List<String> removeStale() throws IOException {
    List<String> removed = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return removed;
    }
    List<Path> candidates;
    try (Stream<Path> s = Files.list(dir)) {
      candidates = s.filter(p -> {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && (n.contains(IN_USE_INFIX) || n.endsWith(CLAIM_SUFFIX));
      }).toList();
    }
    for (Path p : candidates) {
      long limit = p.getFileName().toString().endsWith(CLAIM_SUFFIX)
          ? CLAIM_STALE_AFTER.toMillis() : staleAfter.toMillis();
      Long age = ageMillis(p);
      if (age != null && age > limit && Files.deleteIfExists(p)) {
        removed.add(p.getFileName().toString());
      }
    }
    removed.sort(null);
    return removed;
  }

  private Path claimPath(int step) {
    return dir.resolve(CampaignLayout.stepName(step) + CLAIM_SUFFIX);
  }

  /** Milliseconds since the file was last modified, or null when it does not exist. */
  private Long ageMillis(Path p) {
    try {
      return clock.millis() - Files.getLastModifiedTime(p).toMillis();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
