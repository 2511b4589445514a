package dev.tooln1.ops.cli;

import dev.tooln1.ops.console.ConsoleBackend;
import dev.tooln1.ops.console.ConsoleServer;
import dev.tooln1.ops.wiring.Lifetime;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tooln1 console}: the operations console alone, against a running server or cluster (the
 * server already serves one; this is for another machine or port).
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = "Serve the operations console against a running tooln1 server or Temporal cluster.")
public final class ConsoleCommand implements Callable<Integer> {

  @Mixin
  ControlAccess orchestrator;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8081",
      description = "console port (0 = any free port; default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "address (default ${DEFAULT-VALUE}; any other needs --token)")
  String host;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TOOLN1_CONSOLE_TOKEN}",
      description = "access token (>= 16 characters), required off loopback")
  String token;

  private final Lifetime lifetime;

  @Inject
  public ConsoleCommand(Lifetime lifetime) {
    this.lifetime = lifetime;
  }

  @Override
  public Integer call() throws InterruptedException {
    ConsoleBinding at = ConsoleBinding.of("--port", host, port, token);
    try (ControlSession control = orchestrator.open()) {
      ConsoleServer console;
      try {
        console = new ConsoleServer(control.get(ConsoleBackend.class),
            control.get(PrometheusMeterRegistry.class), at.host(), at.token());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      try {
        try {
          console.start(at.port());
        } catch (RuntimeException e) {
          throw at.startFailure(e);
        }
        PrintWriter out = orchestrator.out();
        out.printf("tooln1 console: %s (Temporal %s, campaigns in %s); stop with Ctrl-C%n", console.url(),
            control.connection().target(), orchestrator.campaignsDir());
        out.flush();
        lifetime.awaitStopRequest();
      } finally {
        console.close();
        lifetime.stopped();
      }
      return 0;
    }
  }
}
