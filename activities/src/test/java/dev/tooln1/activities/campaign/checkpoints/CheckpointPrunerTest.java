package dev.tooln1.activities.campaign.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.activities.campaign.CampaignError;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.model.checkpoint.CheckpointStore;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention rules of {@link CheckpointPruner} on checkpoint directories (manifest only). */
class CheckpointPrunerTest {

  @TempDir
  Path dir;

  CheckpointPruner pruner;

  @BeforeEach
  void setUp() {
    pruner = new CheckpointPruner(dir);
  }

  private Path checkpoint(int step) throws Exception {
    Path c = Files.createDirectories(dir.resolve(CampaignLayout.stepName(step)));
    Files.writeString(c.resolve(CheckpointStore.MANIFEST), "{\"sha256\": {\"step\": " + step + "}}\n");
    Files.writeString(c.resolve(CheckpointStore.MODEL), "weights " + step);
    return c;
  }

  private List<String> present() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> CampaignLayout.stepOf(n) >= 0).sorted().toList();
    }
  }

  @Test
  void keepsTheNewestStepZeroMarkedAndReferencedAndPrunesTheRest() throws Exception {
    for (int s = 0; s <= 7; s++) {
      checkpoint(s);
    }
    pruner.markKept(2);
    String sha3 = CheckpointStore.sha256(dir.resolve("step-000003/manifest.json"));

    List<String> pruned = pruner.prune(7, 2, List.of("step-000004"));

    assertThat(pruned).containsExactly("step-000001", "step-000003", "step-000005");
    assertThat(present()).containsExactly("step-000000", "step-000002", "step-000004", "step-000006",
        "step-000007");
    assertThat(pruner.pruned(3)).contains(new ArtifactRef("checkpoints/step-000003", sha3));
    assertThat(pruner.pruned(4)).isEmpty();
    assertThat(dir.resolve("step-000003.pruned.json")).content().contains("\"pruned_after_step\" : 7");
  }

  @Test
  void pruningAgainRemovesNothingMore() throws Exception {
    for (int s = 0; s <= 4; s++) {
      checkpoint(s);
    }
    assertThat(pruner.prune(4, 1, List.of())).containsExactly("step-000001", "step-000002", "step-000003");
    byte[] tomb = Files.readAllBytes(dir.resolve("step-000002.pruned.json"));
    assertThat(pruner.prune(4, 1, List.of())).isEmpty();
    assertThat(present()).containsExactly("step-000000", "step-000004");
    assertThat(Files.readAllBytes(dir.resolve("step-000002.pruned.json"))).isEqualTo(tomb);
  }

  @Test
  void checkpointsNewerThanTheVerifiedOneAreNeverTouched() throws Exception {
    for (int s = 0; s <= 5; s++) {
      checkpoint(s);
    }
    // step 5 exists but is not the one just verified (e.g. written by a duplicate, unverified)
    assertThat(pruner.prune(3, 1, List.of())).containsExactly("step-000001", "step-000002");
    assertThat(present()).containsExactly("step-000000", "step-000003", "step-000004", "step-000005");
  }

  @Test
  void aPruneInterruptedHalfWayIsFinishedNextTime() throws Exception {
    for (int s = 0; s <= 3; s++) {
      checkpoint(s);
    }
    // crashed after moving step 1 aside: a hidden leftover
    Files.move(dir.resolve("step-000001"), dir.resolve(".step-000001.pruning-x"));
    assertThat(pruner.prune(3, 1, List.of())).containsExactly("step-000002");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".pruning-"));
    }
  }

  @Test
  void markedCheckpointsStayAndMarkingIsIdempotent() throws Exception {
    checkpoint(0);
    checkpoint(1);
    checkpoint(2);
    pruner.markKept(1);
    pruner.markKept(1);
    assertThat(pruner.isKept(1)).isTrue();
    assertThat(pruner.prune(2, 1, List.of())).isEmpty();
  }

  @Test
  void anUnreadableTombstoneIsACorruptCheckpointNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("step-000004.pruned.json"), "{not json");
    assertThatThrownBy(() -> pruner.pruned(4)).isInstanceOfSatisfying(CampaignError.class, e -> {
      assertThat(e.kind()).isEqualTo(CampaignError.Kind.CORRUPT_CHECKPOINT);
      assertThat(e.getMessage()).contains("step-000004.pruned.json");
    });
  }

  @Test
  void keepNewestBelowOneIsRefused() {
    assertThatThrownBy(() -> pruner.prune(3, 0, List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
