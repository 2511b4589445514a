package dev.tooln1.ops.cli;

import dev.tooln1.ops.server.CampaignClient;
import dev.tooln1.ops.server.CampaignClient.Execution;
import dev.tooln1.ops.server.StepRates;
import dev.tooln1.workflows.dto.CampaignResult;
import dev.tooln1.workflows.dto.CampaignStatus;
import dev.tooln1.workflows.dto.Phase;
import dev.tooln1.workflows.dto.StepMetrics;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Live progress of a campaign ({@code campaign watch}, {@code campaign start --wait}): one line
 * whenever the phase or step changes, then the outcome when the campaign ends.
 */
final class CampaignWatcher {
  /** A phase that lasts longer than this gets a line with its activity's progress this often. */
  private static final long PROGRESS_EVERY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
  private final CampaignClient campaigns;
  private final PrintWriter out;
  private final int responsesPerStep;
  private final long pollMillis;

  CampaignWatcher(CampaignClient campaigns, PrintWriter out, int responsesPerStep, long pollMillis) {
    this.campaigns = campaigns;
    this.out = out;
    this.responsesPerStep = responsesPerStep;
    this.pollMillis = pollMillis;
  }

  /**
   * Follows the campaign until it ends.
   *
   * @return 0 if it completed (or stopped), 1 if it failed
   */
  int watch(String id) throws InterruptedException {
    String lastKey = null;
    long lastProgress = System.nanoTime();
    String lastSaid = "";
    while (true) {
      Optional<Execution> e = campaigns.execution(id);
      if (e.isEmpty()) {
        throw new OpsFailure("campaign '" + id + "' is not known to this Temporal server "
            + "(start it with tooln1 campaign start --config FILE)");
      }
      CampaignStatus s = queryOrNull(id);
      if (s != null) {
        String key = s.phase() + "/" + s.step() + "/" + s.paused() + "/" + s.stopRequested()
            + "/" + s.notice();
        if (!Objects.equals(key, lastKey)) {
          out.println(line(id, s, responsesPerStep));
          out.flush();
          lastKey = key;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress >= PROGRESS_EVERY_NANOS) {
          // a long phase (SFT, a big step, an evaluation): what its activity last reported
          List<String> running = campaigns.activityProgress(id);
          String said = String.join("; ", running);
          if (!running.isEmpty() && !said.equals(lastSaid)) {
            out.println("  ... " + said);
            out.flush();
            lastSaid = said;
          }
          lastProgress = System.nanoTime();
        }
      }
      if (!e.get().running()) {
        return outcome(id);
      }
      Thread.sleep(pollMillis);
    }
  }

  private CampaignStatus queryOrNull(String id) {
    try {
      return campaigns.status(id);
    } catch (RuntimeException e) {
      return null; // e.g. between continue-as-new runs; the next poll answers
    }
  }

  private int outcome(String id) {
    try {
      CampaignResult r = campaigns.result(id);
      out.printf(Locale.ROOT, "campaign %s %s after %d steps; last checkpoint %s%s%s%n", id,
          r.stopped() ? "stopped" : "completed", r.steps(),
          r.lastCheckpoint() == null ? "-" : r.lastCheckpoint().uri(),
          r.best() == null || r.best().score() == null ? ""
              : String.format(Locale.ROOT, "; best step %d (eval %.3f)", r.best().step(), r.best().score()),
          r.finalEval() == null ? ""
              : String.format(Locale.ROOT, "; final eval accuracy %.3f on %d examples%s",
                  r.finalEval().accuracy(), r.finalEval().examples(),
                  r.baselineEval() == null ? ""
                      : String.format(Locale.ROOT, " (%.3f before the first step)", r.baselineEval().accuracy())));
      out.flush();
      return 0;
    } catch (WorkflowFailedException e) {
      throw new OpsFailure("campaign " + id + " failed: " + rootMessage(e));
    }
  }

  static String rootMessage(Throwable failure) {
    Throwable t = failure;
    String message = failure.getMessage();
    while (t != null) {
      if (t instanceof ApplicationFailure app) {
        message = app.getOriginalMessage();
        break;
      }
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
      t = t.getCause();
    }
    return message;
  }

  /** One progress line: phase, step, reward, accuracy, tokens/s, ETA. */
  static String line(String id, CampaignStatus s, int responsesPerStep) {
    StringBuilder b = new StringBuilder();
    b.append(id).append(' ').append(s.phase());
    if (s.paused() && s.phase() != Phase.PAUSED) {
      b.append(" (pausing after this step)");
    }
    if (s.stopRequested()) {
      b.append(" (stopping)");
    }
    b.append("  step ").append(s.step());
    if (s.totalSteps() > 0) {
      b.append('/').append(s.totalSteps());
    }
    StepMetrics m = s.lastMetrics();
    if (m != null) {
      b.append(String.format(Locale.ROOT, "  reward %.3f  acc %.3f  fmt %.2f  kl %.4f", m.meanReward(),
          m.accuracy(), m.formatValidRate(), m.kl()));
      OptionalDouble tps = StepRates.tokensPerSecond(m, responsesPerStep);
      if (tps.isPresent()) {
        b.append(String.format(Locale.ROOT, "  tok/s %.0f", tps.getAsDouble()));
      }
      if (m.evalAccuracy() != null) {
        b.append(String.format(Locale.ROOT, "  eval %.3f", m.evalAccuracy()));
      }
    }
    if (s.etaMillis() != null) {
      b.append("  ETA ").append(Durations.format(Duration.ofMillis(s.etaMillis())));
    }
    if (s.notice() != null) {
      b.append("  [").append(s.notice()).append(']');
    }
    return b.toString();
  }
}
