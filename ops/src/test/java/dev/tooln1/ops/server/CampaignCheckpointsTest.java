package dev.tooln1.ops.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.checkpoint.CheckpointStore;
import dev.tooln1.model.checkpoint.Provenance;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;
import dev.tooln1.model.train.OptimConfig;
import dev.tooln1.model.train.SftTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user may call a checkpoint in {@code tooln1 eval}, resolved against real checkpoint folders. */
class CampaignCheckpointsTest {

  @TempDir
  Path root;

  private Path checkpoints;

  @BeforeEach
  void threeCheckpoints() throws IOException {
    checkpoints = root.resolve("c1/checkpoints");
    CheckpointStore store = new CheckpointStore(checkpoints);
    ModelConfig tiny = ModelConfig.preset("tiny");
    for (int step : new int[] {0, 2, 4}) {
      var trainer = new SftTrainer(Qwen2Weights.random(tiny, step, 0.02),
          new OptimConfig(AdamWConfig.defaults(), LrSchedule.constant(1e-6, 0), 1.0), step);
      store.save(String.format("step-%06d", step), trainer.checkpoint(new Provenance("c1", "x", "", "test")));
    }
  }

  private void report(String name, int step, String set, double accuracy) throws IOException {
    Files.createDirectories(root.resolve("c1/eval"));
    Files.writeString(root.resolve("c1/eval").resolve(name), "{\"step\": " + step + ", \"set\": \"" + set
        + "\", \"accuracy\": " + accuracy + "}");
  }

  @Test
  void everySpellingOfAStepResolvesToTheVerifiedCheckpointWithItsManifestSha() throws IOException {
    CampaignCheckpoints c = new CampaignCheckpoints(root, "c1");
    String sha = CheckpointStore.sha256(checkpoints.resolve("step-000002/manifest.json"));
    for (String name : new String[] {"2", "step-000002", "checkpoints/step-000002", "c1/checkpoints/step-000002",
        root.resolve("c1/checkpoints/step-000002").toString() + "/"}) {
      CampaignCheckpoints.Resolved r = c.resolve(name);
      assertThat(r.step()).as(name).isEqualTo(2);
      assertThat(r.ref().uri()).isEqualTo("checkpoints/step-000002");
      assertThat(r.ref().sha256()).isEqualTo(sha);
    }
    assertThat(c.steps()).containsExactly(0, 2, 4);
  }

  @Test
  void latestSkipsACorruptNewestCheckpointAndNamingItSaysWhichFileIsBad() throws IOException {
    CampaignCheckpoints c = new CampaignCheckpoints(root, "c1");
    assertThat(c.resolve("latest").step()).isEqualTo(4);
    Path weights = checkpoints.resolve("step-000004/model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 1] ^= 1;
    Files.write(weights, bytes);
    assertThat(c.resolve("latest").step()).isEqualTo(2);
    assertThatThrownBy(() -> c.resolve("4")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not verify").hasMessageContaining("model.safetensors");
  }

  @Test
  void aMissingStepListsTheStepsThereAre() {
    assertThatThrownBy(() -> new CampaignCheckpoints(root, "c1").resolve("3"))
        .hasMessage("campaign c1 has no checkpoint of step 3 (there are steps 0, 2, 4)");
    assertThatThrownBy(() -> new CampaignCheckpoints(root, "c1").resolve("newest"))
        .hasMessageContaining("expected latest, best, a step number");
  }

  @Test
  void bestIsTheHighestHeldOutEvaluationOfACheckpointStillOnDisk() throws IOException {
    CampaignCheckpoints c = new CampaignCheckpoints(root, "c1");
    assertThatThrownBy(() -> c.resolve("best")).hasMessageContaining("no evaluated checkpoint");
    report("step-2-step-000002.json", 2, "campaign", 0.5);
    report("adhoc-step-000004.json", 4, "heldout", 0.25);
    report("adhoc-bfcl-step-000004.json", 4, "bfcl", 0.9); // another benchmark does not count
    report("step-3-step-000003.json", 3, "campaign", 0.99); // pruned: not on disk
    assertThat(c.resolve("best").step()).isEqualTo(2);
    report("adhoc-step-000000.json", 0, "heldout", 0.5); // a tie goes to the later step
    assertThat(c.resolve("best").step()).isEqualTo(2);
  }
}
