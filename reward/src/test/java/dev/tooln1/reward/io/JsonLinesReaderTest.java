package dev.tooln1.reward.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {

  private static BufferedReader text(String s) {
    return new BufferedReader(new StringReader(s));
  }

  @Test
  void numbersLinesFromOneSkipsBlankOnesAndLetsTheCallerSkipALineThatIsNotJson() throws Exception {
    List<String> seen = new ArrayList<>();
    List<Integer> bad = new ArrayList<>();
    JsonLinesReader.forEach(text("{\"a\": 1}\n\n   \n{oops\n[2]\n"), (line, e) -> bad.add(line),
        (line, node) -> seen.add(line + ":" + node));
    assertThat(seen).containsExactly("1:{\"a\":1}", "5:[2]");
    assertThat(bad).containsExactly(4);
  }

  @Test
  void aStrictCallerStopsAtTheFirstLineThatIsNotJson() {
    List<Integer> seen = new ArrayList<>();
    assertThatThrownBy(() -> JsonLinesReader.forEach(text("{}\nnope\n{}\n"), (line, e) -> {
      throw new IllegalStateException("line " + line + ": " + e.getMessage());
    }, (line, node) -> seen.add(line))).hasMessageStartingWith("line 2: ");
    assertThat(seen).containsExactly(1);
  }
}
