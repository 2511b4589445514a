package dev.tooln1.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void theConsoleKeepsAFreePortAndMovesOffATakenOneSayingSo() throws Exception {
    StringWriter said = new StringWriter();
    PrintWriter out = new PrintWriter(said, true);
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int busy = taken.getLocalPort();
      assertThat(DemoCommand.consolePortToUse(busy, out)).isZero();
      assertThat(said.toString()).contains("port " + busy + " is in use");
      taken.close();
      said.getBuffer().setLength(0);
      assertThat(DemoCommand.consolePortToUse(busy, out)).isEqualTo(busy);
      assertThat(said.toString()).isEmpty();
    }
    assertThat(DemoCommand.consolePortToUse(0, out)).isZero();
  }
}
