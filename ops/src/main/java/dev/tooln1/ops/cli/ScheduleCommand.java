package dev.tooln1.ops.cli;

import com.google.inject.Injector;
import dev.tooln1.activities.campaign.EvalSet;
import dev.tooln1.ops.server.CampaignRegistry;
import dev.tooln1.ops.server.CampaignRegistry.ScheduleRecord;
import dev.tooln1.ops.server.EvaluationClient;
import dev.tooln1.ops.server.ScheduleClient;
import dev.tooln1.ops.server.ScheduleClient.ScheduleState;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tooln1 schedule}: scheduled evaluations of a campaign's newest checkpoint, as native
 * Temporal Schedules where the server has the Schedules API (real clusters), else as durable
 * scheduler workflows (the embedded server); see {@link ScheduleClient}.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = "Scheduled evaluations of a campaign's newest checkpoint: create, list, delete.",
    subcommands = {ScheduleCommand.Create.class, ScheduleCommand.ListSchedules.class,
        ScheduleCommand.Delete.class})
public final class ScheduleCommand {

  static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Evaluate the campaign's newest checkpoint every interval (skipped when already evaluated).")
  static final class Create implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Option(names = "--campaign", required = true, paramLabel = "ID", description = "campaign id")
    String campaign;

    @Option(names = "--every", required = true, paramLabel = "DURATION",
        description = "interval, e.g. 90s, 10m, 1h30m, PT10M")
    String every;

    @Option(names = "--set", paramLabel = "NAME", defaultValue = "heldout",
        description = "evaluation set (default ${DEFAULT-VALUE}): heldout, bfcl, bfcl/<category>, apibank, "
            + "apibank/first-call, apibank/one-user-turn")
    String set;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
        description = "at most N items per evaluation (as tooln1 eval --limit); 0 = all (default)")
    int limit;

    @Option(names = "--id", paramLabel = "ID", description = "schedule id (default <campaign>-<set>)")
    String id;

    @Option(names = "--kind", paramLabel = "KIND", defaultValue = "auto",
        description = "auto (default: a native Temporal Schedule when the server has the Schedules API, "
            + "else the durable scheduler workflow), native, or workflow")
    String kind;

    private final Injector injector;

    @Inject
    Create(Injector injector) {
      this.injector = injector;
    }

    @Override
    public Integer call() {
      Duration interval;
      try {
        interval = Durations.parse(every);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--every: " + e.getMessage());
      }
      if (interval.compareTo(MIN_INTERVAL) < 0) {
        throw new UsageException("--every must be at least 1s, was " + every);
      }
      EvalSet evalSet;
      try {
        evalSet = EvalSet.parse(set, limit);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--set: " + e.getMessage());
      }
      ScheduleClient.Mode mode = switch (kind.toLowerCase(Locale.ROOT)) {
        case "auto" -> ScheduleClient.Mode.AUTO;
        case "native" -> ScheduleClient.Mode.NATIVE;
        case "workflow" -> ScheduleClient.Mode.WORKFLOW;
        default -> throw new UsageException("--kind: one of auto, native, workflow, was '" + kind + "'");
      };
      String scheduleId = id != null ? id : campaign + "-" + evalSet.slug();
      if (!scheduleId.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new UsageException("--id: letters, digits, '.', '_', '-', was '" + scheduleId + "'");
      }
      try (ControlSession control = ControlSession.open(injector, temporal)) {
        ScheduleClient.Created created;
        try {
          EvaluationClient.checkFits(control.get(CampaignRegistry.class), campaign, evalSet);
          created = control.get(ScheduleClient.class).create(scheduleId, campaign, interval, evalSet.spec(), mode);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        if (created.note() != null) {
          PrintWriter err = spec.commandLine().getErr();
          err.println("note: " + created.note());
          err.flush();
        }
        ScheduleRecord r = created.record();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("schedule %s: evaluates campaign %s on %s every %s (%s)%n", r.id(), r.campaignId(),
            r.evalSet(), Durations.format(interval),
            r.isNative() ? "native Temporal Schedule" : "scheduler workflow");
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the evaluation schedules.")
  static final class ListSchedules implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    private final Injector injector;

    @Inject
    ListSchedules(Injector injector) {
      this.injector = injector;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ControlSession control = ControlSession.open(injector, temporal)) {
        List<ScheduleState> all = control.get(ScheduleClient.class).list();
        if (all.isEmpty()) {
          out.println("no schedules");
        } else {
          out.printf("%-28s %-8s %-20s %-16s %-9s %-8s %-6s %-26s %s%n", "SCHEDULE", "KIND",
              "CAMPAIGN", "SET", "EVERY", "STATE", "EVALS", "LAST", "NEXT");
          for (ScheduleState s : all) {
            String last = "-";
            String next = "-";
            String evals = "-";
            if (s.status() != null) {
              evals = String.valueOf(s.status().evaluations());
              if (s.status().lastEvaluated() != null) {
                last = "step " + s.status().lastEvaluated().step() + (s.status().lastEvaluated().score() == null
                    ? " failed" : String.format(Locale.ROOT, " %.3f", s.status().lastEvaluated().score()));
              }
              if (s.status().nextTickMillis() != null) {
                next = Instant.ofEpochMilli(s.status().nextTickMillis()).toString();
              }
            }
            out.printf("%-28s %-8s %-20s %-16s %-9s %-8s %-6s %-26s %s%n", s.record().id(),
                s.record().kindOrDefault(), s.record().campaignId(), s.record().evalSet(),
                Durations.format(Duration.ofSeconds(s.record().intervalSeconds())), s.state(), evals,
                last, next);
          }
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a schedule of either kind (an evaluation in flight completes) and forget it.")
  static final class Delete implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TemporalOptions temporal;

    @Parameters(index = "0", paramLabel = "ID", description = "schedule id")
    String id;

    private final Injector injector;

    @Inject
    Delete(Injector injector) {
      this.injector = injector;
    }

    @Override
    public Integer call() {
      try (ControlSession control = ControlSession.open(injector, temporal)) {
        try {
          control.get(ScheduleClient.class).delete(id);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("schedule %s: deleted%n", id);
        out.flush();
        return 0;
      }
    }
  }
}
