package dev.tooln1.activities.campaign.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.model.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-use markers of {@link CheckpointLeases} and how {@link CheckpointPruner} honours them. */
class CheckpointLeasesTest {

  @TempDir
  Path dir;

  CheckpointLeases leases;
  CheckpointPruner pruner;

  @BeforeEach
  void setUp() {
    leases = new CheckpointLeases(dir);
    pruner = new CheckpointPruner(dir, leases);
  }

  private void checkpoint(int step) throws Exception {
    Path c = Files.createDirectories(dir.resolve(CampaignLayout.stepName(step)));
    Files.writeString(c.resolve(CheckpointStore.MANIFEST), "{\"sha256\": {\"step\": " + step + "}}\n");
  }

  private static void age(Path file, Duration by) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(by)));
  }

  @Test
  void aCheckpointInUseIsSkippedAndPrunedOnceItsLeaseCloses() throws Exception {
    for (int s = 0; s <= 3; s++) {
      checkpoint(s);
    }
    try (CheckpointLeases.Lease lease = leases.acquire(1, "eval-scheduled-step-1")) {
      assertThat(lease.marker().getFileName().toString()).startsWith("step-000001.inuse-eval-scheduled-step-1.");
      assertThat(leases.holders(1)).hasSize(1);
      assertThat(pruner.prune(3, 1, List.of())).containsExactly("step-000002");
      assertThat(dir.resolve("step-000001")).isDirectory();
      assertThat(dir.resolve("step-000001.pruned.json")).doesNotExist();
    }
    assertThat(leases.inUse(1)).isFalse();
    assertThat(pruner.prune(3, 1, List.of())).containsExactly("step-000001");
    assertThat(dir.resolve("step-000001")).doesNotExist();
  }

  @Test
  void twoReadersOfOneCheckpointHoldSeparateMarkers() throws Exception {
    checkpoint(0);
    checkpoint(1);
    checkpoint(2);
    CheckpointLeases.Lease a = leases.acquire(1, "eval-x");
    CheckpointLeases.Lease b = leases.acquire(1, "eval-x");
    a.close();
    assertThat(pruner.prune(2, 1, List.of())).isEmpty();
    b.close();
    assertThat(pruner.prune(2, 1, List.of())).containsExactly("step-000001");
  }

  @Test
  void aStaleMarkerNoLongerProtectsAndIsRemoved() throws Exception {
    checkpoint(0);
    checkpoint(1);
    checkpoint(2);
    CheckpointLeases.Lease lease = leases.acquire(1, "killed-worker");
    age(lease.marker(), CheckpointLeases.DEFAULT_STALE_AFTER.plusMinutes(1));
    assertThat(leases.inUse(1)).isFalse();
    assertThat(pruner.prune(2, 1, List.of())).containsExactly("step-000001");
    assertThat(lease.marker()).doesNotExist();
  }

  @Test
  void aReaderWaitsForAPruneInProgressAndThenFindsTheCheckpointGone() throws Exception {
    checkpoint(1);
    CompletableFuture<CheckpointLeases.Lease> reader;
    try (CheckpointLeases.Claim claim = leases.claim(1)) {
      assertThat(claim).isNotNull();
      reader = CompletableFuture.supplyAsync(() -> {
        try {
          return leases.acquire(1, "eval");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(300);
      assertThat(reader).as("the reader waits while the pruner holds its claim").isNotDone();
      Files.move(dir.resolve("step-000001"), dir.resolve(".step-000001.pruning-t"));
    }
    try (CheckpointLeases.Lease lease = reader.get(5, TimeUnit.SECONDS)) {
      assertThat(dir.resolve("step-000001")).doesNotExist();
    }
  }

  @Test
  void aPrunerLeavesACheckpointThatAnotherPrunerHasClaimed() throws Exception {
    checkpoint(0);
    checkpoint(1);
    checkpoint(2);
    try (CheckpointLeases.Claim claim = leases.claim(1)) {
      assertThat(leases.claim(1)).isNull();
      assertThat(pruner.prune(2, 1, List.of())).isEmpty();
    }
  }

  @Test
  void aClaimLeftByACrashedPrunerBlocksNeitherReadersNorTheNextPrune() throws Exception {
    checkpoint(0);
    checkpoint(1);
    checkpoint(2);
    Path claim = dir.resolve("step-000001" + CheckpointLeases.CLAIM_SUFFIX);
    Files.writeString(claim, "pruning since long ago\n");
    age(claim, CheckpointLeases.CLAIM_STALE_AFTER.plusSeconds(5));
    CompletableFuture<Void> read = CompletableFuture.runAsync(() -> {
      try {
        leases.acquire(1, "eval").close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    read.get(5, TimeUnit.SECONDS);
    assertThat(pruner.prune(2, 1, List.of())).containsExactly("step-000001");
    assertThat(claim).doesNotExist();
  }
}
