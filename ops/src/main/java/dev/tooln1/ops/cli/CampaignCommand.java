package dev.tooln1.ops.cli;

import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.activities.campaign.records.CampaignEndRecords;
import dev.tooln1.ops.config.CampaignInputs;
import dev.tooln1.ops.config.CampaignSpecLoader;
import dev.tooln1.ops.config.ConfigException;
import dev.tooln1.ops.console.CampaignArtifacts;
import dev.tooln1.ops.console.ConsoleBackend;
import dev.tooln1.ops.console.TemporalConsoleBackend;
import dev.tooln1.ops.server.CampaignClient;
import dev.tooln1.ops.server.CampaignLauncher;
import dev.tooln1.ops.server.CampaignRegistry;
import dev.tooln1.ops.server.StepRates;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.workflows.campaign.TrainingCampaignWorkflow;
import dev.tooln1.workflows.dto.CampaignConfig;
import dev.tooln1.workflows.dto.CampaignOutcome;
import dev.tooln1.workflows.dto.CampaignStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tooln1 campaign ...}: training campaigns. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
    description = "Training campaigns: validate, start, list, status, pause, resume, stop, watch.",
    subcommands = {CampaignCommand.Validate.class, CampaignCommand.Start.class,
        CampaignCommand.ListCampaigns.class, CampaignCommand.Status.class, CampaignCommand.Pause.class,
        CampaignCommand.Resume.class, CampaignCommand.Stop.class, CampaignCommand.Watch.class})
public final class CampaignCommand {

  /** Reward names a config may use: the reward registry's. */
  static List<String> rewardNames() {
    return List.copyOf(RewardRegistry.standard().names());
  }

