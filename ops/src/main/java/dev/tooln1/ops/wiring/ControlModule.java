package dev.tooln1.ops.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tooln1.ops.console.ConsoleBackend;
import dev.tooln1.ops.console.CampaignArtifacts;
import dev.tooln1.ops.console.TemporalConsoleBackend;
import dev.tooln1.ops.server.CampaignClient;
import dev.tooln1.ops.server.CampaignMetrics;
import dev.tooln1.ops.server.CampaignRegistry;
import dev.tooln1.ops.server.EvaluationClient;
import dev.tooln1.ops.server.NativeSchedules;
import dev.tooln1.ops.server.ScheduleClient;
import dev.tooln1.ops.temporal.TemporalConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What drives campaigns over one Temporal connection and one campaigns directory: the clients of
 * the campaign, evaluation and scheduler workflows, the console backend and the metrics. Used by
 * the server, {@code tooln1 console} and the CLI's campaign/schedule/eval commands.
 */
public final class ControlModule extends AbstractModule {
  private final TemporalConnection connection;
  private final Path campaignsDir;
  private final String taskQueue;

  public ControlModule(TemporalConnection connection, Path campaignsDir, String taskQueue) {
    this.connection = connection;
    this.campaignsDir = campaignsDir;
    this.taskQueue = taskQueue;
  }

  @Override
  protected void configure() {
    bind(TemporalConnection.class).toInstance(connection);
  }

  @Provides
  @Singleton
  CampaignRegistry registry() {
    return new CampaignRegistry(campaignsDir);
  }

  @Provides
  @Singleton
  CampaignClient campaigns() {
    return new CampaignClient(connection.client(), taskQueue);
  }

  @Provides
  @Singleton
  EvaluationClient evaluations() {
    return new EvaluationClient(connection.client(), taskQueue);
  }

  @Provides
  @Singleton
  ScheduleClient schedules(CampaignRegistry registry, Clock clock, NativeSchedules natives) {
    return new ScheduleClient(connection.client(), natives.client(connection.client()), registry,
        taskQueue, clock);
  }

  @Provides
  @Singleton
  ConsoleBackend consoleBackend(CampaignRegistry registry, CampaignClient campaigns,
      ScheduleClient schedules, EvaluationClient evaluations) {
    return new TemporalConsoleBackend(registry, campaigns, schedules, evaluations,
        new CampaignArtifacts(registry.root()));
  }

  @Provides
  @Singleton
  PrometheusMeterRegistry meters() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @Provides
  @Singleton
  CampaignMetrics metrics(PrometheusMeterRegistry meters, CampaignRegistry registry,
      CampaignClient campaigns) {
    return new CampaignMetrics(meters, registry, campaigns);
  }
}
