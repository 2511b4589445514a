package dev.tooln1.ops.cli;

import com.google.inject.Injector;
import dev.tooln1.ops.server.Orchestrator;
import dev.tooln1.ops.server.ServerInfo;
import dev.tooln1.ops.server.ServerSettings;
import dev.tooln1.ops.temporal.EmbeddedTemporalServer;
import dev.tooln1.ops.temporal.TemporalConnection;
import dev.tooln1.ops.wiring.Lifetime;
import dev.tooln1.ops.wiring.OrchestratorModule;
import dev.tooln1.workflows.dto.CampaignConfig;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tooln1 server}: the long-lived orchestrator. The embedded Temporal server on 127.0.0.1
 * (unless {@code --temporal} names a cluster), the workflow worker, the console with its
 * Prometheus endpoint; {@code server.json} in the campaigns directory says where they are. Runs
 * until SIGTERM or Ctrl-C, then shuts down cleanly.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Run the orchestrator: Temporal (embedded), workflow worker, console.",
        "The embedded Temporal server listens on 127.0.0.1 unless --temporal names a cluster.",
        "Writes <campaigns>/server.json (pid, ports). Stop with Ctrl-C or SIGTERM."})
public final class ServerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7233",
      description = "port of the embedded Temporal server on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--temporal", paramLabel = "HOST:PORT",
      description = "use this Temporal cluster instead of the embedded server")
  String temporal;

  @Option(names = "--namespace", paramLabel = "NS", defaultValue = EmbeddedTemporalServer.NAMESPACE,
      description = "namespace on the cluster (default ${DEFAULT-VALUE})")
  String namespace;

  @Option(names = "--task-queue", paramLabel = "QUEUE", defaultValue = CampaignConfig.DEFAULT_TASK_QUEUE,
      description = "shared task queue of workflows and compute workers (default ${DEFAULT-VALUE})")
  String taskQueue;

  @Option(names = "--console-port", paramLabel = "PORT", defaultValue = "8080",
      description = "console port (0 = any free port; default ${DEFAULT-VALUE})")
  int consolePort;

  @Option(names = "--console-host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "console address (default ${DEFAULT-VALUE}; any other needs --token)")
  String consoleHost;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TOOLN1_CONSOLE_TOKEN}",
      description = "console access token (>= 16 characters), required off loopback; default $TOOLN1_CONSOLE_TOKEN")
  String token;

  @Option(names = "--campaigns", paramLabel = "DIR", defaultValue = "${env:TOOLN1_CAMPAIGNS:-campaigns}",
      description = "campaigns directory (default: $TOOLN1_CAMPAIGNS, else ./campaigns)")
  Path campaigns;

  @Option(names = "--metrics-interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "how often the metrics are refreshed from the workflows (default ${DEFAULT-VALUE})")
  double metricsIntervalSeconds;

  private final Injector injector;
  private final Lifetime lifetime;

  @Inject
  public ServerCommand(Injector injector, Lifetime lifetime) {
    this.injector = injector;
    this.lifetime = lifetime;
  }

  @Override
  public Integer call() throws InterruptedException {
    ConsoleBinding.checkPort("--port", port);
    ConsoleBinding consoleAt = ConsoleBinding.of("--console-port", consoleHost, consolePort, token);
    if (metricsIntervalSeconds <= 0) {
      throw new UsageException("--metrics-interval must be positive, was " + metricsIntervalSeconds);
    }
    if (temporal != null) {
      try {
        TemporalConnection.validateTarget(temporal);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--temporal: " + e.getMessage());
      }
    }
    Path dir = campaigns.toAbsolutePath().normalize();
    Optional<ServerInfo> other = ServerInfo.readLive(dir);
    if (other.isPresent()) {
      throw new OpsFailure("a tooln1 server (pid " + other.get().pid() + ") already serves " + dir
          + " (Temporal " + other.get().temporal() + ", console " + other.get().consoleUrl() + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    Optional<EmbeddedTemporalServer> embedded = Optional.empty();
    TemporalConnection connection = null;
    Orchestrator orchestrator = null;
    try {
      if (temporal == null) {
        try {
          embedded = Optional.of(EmbeddedTemporalServer.start(port));
        } catch (UncheckedIOException e) {
          throw new OpsFailure(e.getMessage());
        }
      }
      String target = embedded.map(EmbeddedTemporalServer::target).orElse(temporal);
      try {
        connection = TemporalConnection.connect(target,
            embedded.isPresent() ? EmbeddedTemporalServer.NAMESPACE : namespace, Duration.ofSeconds(10));
      } catch (IllegalStateException e) {
        throw new OpsFailure("no Temporal server at " + target + ": " + e.getMessage());
      }
      ServerSettings settings = new ServerSettings(dir, taskQueue, consoleAt.host(), consoleAt.token(),
          Math.round(metricsIntervalSeconds * 1000));
      try {
        orchestrator = injector.createChildInjector(
            new OrchestratorModule(embedded, connection, settings)).getInstance(Orchestrator.class);
      } catch (com.google.inject.ProvisionException e) {
        if (e.getCause() instanceof IllegalArgumentException bad) {
          throw new UsageException(bad.getMessage());
        }
        throw e;
      }
      ServerInfo info;
      try {
        info = orchestrator.start(consoleAt.port());
      } catch (RuntimeException e) {
        throw consoleAt.startFailure(e);
      }
      out.printf("tooln1 server: Temporal %s (%s, namespace %s)%n", info.temporal(),
          info.embedded() ? "embedded; history in memory, the campaigns directory is the durable record"
              : "cluster", info.namespace());
      out.printf("tooln1 server: console %s   metrics %s%n", info.consoleUrl(), info.metricsUrl());
      out.printf("tooln1 server: workflows on task queue %s; campaigns in %s%n", taskQueue, dir);
      out.printf("tooln1 server: ready (pid %d); start compute with: tooln1 worker --campaigns %s; "
          + "stop with Ctrl-C%n", info.pid(), dir);
      out.flush();
      lifetime.awaitStopRequest();
      out.println("tooln1 server: stopping");
      out.flush();
    } finally {
      if (orchestrator != null) {
        orchestrator.close();
      } else {
        if (connection != null) {
          connection.close();
        }
        embedded.ifPresent(EmbeddedTemporalServer::close);
      }
      lifetime.stopped();
    }
    out.println("tooln1 server: stopped");
    out.flush();
    return 0;
  }

}