  /**
   * What validate and start both check before anything starts: the config itself (fields, bounds,
   * timeouts), then every file a run needs (data spec and its inputs, checkpoint, tokenizer).
   */
  static CampaignSpec loadForRun(Path config) throws ConfigException {
    CampaignSpec c = new CampaignSpecLoader(rewardNames()).load(config);
    CampaignInputs.check(c, config);
    return c;
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {"Check a campaign config (YAML or JSON) and what a run of it needs, and print the",
          "effective settings: fields, bounds and timeouts, then every file it names (data spec and",
          "its inputs, checkpoint folder, tokenizer). Every problem is listed on its own line with its",
          "field path; exit code 2 if there is any."})
  static final class Validate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "campaign config file")
    Path config;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        CampaignSpec c = loadForRun(config);
        out.printf("%s: ok — campaign '%s', %s, reward %s, G=%d, T=%s, lr=%s, KL=%s, clip=%s/%s, "
                + "%d prompts/step (mini-batch %d), %d epochs%s%n",
            config, c.name(),
            c.model().preset() != null ? "preset " + c.model().preset() : "checkpoint " + c.model().checkpoint(),
            c.reward(), c.grpo().groupSize(), c.grpo().temperature(), c.grpo().lr(), c.grpo().klCoef(),
            c.grpo().clipLow(), c.grpo().clipHigh(), c.grpo().promptsPerStep(), c.grpo().miniBatchSize(),
            c.schedule().epochs(), c.schedule().maxSteps() == null ? "" : " (at most " + c.schedule().maxSteps() + " steps)");
        out.flush();
        return 0;
      } catch (ConfigException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(e.getMessage());
        err.flush();
        return 2;
      }
    }
  }

  /** Poll period of watch and start --wait. */
  static final long WATCH_POLL_MILLIS = 1000;

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {"Validate a campaign config and start it as a durable workflow (id from its name).",
          "A campaign that is running already is attached to; one lost with a restarted embedded",
          "server, failed or stopped starts again and fast-forwards through its completed steps."})
  static final class Start implements Callable<Integer> {
    @Mixin
    ControlAccess orchestrator;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "campaign config (YAML or JSON)")
    Path config;

    @Option(names = "--wait", description = "follow the campaign until it ends (as watch)")
    boolean waitForEnd;

    @Override
    public Integer call() throws InterruptedException {
      CampaignSpec c;
      try {
        c = loadForRun(config);
      } catch (ConfigException e) {
        PrintWriter err = orchestrator.err();
        err.println(e.getMessage());
        err.flush();
        return 2;
      }
      PrintWriter out = orchestrator.out();
      try (ControlSession control = orchestrator.open()) {
        CampaignConfig workflowConfig;
        try {
          workflowConfig = new CampaignLauncher(control.get(CampaignRegistry.class))
              .prepare(c, config, orchestrator.temporal().taskQueue());
        } catch (IllegalStateException e) {
          throw new UsageException(e.getMessage());
        }
        CampaignClient campaigns = control.get(CampaignClient.class);
        // Work already in the campaign directory (from an earlier server, or a run that was
        // interrupted): a new workflow fast-forwards through it rather than redoing it.
        java.nio.file.Path checkpoints = new CampaignLayout(orchestrator.campaignsDir(), c.name()).checkpointsDir();
        boolean hasWork = false;
        if (java.nio.file.Files.isDirectory(checkpoints)) {
          try (var entries = java.nio.file.Files.list(checkpoints)) {
            hasWork = entries.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
          } catch (java.io.IOException e) {
            // only changes the wording below
          }
        }
        CampaignClient.StartOutcome outcome = campaigns.start(workflowConfig);
        String where = "workflow " + TrainingCampaignWorkflow.workflowId(c.name()) + " on "
            + control.connection().target();
        switch (outcome) {
          case STARTED -> out.printf(hasWork
              ? "campaign %s: resumed from %s: finished steps are fast-forwarded, not redone (%s)%n"
              : "campaign %s: started%s (%s)%n", c.name(), hasWork ? orchestrator.campaignsDir().resolve(c.name()) : "",
              where);
          case ATTACHED -> out.printf("campaign %s: already running; attached (%s)%n", c.name(), where);
          case ALREADY_COMPLETED -> out.printf("campaign %s: completed already (%s); "
              + "delete %s to train it again from scratch%n", c.name(), where,
              orchestrator.campaignsDir().resolve(c.name()));
        }
        if (!waitForEnd) {
          if (outcome != CampaignClient.StartOutcome.ALREADY_COMPLETED) {
            out.printf("follow it with: tooln1 campaign watch %s%n", c.name());
          }
          out.flush();
          return 0;
        }
        out.flush();
        return watcher(control, c.name(), out).watch(c.name());
      }
    }
  }

  static CampaignWatcher watcher(ControlSession control, String id, PrintWriter out) {
    int responses = control.get(CampaignRegistry.class).configContent(id)
        .map(StepRates::responsesPerStep).orElse(0);
    return new CampaignWatcher(control.get(CampaignClient.class), out, responses, WATCH_POLL_MILLIS);
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the campaigns of the campaigns directory with their state.")
  static final class ListCampaigns implements Callable<Integer> {
    @Mixin
    ControlAccess orchestrator;

    @Override
    public Integer call() {
      PrintWriter out = orchestrator.out();
      try (ControlSession control = orchestrator.open()) {
        List<ConsoleBackend.CampaignSummary> all = control.get(ConsoleBackend.class).campaigns();
        if (all.isEmpty()) {
          out.println("no campaigns in " + orchestrator.campaignsDir());
        } else {
          out.printf("%-24s %-10s %-17s %-11s %-8s %-8s %s%n", "CAMPAIGN", "STATUS", "PHASE", "STEP",
              "REWARD", "ACC", "ETA");
          for (ConsoleBackend.CampaignSummary s : all) {
            out.printf(Locale.ROOT, "%-24s %-10s %-17s %-11s %-8s %-8s %s%n", s.id(), s.status(),
                s.phase() == null ? "-" : s.phase(),
                s.totalSteps() == null ? String.valueOf(s.step()) : s.step() + "/" + s.totalSteps(),
                s.lastReward() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.lastReward()),
                s.lastAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.lastAccuracy()),
                s.etaSeconds() == null ? "-" : Durations.format(Duration.ofSeconds(s.etaSeconds())));
          }
        }
        out.flush();
        return 0;
      }
    }
  }

  /** A subcommand about one campaign of a running orchestrator, named by its id. */
  abstract static class OneCampaign implements Callable<Integer> {
    @Mixin
    ControlAccess orchestrator;

    @Parameters(index = "0", paramLabel = "ID", description = "campaign id (its name)")
    String id;
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show one campaign's state.")
  static final class Status extends OneCampaign {
    @Override
    public Integer call() {
      PrintWriter out = orchestrator.out();
      try (ControlSession control = orchestrator.open()) {
        CampaignClient campaigns = control.get(CampaignClient.class);
        Optional<CampaignClient.Execution> e = campaigns.execution(id);
        if (e.isEmpty()) {
          CampaignRegistry registry = control.get(CampaignRegistry.class);
          if (registry.config(id).isPresent()) {
            Optional<CampaignEnd> end = new CampaignArtifacts(registry.root()).ended(id);
            if (end.isPresent()) {
              printEnded(out, id, end.get(), control.connection().target());
              return 0;
            }
            out.printf("campaign %s: LOST (recorded in %s, unknown to the Temporal server at %s); "
                + "resume it with tooln1 campaign start --config %s%n", id, orchestrator.campaignsDir(),
                control.connection().target(),
                orchestrator.campaignsDir().resolve(CampaignRegistry.configUri(id)));
            out.flush();
            return 1;
          }
          throw new UsageException("no campaign '" + id + "' (see tooln1 campaign list)");
        }
        CampaignStatus s = campaigns.status(id);
        out.printf("campaign %s: %s%n", id, TemporalConsoleBackend.state(e.get(), s));
        out.println("  " + CampaignWatcher.line(id, s, control.get(CampaignRegistry.class)
            .configContent(id).map(StepRates::responsesPerStep).orElse(0)));
        out.printf("  cursor epoch %d batch %d; workflow runs %d; eval every %d steps; step limit %s%n",
            s.cursor() == null ? 0 : s.cursor().epoch(), s.cursor() == null ? 0 : s.cursor().batch(),
            s.runs(), s.evalInterval(), s.maxSteps() == 0 ? "none" : String.valueOf(s.maxSteps()));
        out.printf("  last checkpoint %s%n", s.lastCheckpoint() == null ? "-" : s.lastCheckpoint().uri());
        if (s.best() != null) {
          out.printf(Locale.ROOT, "  best checkpoint step %d %s%s%n", s.best().step(),
              s.best().checkpoint() == null ? "-" : s.best().checkpoint().uri(),
              s.best().score() == null ? "" : String.format(Locale.ROOT, " (eval %.3f)", s.best().score()));
        }
        if (s.lastCollapse() != null) {
          var c = s.lastCollapse();
          out.printf(Locale.ROOT, "  collapse guard: %d rollback(s); last at step %d: mean reward %.4f < %.4f "
              + "(baseline %.4f), update skipped, back to checkpoint step %d%n", s.rollbacks(), c.step(),
              c.meanReward(), c.threshold(), c.baseline(), c.rolledBackTo().step());
        }
        if (s.workerQueue() != null) {
          out.printf("  policy held by %s%n", s.workerQueue());
        }
        out.printf("  started %s%s%n", e.get().startTime(),
            e.get().closeTime() == null ? "" : ", ended " + e.get().closeTime());
        out.flush();
        return 0;
      }
    }
  }

  /**
   * A campaign whose workflow history is gone (the embedded server was restarted) but whose directory
   * records how it ended: the same status words as the console, the step, when, and why if it failed.
   */
  private static void printEnded(PrintWriter out, String id, CampaignEnd end, String temporal) {
    ConsoleBackend.CampaignSummary s = TemporalConsoleBackend.ended(id, end);
    out.printf("campaign %s: %s (as its directory records it, %s; the Temporal server at %s no longer has "
        + "its history)%n", id, s.status(), CampaignEndRecords.uri(end.endedAt()), temporal);
    out.printf("  phase %s, step %d, ended %s%n", s.phase() == null ? end.phase() : s.phase(), end.step(),
        end.endedAt());
    if (end.error() != null) {
      out.printf("  error: %s%n", end.error());
    }
    if (end.phase() != CampaignOutcome.COMPLETED) {
      out.printf("  tooln1 campaign start with its config continues it from step %d%n", end.step());
    }
    out.flush();
  }

  /** Shared body of pause, resume and stop: one signal to the campaign workflow, one line of output. */
  abstract static class Signal extends OneCampaign {
    private final BiConsumer<CampaignClient, String> send;
    private final String done;

    Signal(BiConsumer<CampaignClient, String> send, String done) {
      this.send = send;
      this.done = done;
    }

    @Override
    public Integer call() {
      try (ControlSession control = orchestrator.open()) {
        try {
          send.accept(control.get(CampaignClient.class), id);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        PrintWriter out = orchestrator.out();
        out.printf("campaign %s: %s%n", id, done);
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Pause a campaign after its current step.")
  static final class Pause extends Signal {
    Pause() {
      super(CampaignClient::pause, "pause requested (takes effect after the current step)");
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused campaign.")
  static final class Resume extends Signal {
    Resume() {
      super(CampaignClient::resume, "resumed");
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true,
      description = "Stop a campaign gracefully: its current step finishes, then it ends (no final evaluation).")
  static final class Stop extends Signal {
    Stop() {
      super(CampaignClient::stop, "stop requested (ends after the current step); tooln1 campaign start resumes it later");
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true,
      description = "Follow a campaign: a line per step (reward, accuracy, tokens/s, ETA) until it ends.")
  static final class Watch extends OneCampaign {
    @Override
    public Integer call() throws InterruptedException {
      try (ControlSession control = orchestrator.open()) {
        if (control.get(CampaignClient.class).execution(id).isEmpty()
            && control.get(CampaignRegistry.class).config(id).isEmpty()) {
          throw new UsageException("no campaign '" + id + "' (see tooln1 campaign list)");
        }
        return watcher(control, id, orchestrator.out()).watch(id);
      }
    }
  }
}
