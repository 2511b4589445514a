package dev.tooln1.ops.cli;

import com.google.inject.Injector;
import dev.tooln1.activities.campaign.DataRoots;
import dev.tooln1.ops.temporal.TemporalConnection;
import dev.tooln1.ops.wiring.Lifetime;
import dev.tooln1.ops.wiring.WorkerModule;
import dev.tooln1.ops.worker.ComputeWorker;
import dev.tooln1.ops.worker.WorkerContext;
import dev.tooln1.workflows.WorkflowRegistry;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tooln1 worker}: an activity-only compute worker. Registers the compute activities on the
 * shared queue and on its own per-process queue; never workflows (a killed compute process must
 * not strand a workflow task). Runs until SIGTERM or Ctrl-C.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Run an activity-only compute worker (data, rollout, score, update, evaluate).",
        "Polls the shared task queue and its own per-process queue. Stop with Ctrl-C or SIGTERM;",
        "an activity cut short is retried on another worker."})
public final class WorkerCommand implements Callable<Integer> {

  /** Devices a worker may compute on. */
  public enum Device { cpu, cuda }

  @Spec
  CommandSpec spec;

  @Mixin
  TemporalOptions temporal;

  @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
      description = "cpu or cuda (default ${DEFAULT-VALUE})")
  Device device;

  @Option(names = "--data-root", paramLabel = "DIR",
      description = {"a folder this worker may read campaign inputs from (data spec sources such as",
          "the xLAM file, a Hugging Face checkpoint, a tokenizer); repeatable. Always allowed: the",
          "project's data/ folder and the campaigns directory. Anything else fails the campaign",
          "with one line naming the file and the roots."})
  List<Path> dataRoots = new ArrayList<>();

  @Option(names = "--worker-id", paramLabel = "ID",
      description = "unique id of this process (default: host-pid-random); names its own queue")
  String workerId;

  private final Injector injector;
  private final Lifetime lifetime;

  @Inject
  public WorkerCommand(Injector injector, Lifetime lifetime) {
    this.injector = injector;
    this.lifetime = lifetime;
  }

  @Override
  public Integer call() throws InterruptedException {
    String id = workerId != null ? workerId : defaultWorkerId();
    String ownQueue;
    try {
      ownQueue = WorkflowRegistry.workerQueue(id);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--worker-id: " + e.getMessage());
    }
    List<Path> roots = new ArrayList<>();
    for (Path r : dataRoots) {
      if (!Files.isDirectory(r)) {
        throw new UsageException("--data-root " + r + ": not a folder");
      }
      roots.add(r.toAbsolutePath().normalize());
    }
    WorkerContext context = new WorkerContext(id, ownQueue, temporal.taskQueue(),
        device.name(), temporal.campaignsDir(), roots);
    PrintWriter out = spec.commandLine().getOut();
    TemporalConnection connection = temporal.connect();
    ComputeWorker worker = null;
    try {
      try {
        worker = injector.createChildInjector(new WorkerModule(connection, context))
            .getInstance(ComputeWorker.class);
      } catch (com.google.inject.ProvisionException e) {
        if (e.getCause() instanceof RuntimeException r
            && (r instanceof OpsFailure || r instanceof UsageException)) {
          throw r;
        }
        throw e;
      }
      worker.start();
      out.printf("tooln1 worker %s: polling %s and %s on %s (namespace %s), device %s%n", id,
          context.sharedQueue(), ownQueue, connection.target(), connection.namespace(), device);
      out.printf("tooln1 worker %s: reads campaign inputs only under %s%n", id,
          DataRoots.defaults(context.campaignsDir(), roots).describe());
      out.flush();
      lifetime.awaitStopRequest();
      out.printf("tooln1 worker %s: stopping%n", id);
      out.flush();
    } finally {
      if (worker != null) {
        worker.close();
      }
      connection.close();
      lifetime.stopped();
    }
    return 0;
  }

  static String defaultWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "host";
    }
    host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    byte[] r = new byte[3];
    new SecureRandom().nextBytes(r);
    return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(r);
  }
}
