package dev.tooln1.ops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.ops.testing.Cli;
import dev.tooln1.reward.io.DataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run needs on disk, checked by validate and start before anything starts. */
class CampaignInputsTest {

  private final CampaignSpecLoader loader = new CampaignSpecLoader(List.of("tooln1"));
  private final Path examples = DataFiles.projectRoot().resolve("examples");

  @TempDir
  Path dir;

  private List<String> problems(String yaml) throws Exception {
    Path config = dir.resolve("c.yaml");
    Files.writeString(config, yaml);
    CampaignSpec spec = loader.load(config);
    return CampaignInputs.problems(spec, config);
  }

  private Path synthetic() throws Exception {
    return Files.writeString(dir.resolve("data.yaml"), "sources: [{type: synthetic, count: 10}]\n");
  }

  @Test
  void thePaperRecipeNamesExactlyTheFilesTheUserSupplies() throws Exception {
    Path xlam = examples.resolve("data/xlam_function_calling_60k.json");
    assumeThat(Files.exists(xlam) || Files.exists(Path.of("/models/Qwen2.5-7B-Instruct")))
        .as("this machine has the paper's inputs").isFalse();
    Cli.Result r = Cli.run("campaign", "validate", "--config", examples.resolve("paper-tool-n1-7b.yaml").toString());
    assertThat(r.code()).isEqualTo(2);
    List<String> lines = r.err().lines().toList();
    assertThat(lines.get(0)).endsWith("paper-tool-n1-7b.yaml: 2 problems:");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).isEqualTo("  - model.checkpoint: /models/Qwen2.5-7B-Instruct does not exist: supply this "
        + "Hugging Face checkpoint folder (config.json and model.safetensors, or model.safetensors.index.json with its shards)");
    assertThat(lines.get(2)).isEqualTo("  - data.spec " + examples.resolve("data/toolace-xlam.yaml") + ": sources[1] (xlam): "
        + xlam + " (nor .gz) does not exist: supply this file (see the data spec's comments)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theOtherShippedExamplesHaveEverythingTheyNeed() throws Exception {
    for (String name : new String[] {"demo.yaml", "tiny-full-vocab.yaml"}) {
      Path config = examples.resolve(name);
      assertThat(CampaignInputs.problems(loader.load(config), config)).as(name).isEmpty();
      Cli.Result r = Cli.run("campaign", "validate", "--config", config.toString());
      assertThat(r.code()).as(name + ": " + r.err()).isZero();
      assertThat(r.out()).contains(": ok");
    }
  }

  @Test
  void aCompleteCheckpointFolderAndItsTokenizerPass() throws Exception {
    Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
    Files.writeString(ckpt.resolve("config.json"), "{}");
    Files.writeString(ckpt.resolve("model.safetensors"), "x");
    Files.writeString(ckpt.resolve("tokenizer.json"), "{}");
    synthetic();
    assertThat(problems("name: a\nmodel: {checkpoint: ckpt, tokenizer: ckpt}\ndata: {spec: data.yaml}\n")).isEmpty();
    assertThat(problems("name: a\nmodel: {checkpoint: " + ckpt + ", tokenizer: " + ckpt.resolve("tokenizer.json")
        + "}\ndata: {spec: " + dir.resolve("data.yaml") + "}\n")).isEmpty();
  }

  @Test
  void anIncompleteCheckpointFolderSaysWhatIsMissing() throws Exception {
    Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
    synthetic();
    assertThat(problems("name: a\nmodel: {checkpoint: ckpt}\ndata: {spec: data.yaml}\n")).containsExactly(
        "model.checkpoint: " + ckpt + " is not a complete Hugging Face checkpoint folder: no config.json; "
            + "no weights (model.safetensors or model.safetensors.index.json)");
    Files.writeString(ckpt.resolve("config.json"), "{}");
    Files.writeString(ckpt.resolve("model.safetensors.index.json"),
        "{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", \"b\": \"model-00002-of-00002.safetensors\"}}");
    Files.writeString(ckpt.resolve("model-00001-of-00002.safetensors"), "x");
    assertThat(problems("name: a\nmodel: {checkpoint: ckpt}\ndata: {spec: data.yaml}\n")).containsExactly(
        "model.checkpoint: " + ckpt + " is not a complete Hugging Face checkpoint folder: "
            + "no model-00002-of-00002.safetensors (named by model.safetensors.index.json)");
  }

  @Test
  void missingDataSpecTokenizerAndInputsAreEachOneLine() throws Exception {
    assertThat(problems("name: a\nmodel: {preset: tiny, tokenizer: tok/tokenizer.json}\ndata: {spec: nope.yaml}\n"))
        .containsExactly(
            "model.tokenizer: " + Path.of("tok/tokenizer.json").toAbsolutePath()
                + " does not exist: supply a tokenizer.json or a folder holding one",
            "data.spec: " + Path.of("nope.yaml").toAbsolutePath() + " does not exist");
    Files.writeString(dir.resolve("data.yaml"), """
        sources:
          - {type: toolace, path: 'vendored:../../../../etc/passwd'}
          - {type: xlam, path: mine/xlam.json}
          - {type: bfcl, path: vendored:bfcl, categories: [simple_python]}
        """);
    List<String> p = problems("name: a\nmodel: {preset: tiny, tokenizer: 'vendored:../../../etc'}\ndata: {spec: data.yaml}\n");
    assertThat(p).hasSize(2);
    assertThat(p.get(0)).startsWith("model.tokenizer: vendored:../../../etc leaves the project's data folder");
    assertThat(p.get(1)).startsWith("data.spec: ").contains("sources[0].path: vendored:../../../../etc/passwd leaves the project's data folder");
    Files.writeString(dir.resolve("data.yaml"), "sources: [{type: xlam, path: mine/xlam.json}]\n");
    assertThat(problems("name: a\nmodel: {preset: tiny}\ndata: {spec: data.yaml}\n")).containsExactly(
        "data.spec " + dir.resolve("data.yaml") + ": sources[0] (xlam): " + dir.resolve("mine/xlam.json")
            + " (nor .gz) does not exist: supply this file (see the data spec's comments)");
    Files.createDirectories(dir.resolve("mine"));
    Files.writeString(dir.resolve("mine/xlam.json.gz"), "");
    assertThat(problems("name: a\nmodel: {preset: tiny}\ndata: {spec: data.yaml}\n")).isEmpty();
  }

  @Test
  void startRefusesBeforeAnythingStartsWhenAFileIsMissing() throws Exception {
    Path config = dir.resolve("c.yaml");
    Files.writeString(config, "name: a\nmodel: {preset: tiny}\ndata: {spec: missing.yaml}\n");
    // No server runs: the check comes before any connection is tried.
    Cli.Result r = Cli.run("campaign", "start", "--config", config.toString(), "--campaigns", dir.resolve("c").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("1 problem:").contains("data.spec: ").contains("missing.yaml does not exist")
        .doesNotContain("Exception");
    assertThat(dir.resolve("c/a")).doesNotExist();
  }
}
