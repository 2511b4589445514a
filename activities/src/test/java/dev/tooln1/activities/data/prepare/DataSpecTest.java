package dev.tooln1.activities.data.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.reward.io.DataFiles;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSpecTest {

  @TempDir
  Path dir;

  private DataSpec load(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return DataSpec.load(f);
  }

  @Test
  void yamlAndJsonSpecsMeanTheSame() throws Exception {
    DataSpec yaml = load("s.yaml", """
        seed: 3
        sources:
          - {type: toolace, path: t.jsonl, limit: 10}
          - type: synthetic
            count: 5
            mix: {single: 1}
        augment: {irrelevance_fraction: 0.2}
        split: {train: 0.8, validation: 0.1, test: 0.1}
        """);
    DataSpec json = load("s.json", """
        {"seed": 3, "sources": [{"type": "toolace", "path": "t.jsonl", "limit": 10},
          {"type": "synthetic", "count": 5, "mix": {"single": 1}}],
         "augment": {"irrelevance_fraction": 0.2}, "split": {"train": 0.8, "validation": 0.1, "test": 0.1}}
        """);
    assertThat(yaml).isEqualTo(json);
    assertThat(yaml.filters()).isEqualTo(new DataSpec.Filters(true, true, true));
    assertThat(yaml.shardSize()).isEqualTo(10_000);
    assertThat(yaml.augment().maskFraction()).isZero();
    assertThat(yaml.sources().get(1).mix().toMix().nested()).isZero();
  }

  @Test
  void defaultsAndPathResolution() throws Exception {
    DataSpec s = load("d.yaml", "sources: [{type: xlam, path: sub/x.json}, {type: bfcl, path: vendored:bfcl, categories: [simple_python]}]");
    assertThat(s.seed()).isZero();
    assertThat(s.split().toFractions().train()).isEqualTo(0.9);
    assertThat(s.sources().get(0).resolvePath(dir)).isEqualTo(dir.resolve("sub/x.json"));
    assertThat(s.sources().get(1).resolvePath(dir)).isEqualTo(DataFiles.vendored("bfcl"));
    assertThat(s.sources().get(1).displayName()).isEqualTo("bfcl");
  }

  @Test
  void unknownFieldsNameTheFileLineAndField() {
    assertThatThrownBy(() -> load("u.yaml", "seed: 1\nsources:\n  - type: toolace\n    pth: x\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("u.yaml (near line ").hasMessageContaining("unknown field 'pth' at sources[0].pth")
        .hasMessageContaining("known: categories, count");
    assertThatThrownBy(() -> load("b.json", "{\"seed\": \"x\"}"))
        .hasMessageContaining("b.json (near line 1)").hasMessageContaining("seed");
    assertThatThrownBy(() -> load("c.yaml", "sources: [\n")).hasMessageContaining("c.yaml");
  }

  @Test
  void validationErrorsNameTheField() {
    assertThatThrownBy(() -> load("a.yaml", "sources: []")).hasMessageContaining("'sources' is empty");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: alpaca, path: x}]"))
        .hasMessageContaining("sources[0].type").hasMessageContaining("alpaca");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: toolace}]")).hasMessageContaining("sources[0].path");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: bfcl, path: x}]"))
        .hasMessageContaining("sources[0].categories");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: synthetic}]")).hasMessageContaining("count");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: synthetic, count: 1}, {type: synthetic, count: 2}]"))
        .hasMessageContaining("sources[1].name");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: toolace, path: x, count: 3}]"))
        .hasMessageContaining("only to synthetic");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: toolace, path: x}]\nsplit: {train: 0.5}"))
        .hasMessageContaining("split").hasMessageContaining("sum to 1");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: toolace, path: x}]\naugment: {mask_fraction: 2}"))
        .hasMessageContaining("augment.mask_fraction");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: toolace, path: x, limit: -1}]"))
        .hasMessageContaining("sources[0].limit");
    assertThatThrownBy(() -> load("a.yaml", "sources: [{type: synthetic, count: 3, mix: {single: 0}}]"))
        .hasMessageContaining("sources[0].mix");
    assertThatThrownBy(() -> DataSpec.load(dir.resolve("missing.yaml"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void vendoredPathsStayInsideTheProjectsDataFolder() throws Exception {
    for (String bad : new String[] {"vendored:../../../../etc/passwd", "vendored:/etc/passwd",
        "vendored:bfcl/../../pom.xml"}) {
      assertThatThrownBy(() -> load("v.yaml", "sources: [{type: toolace, path: '" + bad + "'}]"))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sources[0].path").hasMessageContaining("leaves the project's data folder");
    }
    // A spec built in code skips load(); resolving its path refuses all the same.
    DataSpec.SourceSpec escape = new DataSpec.SourceSpec("toolace", null, "vendored:../../../../etc/passwd",
        null, null, null, null, null, null);
    assertThatThrownBy(() -> escape.resolvePath(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaves the project's data folder");
    // Inside data/ (even through '..' that stays inside) is fine.
    assertThat(load("ok.yaml", "sources: [{type: toolace, path: 'vendored:bfcl/../toolace-sample/toolace_sample.jsonl'}]")
        .sources().get(0).resolvePath(dir)).isEqualTo(DataFiles.vendored("toolace-sample/toolace_sample.jsonl"));
  }

  @Test
  void theExampleSpecsAreValid() throws Exception {
    Path examples = DataFiles.projectRoot().resolve("examples/data");
    assertThat(DataSpec.load(examples.resolve("toolace-synthetic.yaml")).sources()).hasSize(2);
    assertThat(DataSpec.load(examples.resolve("synthetic-eval.yaml")).sources()).hasSize(2);
    DataSpec paper = DataSpec.load(examples.resolve("toolace-xlam.yaml"));
    assertThat(paper.sources()).extracting(DataSpec.SourceSpec::type).containsExactly("toolace", "xlam");
    assertThat(paper.sources().get(0).resolvePath(examples))
        .isEqualTo(DataFiles.vendored("toolace-sample/toolace_sample.jsonl"));
  }
}
