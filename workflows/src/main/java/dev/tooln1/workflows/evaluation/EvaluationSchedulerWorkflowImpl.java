package dev.tooln1.workflows.evaluation;

import dev.tooln1.workflows.ActivityPolicies;
import dev.tooln1.workflows.ErrorTypes;
import dev.tooln1.workflows.activities.CampaignStoreActivities;
import dev.tooln1.workflows.dto.ScheduleConfig;
import dev.tooln1.workflows.dto.SchedulerState;
import dev.tooln1.workflows.dto.SchedulerStatus;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

public final class EvaluationSchedulerWorkflowImpl implements EvaluationSchedulerWorkflow {
  private static final Logger log = Workflow.getLogger(EvaluationSchedulerWorkflowImpl.class);

  private ScheduleConfig config;
  private SchedulerState state = SchedulerState.initial();
  private boolean stopRequested;
  private boolean intervalChanged;
  private Duration signalledInterval;
  private Long nextTickMillis;

  @Override
  public SchedulerState run(ScheduleConfig scheduleConfig, SchedulerState carried) {
    config = signalledInterval == null ? scheduleConfig : scheduleConfig.withInterval(signalledInterval);
    if (carried != null) {
      state = carried;
    }
    if (config.interval() == null || config.interval().isNegative() || config.interval().isZero()) {
      throw ErrorTypes.invalidConfig(
          "schedule " + config.scheduleId() + ": interval must be positive, was " + config.interval());
    }
    if (config.continueAsNewInterval() < 1) {
      throw ErrorTypes.invalidConfig("schedule " + config.scheduleId()
          + ": continueAsNewInterval must be >= 1, was " + config.continueAsNewInterval());
    }
    CampaignStoreActivities store = Workflow.newActivityStub(CampaignStoreActivities.class,
        ActivityPolicies.storeLookup(config.taskQueue()));
    int ticksThisRun = 0;
    while (!stopRequested && !reachedMaxRuns()) {
      if (ticksThisRun >= config.continueAsNewInterval()) {
        Workflow.continueAsNew(config, state);
      }
      if (!waitForTick()) {
        break;
      }
      ticksThisRun++;
      state = ScheduledTick.fire(config, state, store,
          EvaluationSchedulerWorkflow.workflowId(config.scheduleId()) + "-tick-" + (state.ticks() + 1));
    }
    nextTickMillis = null;
    return state;
  }

  private boolean reachedMaxRuns() {
    return config.maxRuns() > 0 && state.evaluations() >= config.maxRuns();
  }

  /** Sleeps one interval (restarted when the interval changes); false if stopped meanwhile. */
  private boolean waitForTick() {
    long deadline = Workflow.currentTimeMillis() + config.interval().toMillis();
    while (true) {
      nextTickMillis = deadline;
      intervalChanged = false;
      long remaining = deadline - Workflow.currentTimeMillis();
      if (remaining <= 0) {
        return true;
      }
      Workflow.await(Duration.ofMillis(remaining), () -> stopRequested || intervalChanged);
      if (stopRequested) {
        return false;
      }
      if (intervalChanged) {
        deadline = Workflow.currentTimeMillis() + config.interval().toMillis();
      }
    }
  }

  @Override
  public void setInterval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      log.warn("schedule: ignoring non-positive interval {}", interval);
      return;
    }
    signalledInterval = interval;
    if (config != null) {
      config = config.withInterval(interval);
    }
    intervalChanged = true;
  }

  @Override
  public void stop() {
    stopRequested = true;
  }

  @Override
  public SchedulerStatus status() {
    if (config == null) {
      return new SchedulerStatus(null, null, signalledInterval, state.ticks(), state.evaluations(),
          state.lastEvaluated(), state.lastResult(), null, stopRequested, state.failures(),
          state.lastError());
    }
    return new SchedulerStatus(config.scheduleId(), config.campaignId(), config.interval(),
        state.ticks(), state.evaluations(), state.lastEvaluated(), state.lastResult(),
        nextTickMillis, stopRequested, state.failures(), state.lastError());
  }
}
