package dev.tooln1.activities.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tooln1.activities.campaign.prompts.TokenizerCache;
import dev.tooln1.activities.store.ArtifactConflictException;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker reads a campaign's inputs only inside its data roots, and the data spec from the copy
 * recorded in the campaign directory at start.
 */
class DataRootsTest {

  @TempDir
  Path tmp;

  @Test
  void pathsAreCheckedAfterFollowingLinks() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(root.resolve("link"), outside);
    DataRoots roots = DataRoots.of(List.of(root));

    Path inside = Files.writeString(root.resolve("x.json"), "{}");
    assertThat(roots.check("f", inside)).isEqualTo(inside);
    assertThat(roots.check("f", root.resolve("not/yet/there.json"))).isNotNull();
    CampaignError viaLink = catchThrowableOfType(CampaignError.class, () -> roots.check("f", root.resolve("link/secret")));
    assertThat(viaLink.kind()).isEqualTo(CampaignError.Kind.INVALID_CONFIG);
    assertThat(viaLink.getMessage()).startsWith("f: " + root.resolve("link/secret") + " (really ")
        .contains("is outside this worker's data roots (" + root.toRealPath() + ")").contains("--data-root");
    assertThatThrownBy(() -> roots.check("f", root.resolve("../outside/secret")))
        .hasMessageContaining("outside this worker's data roots");
    assertThatThrownBy(() -> roots.check("f", Path.of("/etc/passwd"))).hasMessageStartingWith("f: /etc/passwd is outside");
    assertThat(DataRoots.unrestricted().check("f", Path.of("/etc/passwd"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(DataRoots.defaults(tmp.resolve("campaigns"), List.of()).roots())
        .contains(dev.tooln1.reward.io.DataFiles.projectRoot().resolve("data").toRealPath());
  }

  /** A spec whose data spec reads a ToolACE file at {@code input}. */
  private ArtifactRef campaignReading(Path campaigns, String id, Path input) throws Exception {
    Path specDir = Files.createDirectories(tmp.resolve("specs-" + id));
    Path dataSpec = Files.writeString(specDir.resolve("data.yaml"),
        "sources: [{type: toolace, path: " + input + "}]\nsplit: {train: 0.8, validation: 0.2, test: 0}\n");
    return TinyCampaign.write(campaigns, id, TinyCampaign.spec(dataSpec, 0, 1));
  }

  @Test
  void dataSpecInputsOutsideTheRootsAreRefusedNamingThePathAndTheRoots() throws Exception {
    Path campaigns = tmp.resolve("campaigns");
    Path input = Files.createDirectories(tmp.resolve("elsewhere")).resolve("toolace.jsonl");
    Files.writeString(input, "");
    ArtifactRef config = campaignReading(campaigns, "c", input);
    DataRoots defaults = DataRoots.defaults(campaigns, List.of());
    CampaignRuntime rt = CampaignRuntime.open(new CampaignLayout(campaigns, "c"), config, new TokenizerCache(), defaults);
    CampaignError e = catchThrowableOfType(CampaignError.class, () -> new DataService(new WorkLog()).prepare(rt, Progress.NONE));
    assertThat(e.kind()).isEqualTo(CampaignError.Kind.INVALID_CONFIG);
    assertThat(e.getMessage()).contains("data-spec.json: sources[0].path: " + input)
        .contains("is outside this worker's data roots (" + defaults.describe() + ")");
    assertThat(e.getMessage().lines()).hasSize(1);

    // With the folder as a root the file is read (it holds no task, which is the next complaint).
    DataRoots wider = DataRoots.defaults(campaigns, List.of(input.getParent()));
    CampaignRuntime rt2 = CampaignRuntime.open(new CampaignLayout(campaigns, "c"), config, new TokenizerCache(), wider);
    assertThatThrownBy(() -> new DataService(new WorkLog()).prepare(rt2, Progress.NONE))
        .isInstanceOf(CampaignError.class).hasMessageNotContaining("data roots").hasMessageContaining("is empty");
  }

  @Test
  void vendoredEscapesAreRefusedEvenWithoutConfinement() throws Exception {
    Path campaigns = tmp.resolve("campaigns");
    // Written as a spec a worker would find (the record skips invalid specs, so the worker reads the file).
    Path specDir = Files.createDirectories(tmp.resolve("specs"));
    Path dataSpec = Files.writeString(specDir.resolve("data.yaml"),
        "sources: [{type: toolace, path: 'vendored:../../../../etc/passwd'}]\n");
    ArtifactRef config = TinyCampaign.write(campaigns, "v", TinyCampaign.spec(dataSpec, 0, 1));
    CampaignRuntime rt = CampaignRuntime.open(new CampaignLayout(campaigns, "v"), config, new TokenizerCache());
    assertThatThrownBy(() -> new DataService(new WorkLog()).prepare(rt, Progress.NONE))
        .isInstanceOf(CampaignError.class).hasMessageContaining("sources[0].path")
        .hasMessageContaining("leaves the project's data folder");
  }

  @Test
  void aTokenizerOrCheckpointOutsideTheRootsStopsTheRuntimeFromOpening() throws Exception {
    Path campaigns = tmp.resolve("campaigns");
    Path dataSpec = TinyCampaign.dataSpec(tmp.resolve("specs"));
    Path tok = Files.createDirectories(tmp.resolve("tok"));
    Files.writeString(tok.resolve("tokenizer.json"), "{}");
    CampaignSpec base = TinyCampaign.spec(dataSpec, 0, 1);
    CampaignSpec withTok = new CampaignSpec(base.name(), base.description(), base.seed(),
        new CampaignSpec.Model("tiny", null, tok.toString(), true), base.data(), base.reward(), base.promptFormat(),
        base.sft(), base.grpo(), base.schedule(), base.evaluation(), base.guard(), base.compute());
    ArtifactRef config = TinyCampaign.write(campaigns, "t", withTok);
    CampaignLayout layout = new CampaignLayout(campaigns, "t");
    assertThatThrownBy(() -> CampaignRuntime.open(layout, config, new TokenizerCache(), DataRoots.defaults(campaigns, List.of())))
        .isInstanceOf(CampaignError.class).hasMessageStartingWith("model.tokenizer: " + tok)
        .hasMessageContaining("outside this worker's data roots");
    assertThat(CampaignRuntime.open(layout, config, new TokenizerCache(), DataRoots.defaults(campaigns, List.of(tok)))
        .tokenizerLocation()).isEqualTo(tok);

    Path ckpt = Files.createDirectories(tmp.resolve("ckpt"));
    Files.writeString(ckpt.resolve("config.json"), "{}");
    Files.writeString(ckpt.resolve("model.safetensors"), "x");
    CampaignSpec withCkpt = new CampaignSpec(base.name(), base.description(), base.seed(),
        new CampaignSpec.Model(null, ckpt.toString(), "vendored:qwen2.5", false), base.data(), base.reward(),
        base.promptFormat(), base.sft(), base.grpo(), base.schedule(), base.evaluation(), base.guard(), base.compute());
    ArtifactRef ckptConfig = TinyCampaign.write(campaigns, "k", withCkpt);
    assertThatThrownBy(() -> CampaignRuntime.open(new CampaignLayout(campaigns, "k"), ckptConfig, new TokenizerCache(),
        DataRoots.defaults(campaigns, List.of())))
        .isInstanceOf(CampaignError.class).hasMessageStartingWith("model.checkpoint: " + ckpt);
  }

  @Test
  void theDataSpecIsRecordedAtStartAndReadFromTheCampaignDirectory() throws Exception {
    Path campaigns = tmp.resolve("campaigns");
    Path dataSpec = TinyCampaign.dataSpec(tmp.resolve("specs"));
    ArtifactRef config = TinyCampaign.write(campaigns, "r", TinyCampaign.spec(dataSpec, 0, 1));
    Path recorded = campaigns.resolve("r").resolve(CampaignLayout.DATA_SPEC);
    assertThat(recorded).exists();
    assertThat(campaigns.resolve("r").resolve(CampaignLayout.DATA_SPEC + ".sha256")).exists();
    String original = Files.readString(dataSpec);
    Files.delete(dataSpec); // the worker no longer needs the user's file
    CampaignRuntime rt = CampaignRuntime.open(new CampaignLayout(campaigns, "r"), config, new TokenizerCache(),
        DataRoots.defaults(campaigns, List.of()));
    assertThat(new DataService(new WorkLog()).prepare(rt, Progress.NONE).trainExamples()).isPositive();

    // Another version of the spec for the same campaign is refused: its data came from the first.
    Files.writeString(dataSpec, original.replace("count: 160", "count: 161"));
    assertThatThrownBy(() -> CampaignFiles.writeDataSpec(campaigns.resolve("r"), dataSpec))
        .isInstanceOf(ArtifactConflictException.class);
    Files.writeString(dataSpec, original);
    assertThat(CampaignFiles.writeDataSpec(campaigns.resolve("r"), dataSpec).uri()).isEqualTo(CampaignLayout.DATA_SPEC);
  }

  @Test
  void recordedSourcePathsAreAbsolute() throws Exception {
    Path specDir = Files.createDirectories(tmp.resolve("s"));
    Path spec = Files.writeString(specDir.resolve("d.yaml"), """
        sources:
          - {type: xlam, path: sub/x.json}
          - {type: toolace, path: vendored:toolace-sample/toolace_sample.jsonl}
        """);
    CampaignFiles.writeDataSpec(tmp.resolve("camp"), spec);
    var loaded = dev.tooln1.activities.data.prepare.DataSpec.load(tmp.resolve("camp").resolve(CampaignLayout.DATA_SPEC));
    assertThat(loaded.sources().get(0).path()).isEqualTo(specDir.resolve("sub/x.json").toString());
    assertThat(loaded.sources().get(1).path()).isEqualTo("vendored:toolace-sample/toolace_sample.jsonl");
    assertThat(loaded).isEqualTo(dev.tooln1.activities.data.prepare.DataSpec.load(spec).withAbsolutePaths(specDir));
  }
}
