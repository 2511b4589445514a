package dev.tooln1.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import dev.tooln1.ops.server.CampaignRegistry;
import dev.tooln1.ops.server.NativeSchedules;
import dev.tooln1.ops.temporal.EmbeddedTemporalServer;
import dev.tooln1.ops.temporal.TemporalConnection;
import dev.tooln1.ops.testing.Cli;
import dev.tooln1.ops.testing.Cli.Result;
import dev.tooln1.ops.testing.FakeSchedules;
import dev.tooln1.workflows.WorkflowRegistry;
import dev.tooln1.workflows.dto.CampaignConfig;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.worker.WorkerFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tooln1 schedule create|list|delete} with both kinds: the Schedules API is a recording fake
 * (as on a real cluster, which tests cannot reach), workflows run on the real embedded server.
 */
class ScheduleCommandTest {

  static final String TEN_MINUTES = Durations.format(Duration.ofMinutes(10));
  static final String AN_HOUR = Durations.format(Duration.ofHours(1));

  static EmbeddedTemporalServer server;
  static TemporalConnection connection;
  static WorkerFactory workers;

  @TempDir
  Path campaigns;

  final FakeSchedules fake = new FakeSchedules();
  final Module withFake = binder -> binder.bind(NativeSchedules.class).toInstance(workflows -> fake);

  @BeforeAll
  static void startServer() {
    server = EmbeddedTemporalServer.start(0);
    // the orchestrator's part: a workflow worker, so that `list` can query the scheduler workflow
    connection = TemporalConnection.connect(server.target(), EmbeddedTemporalServer.NAMESPACE,
        Duration.ofSeconds(10));
    workers = connection.newWorkerFactory();
    WorkflowRegistry.registerWorkflows(workers.newWorker(CampaignConfig.DEFAULT_TASK_QUEUE));
    workers.start();
  }

  @AfterAll
  static void stopServer() {
    workers.shutdownNow();
    connection.close();
    server.close();
  }

  Result schedule(String... args) {
    List<String> all = new ArrayList<>(List.of("schedule"));
    all.addAll(List.of(args));
    all.addAll(List.of("--temporal", server.target(), "--campaigns", campaigns.toString()));
    return Cli.run(withFake, all.toArray(String[]::new));
  }

  @Test
  void bothKindsAreCreatedListedWithTheirKindAndDeleted() {
    new CampaignRegistry(campaigns).putConfig("c1", "{}\n".getBytes(StandardCharsets.UTF_8));

    Result nativeCreate = schedule("create", "--campaign", "c1", "--every", "10m");
    assertThat(nativeCreate.code()).as(nativeCreate.err()).isZero();
    assertThat(nativeCreate.err()).isEmpty();
    assertThat(nativeCreate.out()).isEqualTo(
        "schedule c1-heldout: evaluates campaign c1 on heldout every " + TEN_MINUTES
        + " (native Temporal Schedule)\n");
    assertThat(((ScheduleActionStartWorkflow) fake.created.get("eval-schedule-c1-heldout").getAction())
        .getWorkflowType()).isEqualTo("ScheduledEvaluationWorkflow");

    Result workflowCreate = schedule("create", "--campaign", "c1", "--every", "1h", "--id", "hourly",
        "--kind", "workflow");
    assertThat(workflowCreate.code()).as(workflowCreate.err()).isZero();
    assertThat(workflowCreate.out()).endsWith("every " + AN_HOUR + " (scheduler workflow)\n");

    Result again = schedule("create", "--campaign", "c1", "--every", "5m", "--kind", "native");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).isEqualTo(
        "tooln1 schedule create: schedule 'c1-heldout' exists already (delete it first)\n");

    Result list = schedule("list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).containsPattern("(?m)^SCHEDULE\\s+KIND\\s+CAMPAIGN")
        .containsPattern("(?m)^c1-heldout\\s+native\\s+c1\\s+heldout\\s+" + TEN_MINUTES + "\\s+ACTIVE\\s")
        .containsPattern("(?m)^hourly\\s+workflow\\s+c1\\s+heldout\\s+" + AN_HOUR + "\\s+ACTIVE\\s");

    assertThat(schedule("delete", "c1-heldout").code()).isZero();
    assertThat(fake.deleted).containsExactly("eval-schedule-c1-heldout");
    assertThat(schedule("delete", "hourly").code()).isZero();
    assertThat(schedule("list").out()).isEqualTo("no schedules\n");
  }

  @Test
  void aSetTheCampaignCannotReadIsRefusedBeforeAnythingIsCreated() {
    CampaignRegistry registry = new CampaignRegistry(campaigns);
    registry.putConfig("trim", "{\"name\": \"trim\", \"model\": {\"preset\": \"tiny\", \"trimVocabulary\": true}}\n"
        .getBytes(StandardCharsets.UTF_8));

    Result bfcl = schedule("create", "--campaign", "trim", "--every", "10m", "--set", "bfcl/simple_python");
    assertThat(bfcl.code()).isEqualTo(2);
    assertThat(bfcl.err()).startsWith("tooln1 schedule create: campaign trim cannot be evaluated on bfcl/simple_python: "
        + "its model has a trimmed vocabulary").doesNotContain("\tat ");
    Result unknown = schedule("create", "--campaign", "trim", "--every", "10m", "--set", "heldout/x");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown evaluation set 'heldout/x'; known sets: heldout, bfcl,");
    assertThat(fake.created).isEmpty();
    assertThat(registry.schedules()).isEmpty();

    Result limited = schedule("create", "--campaign", "trim", "--every", "10m", "--limit", "5");
    assertThat(limited.code()).as(limited.err()).isZero();
    assertThat(limited.out()).startsWith("schedule trim-heldout.limit-5: evaluates campaign trim on heldout?limit=5");
    assertThat(schedule("delete", "trim-heldout.limit-5").code()).isZero();
  }
}
