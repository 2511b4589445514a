package dev.tooln1.ops.server;

import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.PhaseTimings;
import dev.tooln1.workflows.dto.StepMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus metrics of the campaigns as the orchestrator sees them, fed by the workflows' status
 * and metrics-history queries ({@link #refresh()}, called periodically by the server). Gauges per
 * campaign (tag {@code campaign}): step, reward, accuracy, format-valid rate, KL, response length,
 * tokens/s, eval accuracy, ETA, paused, running, failed; per completed step a timer per phase
 * ({@code tooln1_step_phase_seconds}, tag {@code phase}: rollout, score, update, evaluate, overhead);
 * counters of operator notices (worker fallbacks, rejected updates) and of failed campaigns.
 */
public final class CampaignMetrics {
  private static final Logger log = LoggerFactory.getLogger(CampaignMetrics.class);

  private final MeterRegistry meters;
  private final CampaignRegistry registry;
  private final CampaignClient campaigns;
  private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

  public CampaignMetrics(MeterRegistry meters, CampaignRegistry registry, CampaignClient campaigns) {
    this.meters = meters;
    this.registry = registry;
    this.campaigns = campaigns;
  }

  /** Latest figures of one campaign, read by the gauges. */
  private static final class Tracked {
    volatile CampaignStatus status;
    volatile StepMetrics last;
    volatile Double evalAccuracy;
    volatile double tokensPerSecond = Double.NaN;
    volatile boolean running;
    volatile boolean failed;
    int lastRecordedStep;
    String lastNotice;
    int responsesPerStep;
  }

  /** Queries every known campaign once and updates the meters; never throws. */
  public void refresh() {
    for (String id : registry.campaignIds()) {
      try {
        refresh(id);
      } catch (RuntimeException e) {
        log.debug("metrics: cannot query campaign {}: {}", id, e.toString());
      }
    }
  }

  private void refresh(String id) {
    Optional<CampaignClient.Execution> execution = campaigns.execution(id);
    if (execution.isEmpty()) {
      return;
    }
    Tracked t = tracked.computeIfAbsent(id, this::register);
    boolean failedBefore = t.failed;
    t.running = execution.get().running();
    t.failed = switch (execution.get().status()) {
      case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
          WORKFLOW_EXECUTION_STATUS_TERMINATED -> true;
      default -> false;
    };
    if (t.failed && !failedBefore) {
      meters.counter("tooln1.campaign.failures", "campaign", id).increment();
    }
    CampaignStatus status = campaigns.status(id);
    t.status = status;
    if (status.notice() != null && !Objects.equals(status.notice(), t.lastNotice)) {
      t.lastNotice = status.notice();
      meters.counter("tooln1.campaign.notices", "campaign", id).increment();
    }
    if (status.lastMetrics() != null && status.lastMetrics().step() != t.lastRecordedStep) {
      List<StepMetrics> history = campaigns.history(id);
      for (StepMetrics m : history) {
        if (m.step() > t.lastRecordedStep) {
          record(id, m);
          if (m.evalAccuracy() != null) {
            t.evalAccuracy = m.evalAccuracy();
          }
        }
      }
      t.lastRecordedStep = status.lastMetrics().step();
      t.last = status.lastMetrics();
      t.tokensPerSecond = StepRates.tokensPerSecond(t.last, t.responsesPerStep).orElse(Double.NaN);
    }
  }

  private void record(String id, StepMetrics m) {
    PhaseTimings p = m.timings();
    if (p == null) {
      return;
    }
    phase(id, "rollout", p.rolloutMs());
    phase(id, "score", p.scoreMs());
    phase(id, "update", p.updateMs());
    if (m.evalAccuracy() != null) {
      phase(id, "evaluate", p.evalMs());
    }
    phase(id, "overhead", Math.max(0, p.overheadMs()));
    meters.counter("tooln1.campaign.steps", "campaign", id).increment();
  }

  private void phase(String id, String phase, long millis) {
    Timer.builder("tooln1.step.phase").description("time of a training step's phases as the workflow saw them")
        .tags("campaign", id, "phase", phase).register(meters).record(Duration.ofMillis(millis));
  }

  private Tracked register(String id) {
    Tracked t = new Tracked();
    t.responsesPerStep = registry.configContent(id).map(StepRates::responsesPerStep).orElse(0);
    gauge("tooln1.campaign.step", id, t, x -> x.status == null ? Double.NaN : x.status.step());
    gauge("tooln1.campaign.total.steps", id, t,
        x -> x.status == null || x.status.totalSteps() < 0 ? Double.NaN : x.status.totalSteps());
    gauge("tooln1.campaign.reward", id, t, x -> x.last == null ? Double.NaN : x.last.meanReward());
    gauge("tooln1.campaign.accuracy", id, t, x -> x.last == null ? Double.NaN : x.last.accuracy());
    gauge("tooln1.campaign.format.valid", id, t,
        x -> x.last == null ? Double.NaN : x.last.formatValidRate());
    gauge("tooln1.campaign.kl", id, t, x -> x.last == null ? Double.NaN : x.last.kl());
    gauge("tooln1.campaign.response.tokens", id, t,
        x -> x.last == null ? Double.NaN : x.last.meanResponseTokens());
    gauge("tooln1.campaign.tokens.per.second", id, t, x -> x.tokensPerSecond);
    gauge("tooln1.campaign.eval.accuracy", id, t,
        x -> x.evalAccuracy == null ? Double.NaN : x.evalAccuracy);
    gauge("tooln1.campaign.eta.seconds", id, t, x -> x.status == null || x.status.etaMillis() == null
        ? Double.NaN : x.status.etaMillis() / 1000.0);
    gauge("tooln1.campaign.collapse.rollbacks", id, t,
        x -> x.status == null ? Double.NaN : x.status.rollbacks());
    gauge("tooln1.campaign.paused", id, t, x -> x.status != null && x.status.paused() ? 1 : 0);
    gauge("tooln1.campaign.running", id, t, x -> x.running ? 1 : 0);
    gauge("tooln1.campaign.failed", id, t, x -> x.failed ? 1 : 0);
    return t;
  }

  private void gauge(String name, String id, Tracked t, ToDoubleFunction<Tracked> f) {
    Gauge.builder(name, t, f).tag("campaign", id).strongReference(true).register(meters);
  }

  /** Campaigns currently tracked (for tests and logs). */
  int trackedCount() {
    return tracked.size();
  }

}
