package dev.tooln1.ops.console;

import dev.tooln1.activities.benchmarks.Proportion;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.activities.campaign.EvalSet;
import dev.tooln1.activities.campaign.records.CampaignEnd;
import dev.tooln1.ops.console.EvalRecords.EvalRecord;
import dev.tooln1.ops.server.CampaignCheckpoints;
import dev.tooln1.ops.server.CampaignClient;
import dev.tooln1.ops.server.CampaignClient.Execution;
import dev.tooln1.ops.server.CampaignRegistry;
import dev.tooln1.ops.server.EvaluationClient;
import dev.tooln1.ops.server.ScheduleClient;
import dev.tooln1.ops.server.ScheduleClient.ScheduleState;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.CheckpointRecord;
import dev.tooln1.workflows.dto.EvalResult;
import dev.tooln1.workflows.dto.Phase;
import dev.tooln1.workflows.dto.PhaseTimings;
import dev.tooln1.workflows.dto.StepMetrics;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's backend over Temporal: campaigns are those recorded in the campaigns directory
 * (which outlives the embedded server's in-memory history); their state comes from the workflows'
 * status and metrics-history queries, actions are signals, evaluations {@code EvaluationWorkflow}s,
 * schedules the scheduler workflows' status queries.
 *
 * <p>Statuses: RUNNING, PAUSED, STOPPING, COMPLETED (also after a stop; the phase says STOPPED),
 * FAILED (failed, terminated, timed out, cancelled), LOST (recorded, but unknown to this Temporal
 * server and its directory does not tell how it ended: lost while running; {@code tooln1 campaign
 * start} resumes it). A campaign unknown to the server (the embedded server was restarted) whose
 * directory records how its workflow ended ({@link CampaignArtifacts#ended}) is shown that way:
 * COMPLETED, COMPLETED with phase STOPPED, or FAILED, at its step.
 */
public final class TemporalConsoleBackend implements ConsoleBackend {
  private static final Logger log = LoggerFactory.getLogger(TemporalConsoleBackend.class);
  /** The held-out evaluation the campaign workflow runs every evalInterval steps. */

  private final CampaignRegistry registry;
  private final CampaignClient campaigns;
  private final ScheduleClient schedules;
  private final EvaluationClient evaluations;
  private final CampaignArtifacts artifacts;

  public TemporalConsoleBackend(CampaignRegistry registry, CampaignClient campaigns,
      ScheduleClient schedules, EvaluationClient evaluations, CampaignArtifacts artifacts) {
    this.registry = registry;
    this.artifacts = artifacts;
    this.campaigns = campaigns;
    this.schedules = schedules;
    this.evaluations = evaluations;
  }

  @Override
  public List<CampaignSummary> campaigns() {
    List<CampaignSummary> all = new ArrayList<>();
    for (String id : registry.campaignIds()) {
      Optional<Execution> execution = campaigns.execution(id);
      all.add(summary(id, execution, execution.isPresent() ? query(id) : Optional.empty()));
    }
    return all;
  }

  @Override
  public Optional<CampaignDetail> campaign(String id) {
    Optional<Execution> execution = campaigns.execution(id);
    if (execution.isEmpty() && registry.config(id).isEmpty()) {
      return Optional.empty();
    }
    Optional<CampaignStatus> status = execution.isPresent() ? query(id) : Optional.empty();
    List<StepMetrics> history = execution.isPresent() ? safeHistory(id) : List.of();
    ChartHistory chart = chartHistory(history, artifacts, id);
    List<EvalRecord> records = artifacts.evals(id);
    List<BfclReportView> bfcl = artifacts.bfcl(id, records);
    List<EvalPoint> evals = evals(records, history, scheduledEvals(id));
    CampaignSummary summary = withDiskProgress(summary(id, execution, status), execution.isEmpty(), chart);
    return Optional.of(new CampaignDetail(summary, chart.points(),
        chart.source(), evals, artifacts.samples(id), checkpoints(status.orElse(null), records, bfcl),
        bfcl.stream().filter(b -> b.step() == null).toList()));
  }

  /** The steps the charts plot and where they came from. */
  record ChartHistory(List<StepPoint> points, HistorySource source) {}

  /**
   * The workflow's history when it has one; otherwise (the Temporal server does not know the campaign,
   * or its history query failed) the newest steps of the campaign's own metrics files.
   */
  static ChartHistory chartHistory(List<StepMetrics> workflowHistory, CampaignArtifacts artifacts, String id) {
    if (!workflowHistory.isEmpty()) {
      return new ChartHistory(workflowHistory.stream().map(TemporalConsoleBackend::point).toList(),
          new HistorySource(HISTORY_WORKFLOW, "Charts: the campaign workflow's step history."));
    }
    List<StepPoint> onDisk = artifacts.steps(id);
    if (onDisk.isEmpty()) {
      return new ChartHistory(List.of(), new HistorySource(HISTORY_NONE, "Charts: no step recorded yet."));
    }
    String range = onDisk.size() == 1 ? "step " + onDisk.get(0).step()
        : "steps " + onDisk.get(0).step() + "–" + onDisk.get(onDisk.size() - 1).step();
    return new ChartHistory(onDisk, new HistorySource(HISTORY_FILES, "Charts: the workflow has no history of this "
        + "campaign, so they show its metrics/step-*.json files on disk (" + range + ", the newest "
        + artifacts.stepLimit() + " at most); rollout and score times are not recorded there."));
  }

  /**
   * A campaign unknown to the Temporal server shows the reward of its newest metrics file; a LOST one
   * also its step from that file (an ended one has its step from the end record).
   */
  private static CampaignSummary withDiskProgress(CampaignSummary s, boolean unknownToTemporal, ChartHistory chart) {
    if (!unknownToTemporal || !HISTORY_FILES.equals(chart.source().kind())) {
      return s;
    }
    StepPoint last = chart.points().get(chart.points().size() - 1);
    boolean lost = LOST.equals(s.status());
    if (!lost && last.step() != s.step()) {
      return s; // no metrics of the step it ended at (e.g. a collapsed last step): no reward shown
    }
    return new CampaignSummary(s.id(), s.name(), s.status(), s.phase(), lost ? last.step() : s.step(),
        s.totalSteps(), last.meanReward(), s.lastAccuracy(), s.etaSeconds(), s.startedAt());
  }

  /** The last result of each schedule of the campaign, as an evaluation of its checkpoint. */
  private List<EvalPoint> scheduledEvals(String id) {
    List<EvalPoint> out = new ArrayList<>();
    for (ScheduleState s : safeSchedules()) {
      if (s.record().campaignId().equals(id) && s.status() != null && s.status().lastResult() != null
          && s.status().lastEvaluated() != null) {
        int step = s.status().lastEvaluated().step();
        EvalResult r = s.status().lastResult();
        Integer correct = r.examples() > 0 ? EvalRecords.countOf(r.accuracy(), r.examples()) : null;
        Proportion p = correct == null ? null : Proportion.of(correct, r.examples());
        out.add(new EvalPoint(step, "scheduled-step-" + step, r.accuracy(), p == null ? null : p.lower(),
            p == null ? null : p.upper(), r.examples() > 0 ? r.examples() : null));
      }
    }
    return out;
  }

  /**
   * The campaign's evaluations: its reports on disk (with n and the interval), then what only the
   * workflow's history knows (accuracy alone: it keeps no set size) and schedules' last results
   * whose report is not on disk here.
   */
  static List<EvalPoint> evals(List<EvalRecord> records, List<StepMetrics> history, List<EvalPoint> scheduled) {
    List<EvalPoint> evals = new ArrayList<>();
    Set<String> known = new HashSet<>();
    Set<Integer> stepsOnDisk = new HashSet<>();
    for (EvalRecord r : records) {
      evals.add(r.point());
      known.add(r.step() + "/" + r.label());
      stepsOnDisk.add(r.step());
    }
    for (StepMetrics m : history) {
      if (m.evalAccuracy() != null && !stepsOnDisk.contains(m.step())) {
        evals.add(new EvalPoint(m.step(), "step-" + m.step(), m.evalAccuracy(), null, null, null));
      }
    }
    for (EvalPoint p : scheduled) {
      if (!known.contains(p.step() + "/" + p.label())) {
        evals.add(p);
      }
    }
    evals.sort(Comparator.comparingInt(EvalPoint::step).thenComparing(EvalPoint::label));
    return evals;
  }

  @Override
  public void pause(String id) {
    campaigns.pause(id);
  }

  @Override
  public void resume(String id) {
    campaigns.resume(id);
  }

  @Override
  public void stop(String id) {
    campaigns.stop(id);
  }

  /**
   * Resolved from the campaign's directory (its newest verified checkpoint, or the step asked for),
   * so that a campaign whose workflow history is gone can still be evaluated.
   */
  @Override
  public String evaluate(String id, Integer step, EvalSet set) {
    ArtifactRef config = registry.config(id).orElseThrow(
        () -> new IllegalArgumentException("no campaign " + id));
    EvaluationClient.checkFits(registry, id, set);
    CampaignCheckpoints.Resolved target = new CampaignCheckpoints(registry.root(), id)
        .resolve(step == null ? "latest" : Integer.toString(step));
    return evaluations.start(id, config, target.ref(), target.step(), set);
  }

  @Override
  public List<ScheduleView> schedules() {
    List<ScheduleView> all = new ArrayList<>();
    for (ScheduleState s : safeSchedules()) {
      String lastRun = null;
      String nextRun = null;
      if (s.status() != null) {
        if (s.status().lastEvaluated() != null) {
          lastRun = "step " + s.status().lastEvaluated().step()
              + (s.status().lastEvaluated().score() == null ? " (failed)"
              : String.format(java.util.Locale.ROOT, ": %.3f", s.status().lastEvaluated().score()));
        }
        if (s.status().nextTickMillis() != null) {
          nextRun = Instant.ofEpochMilli(s.status().nextTickMillis()).toString();
        }
      }
      all.add(new ScheduleView(s.record().id(), s.record().campaignId(), s.record().evalSet(),
          s.record().intervalSeconds(), lastRun, nextRun, s.state(), s.record().kindOrDefault()));
    }
    return all;
  }

  // --- mapping ---

  private CampaignSummary summary(String id, Optional<Execution> execution,
      Optional<CampaignStatus> status) {
    String startedAt = execution.map(Execution::startTime).map(Instant::toString).orElse(null);
    if (execution.isEmpty()) {
      return artifacts.ended(id).map(end -> ended(id, end))
          .orElseGet(() -> new CampaignSummary(id, id, LOST, null, 0, null, null, null, null, null));
    }
    String state = state(execution.get(), status.orElse(null));
    if (status.isEmpty()) {
      return new CampaignSummary(id, id, state, null, 0, null, null, null, null, startedAt);
    }
    CampaignStatus s = status.get();
    StepMetrics last = s.lastMetrics();
    return new CampaignSummary(id, id, state, s.phase() == null ? null : s.phase().name(), s.step(),
        s.totalSteps() < 0 ? null : s.totalSteps(), last == null ? null : last.meanReward(),
        last == null ? null : last.accuracy(),
        s.etaMillis() == null || !execution.get().running() ? null : s.etaMillis() / 1000,
        startedAt);
  }

  /** A campaign known to the campaigns directory but neither to Temporal nor by a recorded end. */
  static final String LOST = "LOST";

  /**
   * The row of a campaign whose history is gone, from its recorded end: the status words of a
   * workflow that ended that way ({@link #state}; a stopped one is COMPLETED with phase STOPPED),
   * at the recorded step. Planned steps, ETA and start time are not recorded.
   */
  public static CampaignSummary ended(String id, CampaignEnd end) {
    return switch (end.phase()) {
      case COMPLETED -> new CampaignSummary(id, id, "COMPLETED", Phase.COMPLETED.name(), end.step(), null, null,
          null, null, null);
      case STOPPED -> new CampaignSummary(id, id, "COMPLETED", Phase.STOPPED.name(), end.step(), null, null,
          null, null, null);
      case FAILED -> new CampaignSummary(id, id, "FAILED", null, end.step(), null, null, null, null, null);
    };
  }

  /** The console's status word for a campaign run. */
  public static String state(Execution execution, CampaignStatus status) {
    WorkflowExecutionStatus s = execution.status();
    if (execution.running()) {
      if (status != null && status.stopRequested()) {
        return "STOPPING";
      }
      return status != null && status.paused() ? "PAUSED" : "RUNNING";
    }
    return s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        || s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW
        ? "COMPLETED" : "FAILED";
  }

  private static StepPoint point(StepMetrics m) {
    PhaseTimings t = m.timings();
    return new StepPoint(m.step(), m.meanReward(), m.formatValidRate(), m.kl(),
        m.meanResponseTokens(), t == null ? null : t.rolloutMs() / 1000.0,
        t == null ? null : t.scoreMs() / 1000.0, t == null ? null : t.updateMs() / 1000.0);
  }

  /**
   * The checkpoints worth listing: the last and the best (from the workflow), and every one that
   * was evaluated or has a BFCL report, each with those evaluations and reports.
   */
  static List<CheckpointView> checkpoints(CampaignStatus status, List<EvalRecord> records,
      List<BfclReportView> bfcl) {
    record Known(String uri, String sha256, String kind) {}
    TreeMap<Integer, Known> steps = new TreeMap<>();
    if (status != null) {
      CheckpointRecord best = status.best();
      if (best != null && best.checkpoint() != null && best.step() != status.step()) {
        steps.put(best.step(), new Known(best.checkpoint().uri(), best.checkpoint().sha256(), "best"));
      }
      if (status.lastCheckpoint() != null) {
        boolean alsoBest = best != null && best.step() == status.step();
        steps.put(status.step(), new Known(status.lastCheckpoint().uri(), status.lastCheckpoint().sha256(),
            alsoBest ? "last, best" : "last"));
      }
    }
    for (EvalRecord r : records) {
      steps.putIfAbsent(r.step(), new Known(r.checkpointUri(), r.checkpointSha256(), "evaluated"));
    }
    for (BfclReportView b : bfcl) {
      if (b.step() != null) {
        steps.putIfAbsent(b.step(), new Known(CampaignLayout.checkpointUri(b.step()), null, "evaluated"));
      }
    }
    List<CheckpointView> list = new ArrayList<>();
    steps.forEach((step, k) -> list.add(new CheckpointView(step, k.uri(), k.sha256(), k.kind(),
        records.stream().filter(r -> r.step() == step).map(EvalRecord::point).toList(),
        bfcl.stream().filter(b -> step.equals(b.step())).toList())));
    return list;
  }

  @Override
  public Optional<Document> bfclReport(String id, String name) {
    return registry.config(id).isEmpty() ? Optional.empty() : artifacts.bfclReport(id, name);
  }

  @Override
  public Optional<Document> evalFile(String id, String path) {
    return registry.config(id).isEmpty() ? Optional.empty() : artifacts.evalFile(id, path);
  }

  private Optional<CampaignStatus> query(String id) {
    try {
      return Optional.of(campaigns.status(id));
    } catch (RuntimeException e) {
      log.debug("status query of {} failed: {}", id, e.toString());
      return Optional.empty();
    }
  }

  private List<StepMetrics> safeHistory(String id) {
    try {
      return campaigns.history(id);
    } catch (RuntimeException e) {
      log.debug("history query of {} failed: {}", id, e.toString());
      return List.of();
    }
  }

  private List<ScheduleState> safeSchedules() {
    try {
      return schedules.list();
    } catch (RuntimeException e) {
      log.debug("schedule list failed: {}", e.toString());
      return List.of();
    }
  }
}
