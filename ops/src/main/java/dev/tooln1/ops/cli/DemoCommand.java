package dev.tooln1.ops.cli;

import dev.tooln1.activities.campaign.records.HeldOutComparison;
import dev.tooln1.ops.config.CampaignSpecLoader;
import dev.tooln1.ops.config.ConfigException;
import dev.tooln1.ops.server.ServerInfo;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tooln1 demo}: the whole system on one machine. Starts the orchestrator ({@code tooln1
 * server}: embedded Temporal, workflow worker, console) and one compute worker, each its own OS
 * process as in a real deployment, then runs the demo campaign (SFT warm-up, then GRPO with the
 * binary Tool-N1 reward on the synthetic tool world) and follows it to the end. The campaign lives
 * in the campaigns directory, so after Ctrl-C the same command resumes it instead of starting over.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Train a tiny tool-calling model on CPU: orchestrator + one compute worker (separate processes),",
        "SFT warm-up then GRPO with the binary Tool-N1 reward; prints the console address and a final summary.",
        "Ctrl-C stops it; running it again resumes the same campaign."})
public final class DemoCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "campaign config (default: examples/demo.yaml)")
  Path config;

  @Option(names = "--campaigns", paramLabel = "DIR",
      description = "campaigns directory (default: runs/demo in the project)")
  Path campaigns;

  @Option(names = "--console-port", paramLabel = "PORT", defaultValue = "8080",
      description = "console port on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE}, or a free one if that is taken)")
  int consolePort;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    Path root = DataFiles.projectRoot();
    Path launcher = root.resolve("bin/tooln1");
    Path cfg = config != null ? config : root.resolve("examples/demo.yaml");
    Path dir = (campaigns != null ? campaigns : root.resolve("runs/demo")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(cfg)) {
      throw new UsageException("no campaign config at " + cfg);
    }
    Files.createDirectories(dir);
    Path logs = Files.createDirectories(dir.resolve("logs"));
    List<Process> children = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
    Thread stopper = new Thread(() -> {
      interrupted.set(true);
      stopAll(children);
    }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      Optional<ServerInfo> running = ServerInfo.readLive(dir);
      ServerInfo info;
      if (running.isPresent()) {
        info = running.get();
        out.printf("orchestrator already running (pid %d)%n", info.pid());
      } else {
        out.printf("starting the orchestrator (log %s)%n", logs.resolve("server.log"));
        out.flush();
        children.add(start(launcher, logs.resolve("server.log"), Map.of(), "server", "--port", "0",
            "--console-port", Integer.toString(consolePortToUse(consolePort, out)), "--campaigns", dir.toString()));
        info = awaitServer(dir, children.get(0));
      }
      out.printf("console: %s   (Temporal %s, embedded)%n", info.consoleUrl(), info.temporal());
      out.printf("starting a compute worker (log %s)%n", logs.resolve("worker.log"));
      out.flush();
      // One thread per ND4J op: the campaign's compute.threads spreads work over the cores instead
      // (measured faster at the demo's model size; docs/benchmarks.md).
      children.add(start(launcher, logs.resolve("worker.log"), Map.of("OMP_NUM_THREADS",
          System.getenv().getOrDefault("OMP_NUM_THREADS", "1")), "worker", "--campaigns", dir.toString()));
      // The campaign itself: validated, started (or resumed: completed steps fast-forward), followed.
      ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "campaign", "start", "--config",
          cfg.toAbsolutePath().toString(), "--campaigns", dir.toString(), "--wait").inheritIO();
      Process follow = pb.start();
      children.add(follow);
      int exit = follow.waitFor();
      out.println();
      if (exit == 0) {
        summary(dir, cfg, out);
      }
      if (interrupted.get()) {
        out.printf("interrupted: the campaign's finished work is kept in %s; run the same command again to"
            + " resume it%n", dir);
      }
      out.printf("this run of the demo took %s (a resumed run counts only its own part)%n",
          Durations.format(java.time.Duration.ofNanos(System.nanoTime() - started)));
      out.printf("campaign directory: %s%nconsole: %s%n", dir, info.consoleUrl());
      out.flush();
      return exit;
    } finally {
      stopAll(children);
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException ignored) {
        // already shutting down: the hook is running
      }
    }
  }

  /**
   * The console port: the one asked for if it is free on 127.0.0.1, else (a second demo, another
   * service on 8080) any free port, said in one line — the demo should not fail over its console.
   */
  static int consolePortToUse(int wanted, PrintWriter out) {
    if (wanted == 0) {
      return 0;
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), wanted));
      return wanted;
    } catch (IOException busy) {
      out.printf("port %d is in use on 127.0.0.1; the console takes a free port instead%n", wanted);
      return 0;
    }
  }

  /** SFT warm-up vs after GRPO on the held-out tasks, from the campaign's evaluation reports. */
  private static void summary(Path dir, Path cfg, PrintWriter out) {
    try {
      String name = new CampaignSpecLoader(RewardRegistry.standard().names()).load(cfg).name();
      Optional<HeldOutComparison> c = HeldOutComparison.read(dir.resolve(name));
      if (c.isEmpty()) {
        out.println("no baseline and final evaluation reports to compare in " + dir.resolve(name).resolve("eval"));
        return;
      }
      c.get().describe("after SFT warm-up", "after GRPO").forEach(out::println);
    } catch (IOException | ConfigException | RuntimeException e) {
      out.println("could not read the evaluation reports: " + e.getMessage());
    }
  }

  private static Process start(Path launcher, Path log, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    return pb.start();
  }

  private static ServerInfo awaitServer(Path dir, Process server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Optional<ServerInfo> info = ServerInfo.readLive(dir);
      if (info.isPresent()) {
        return info.get();
      }
      if (!server.isAlive()) {
        throw new OpsFailure("the orchestrator exited with code " + server.exitValue()
            + "; see " + dir.resolve("logs/server.log"));
      }
      Thread.sleep(200);
    }
    throw new OpsFailure("the orchestrator did not start within 120 s; see " + dir.resolve("logs/server.log"));
  }

  /** Stops the children newest first (the follower, the worker, then the orchestrator). */
  private static void stopAll(List<Process> children) {
    for (int i = children.size() - 1; i >= 0; i--) {
      Process p = children.get(i);
      if (p.isAlive()) {
        p.destroy();
        try {
          if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
