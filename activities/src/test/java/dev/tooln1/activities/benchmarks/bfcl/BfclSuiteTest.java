package dev.tooln1.activities.benchmarks.bfcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.reward.bfcl.BfclCategory;
import dev.tooln1.reward.bfcl.BfclDataFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BfclSuiteTest {

  @TempDir
  Path tmp;

  @Test
  void fullDatasetSizesOfTheVendoredDataAreBfclV4s() {
    assertThat(BfclSuite.fullDatasetSizes(BfclDataFiles.vendored())).isEqualTo(ToolN1Table2Test.FULL);
  }

  @Test
  void fullDatasetSizesCountNonBlankLinesOfEveryQuestionFileThatExistsPlainOrGzipped() throws IOException {
    BfclDataFiles files = new BfclDataFiles(tmp);
    // not parsed: only lines are counted, blank ones skipped
    Files.writeString(files.questionFile(BfclCategory.SIMPLE_PYTHON), "{\"id\": 1}\n\n{\"id\": 2}\n  \n{\"id\": 3}");
    Path gz = tmp.resolve(BfclCategory.LIVE_PARALLEL.questionFileName() + ".gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("a\nb\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(BfclSuite.fullDatasetSizes(files))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("simple_python", 3, "live_parallel", 2));
    assertThat(BfclSuite.fullDatasetSizes(new BfclDataFiles(tmp.resolve("absent")))).isEmpty();
  }

  @Test
  void aQuestionFileThatCannotBeReadIsAnUncheckedIoErrorNamingIt() throws IOException {
    BfclDataFiles files = new BfclDataFiles(tmp);
    Path bad = tmp.resolve(BfclCategory.MULTIPLE.questionFileName() + ".gz");
    Files.writeString(bad, "not gzip at all");
    assertThatThrownBy(() -> BfclSuite.fullDatasetSizes(files))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(BfclCategory.MULTIPLE.questionFileName())
        .hasMessageContaining("cannot read");
  }
}
