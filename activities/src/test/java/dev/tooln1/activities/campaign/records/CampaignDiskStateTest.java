package dev.tooln1.activities.campaign.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.store.ArtifactRef;
import dev.tooln1.activities.store.LocalArtifactStore;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.CampaignOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End records and what a campaign directory says about how the campaign ended: real files in a temp dir. */
class CampaignDiskStateTest {

  private static final Instant T1 = Instant.parse("2026-11-23T14:19:38.123Z");
  private static final Instant T2 = Instant.parse("2026-11-23T15:02:00Z");

  @TempDir
  Path root;

  private Path dir;
  private LocalArtifactStore store;

  @BeforeEach
  void setUp() throws IOException {
    dir = root.resolve("demo");
    store = new LocalArtifactStore(dir);
  }

  private void checkpoint(int step) throws IOException {
    Files.createDirectories(dir.resolve("checkpoints").resolve(CampaignLayout.stepName(step)));
  }

  @Test
  void aRecordedEndIsWrittenAsJsonWithItsChecksumAndReadBack() throws IOException {
    CampaignEnd end = new CampaignEnd("demo", CampaignOutcome.COMPLETED, 40, T1, null);
    ArtifactRef ref = CampaignEndRecords.write(store, end);

    assertThat(ref.uri()).isEqualTo("status/ended-20261123T141938.123Z.json");
    Path file = dir.resolve(ref.uri());
    assertThat(file.resolveSibling(file.getFileName() + ".sha256")).isRegularFile();
    JsonNode json = Json.parse(Files.readString(file));
    assertThat(json.get("campaign").asText()).isEqualTo("demo");
    assertThat(json.get("phase").asText()).isEqualTo("COMPLETED");
    assertThat(json.get("step").asInt()).isEqualTo(40);
    assertThat(json.get("endedAt").asText()).isEqualTo("2026-11-23T14:19:38.123Z");
    assertThat(json.get("error").isNull()).isTrue();

    checkpoint(0);
    checkpoint(40);
    Files.createDirectories(dir.resolve("metrics"));
    Files.writeString(dir.resolve("metrics/step-000040.json"), "{}");
    assertThat(CampaignDiskState.ended(dir)).contains(end);
  }

  @Test
  void writingTheSameEndAgainIsANoOp() throws IOException {
    CampaignEnd end = new CampaignEnd("demo", CampaignOutcome.FAILED, 3, T1, "campaign demo failed in update at step 3");
    ArtifactRef first = CampaignEndRecords.write(store, end);
    ArtifactRef again = CampaignEndRecords.write(store, end);
    assertThat(again).isEqualTo(first);
    try (var files = Files.list(dir.resolve("status"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ended-20261123T141938.123Z.json", "ended-20261123T141938.123Z.json.sha256");
    }
    assertThat(CampaignDiskState.ended(dir)).get().satisfies(e -> {
      assertThat(e.phase()).isEqualTo(CampaignOutcome.FAILED);
      assertThat(e.error()).isEqualTo("campaign demo failed in update at step 3");
    });
  }

  @Test
  void theNewestEndCounts() throws IOException {
    CampaignEndRecords.write(store, new CampaignEnd("demo", CampaignOutcome.STOPPED, 3, T1, null));
    CampaignEndRecords.write(store, new CampaignEnd("demo", CampaignOutcome.COMPLETED, 5, T2, null));
    checkpoint(5);
    assertThat(CampaignDiskState.ended(dir)).get().satisfies(e -> {
      assertThat(e.phase()).isEqualTo(CampaignOutcome.COMPLETED);
      assertThat(e.step()).isEqualTo(5);
    });
  }

  @Test
  void nothingRecordedOrNoDirectoryTellsNothing() throws IOException {
    checkpoint(4);
    assertThat(CampaignDiskState.ended(dir)).isEmpty();
    assertThat(CampaignDiskState.ended(root.resolve("absent"))).isEmpty();
  }

  @Test
  void workBeyondTheRecordedEndMeansTheCampaignRanOnAfterIt() throws IOException {
    // stopped at step 3, started again, then lost while running (no new end)
    CampaignEndRecords.write(store, new CampaignEnd("demo", CampaignOutcome.STOPPED, 3, T1, null));
    checkpoint(3);
    assertThat(CampaignDiskState.ended(dir)).isPresent();

    Files.createDirectories(dir.resolve("metrics"));
    Files.writeString(dir.resolve("metrics/step-000004.json"), "{}");
    assertThat(CampaignDiskState.newestStep(dir)).isEqualTo(4);
    assertThat(CampaignDiskState.ended(dir)).isEmpty();
  }

  @Test
  void aPrunedCheckpointsTombstoneCountsAsWork() throws IOException {
    CampaignEndRecords.write(store, new CampaignEnd("demo", CampaignOutcome.STOPPED, 3, T1, null));
    Files.createDirectories(dir.resolve("checkpoints"));
    Files.writeString(dir.resolve("checkpoints/step-000006.pruned.json"), "{}");
    assertThat(CampaignDiskState.newestStep(dir)).isEqualTo(6);
    assertThat(CampaignDiskState.ended(dir)).isEmpty();
  }

  @Test
  void aRecordCutShortIsNotThereAndAnOlderOneIsOnlyTrustedIfNoWorkFollowedIt() throws IOException {
    CampaignEndRecords.write(store, new CampaignEnd("demo", CampaignOutcome.STOPPED, 3, T1, null));
    checkpoint(5);
    // the end at step 5 was being written when the machine died: content, no sidecar
    Files.write(dir.resolve(CampaignEndRecords.uri(T2)),
        new CampaignEnd("demo", CampaignOutcome.COMPLETED, 5, T2, null).toJson());
    assertThat(CampaignDiskState.ended(dir)).isEmpty();
  }

  @Test
  void aCorruptOrMalformedNewestRecordTellsNothing() throws IOException {
    CampaignEndRecords.write(store, new CampaignEnd("demo", CampaignOutcome.COMPLETED, 3, T1, null));
    ArtifactRef newest = CampaignEndRecords.write(store, new CampaignEnd("demo", CampaignOutcome.COMPLETED, 3, T2, null));
    Path file = dir.resolve(newest.uri());
    Files.writeString(file, Files.readString(file).replace("COMPLETED", "COMPLETEX"));
    assertThat(CampaignDiskState.ended(dir)).isEmpty();

    Path other = root.resolve("other");
    new LocalArtifactStore(other).put(CampaignEndRecords.uri(T1),
        "{\"campaign\": \"other\", \"phase\": \"DONE\", \"step\": 1, \"endedAt\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(CampaignDiskState.ended(other)).isEmpty();
  }

  @Test
  void malformedRecordsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> CampaignEnd.fromJson("{\"campaign\": \"c\", \"phase\": \"DONE\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'phase'");
    assertThatThrownBy(() -> CampaignEnd.fromJson(("{\"campaign\": \"c\", \"phase\": \"FAILED\", \"step\": 2, "
        + "\"endedAt\": \"yesterday\"}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'endedAt'");
    CampaignEnd end = new CampaignEnd("c", CampaignOutcome.FAILED, 2, T2, "boom");
    assertThat(CampaignEnd.fromJson(end.toJson())).isEqualTo(end);
  }
}
