package dev.tooln1.tests;

import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real {@code bin/tooln1} OS process (server, worker or a CLI call), its output in a log file, for
 * tests that kill processes: {@link #kill9()} is SIGKILL, no shutdown hooks run.
 */
final class Tooln1Process implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final String what;

  private Tooln1Process(Process process, Path log, String what) {
    this.process = process;
    this.log = log;
    this.what = what;
  }

  static Path launcher() {
    Path bin = DataFiles.projectRoot().resolve("bin/tooln1");
    if (!Files.isExecutable(bin)) {
      throw new IllegalStateException(bin + " is not executable");
    }
    return bin;
  }

  /** Starts {@code bin/tooln1 args...} with one thread for ND4J (tests share 2 cores). */
  static Tooln1Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().put("TOOLN1_JAVA_OPTS", "-Xmx1g");
    return new Tooln1Process(pb.start(), log, String.join(" ", args));
  }

  /** Runs a CLI call to completion and returns its exit code (output in {@code log}). */
  static int run(Path log, Duration timeout, String... args) throws Exception {
    try (Tooln1Process p = start(log, args)) {
      if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("tooln1 " + p.what + " did not finish in " + timeout + "; log:\n" + p.output());
      }
      return p.process.exitValue();
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGKILL, as a crash or an OOM killer would: no shutdown hook, no cleanup. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process freezes (heartbeats included) but stays alive, like a hung host. */
  void freeze() throws Exception {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze()}. */
  void thaw() throws Exception {
    signal("CONT");
  }

  private void signal(String name) throws Exception {
    int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited " + exit);
    }
  }

  /** Starts an orchestrator on free ports and waits until its own server.json is written. */
  static Tooln1Process startServer(Path campaigns, Path log) throws Exception {
    Tooln1Process server = start(log, "server", "--port", "0", "--console-port", "0",
        "--campaigns", campaigns.toString());
    Path serverJson = campaigns.resolve("server.json");
    await("server.json of pid " + server.pid(), Duration.ofSeconds(90),
        () -> writtenBy(serverJson, server.pid()) || !server.isAlive());
    if (!server.isAlive()) {
      throw new AssertionError("server exited; log:\n" + server.output());
    }
    return server;
  }

  private static boolean writtenBy(Path serverJson, long pid) {
    try {
      return Files.exists(serverJson)
          && dev.tooln1.reward.Json.MAPPER.readTree(Files.readString(serverJson)).path("pid").asLong() == pid;
    } catch (IOException | RuntimeException e) {
      return false; // being replaced right now
    }
  }

  /** SHA-256 over a checkpoint's weights and optimizer state: equal digests, bit-identical training state. */
  static String weightsDigest(Path checkpoint) throws Exception {
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    for (String f : List.of("model.safetensors", "optimizer.safetensors")) {
      md.update(Files.readAllBytes(checkpoint.resolve(f)));
    }
    return java.util.HexFormat.of().formatHex(md.digest());
  }

  /** Starts a compute worker for the campaigns directory. */
  static Tooln1Process startWorker(Path campaigns, Path log) throws IOException {
    return start(log, "worker", "--campaigns", campaigns.toString());
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }
}
