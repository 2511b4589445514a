package dev.tooln1.ops.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.ops.server.CampaignRegistry.ScheduleRecord;
import dev.tooln1.ops.server.ScheduleClient.Created;
import dev.tooln1.ops.server.ScheduleClient.Mode;
import dev.tooln1.ops.server.ScheduleClient.ScheduleState;
import dev.tooln1.ops.temporal.EmbeddedTemporalServer;
import dev.tooln1.ops.temporal.TemporalConnection;
import dev.tooln1.ops.testing.FakeSchedules;
import dev.tooln1.workflows.dto.ScheduleConfig;
import dev.tooln1.workflows.evaluation.EvaluationSchedulerWorkflow;
import io.grpc.Status;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleListSchedule;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tooln1 schedule}'s client: how a native Schedule is asked for (a recording fake of the
 * SDK's ScheduleClient: no real cluster is reachable here), and the fallback to the scheduler
 * workflow against the real embedded server, which answers UNIMPLEMENTED to CreateSchedule.
 */
class ScheduleClientTest {

  static EmbeddedTemporalServer server;
  static TemporalConnection connection;

  @TempDir
  Path campaigns;

  CampaignRegistry registry;
  FakeSchedules fake;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @BeforeAll
  static void startServer() {
    server = EmbeddedTemporalServer.start(0);
    connection = TemporalConnection.connect(server.target(), EmbeddedTemporalServer.NAMESPACE,
        Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopServer() {
    connection.close();
    server.close();
  }

  @BeforeEach
  void setUp() {
    registry = new CampaignRegistry(campaigns);
    registry.putConfig("c1", "{\"name\": \"c1\"}\n".getBytes(StandardCharsets.UTF_8));
    fake = new FakeSchedules();
  }

  ScheduleClient withFake() {
    return new ScheduleClient(connection.client(), fake, registry, "tooln1-compute", CLOCK);
  }

  ScheduleClient real() {
    return new ScheduleClient(connection.client(), registry, "tooln1-compute", CLOCK);
  }

  @Test
  void nativeCreateAsksForAnIntervalScheduleThatSkipsOverlapsAndStartsTheActionWorkflow() {
    Created created = withFake().create("c1-heldout", "c1", Duration.ofMinutes(10), "heldout", Mode.NATIVE);

    assertThat(created.note()).isNull();
    assertThat(fake.created).containsOnlyKeys("eval-schedule-c1-heldout");
    Schedule s = fake.created.get("eval-schedule-c1-heldout");
    assertThat(s.getSpec().getIntervals()).containsExactly(new ScheduleIntervalSpec(Duration.ofMinutes(10)));
    assertThat(s.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(s.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.getPolicy().isPauseOnFailure()).isFalse();
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) s.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("ScheduledEvaluationWorkflow");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("eval-schedule-c1-heldout");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("tooln1-compute");
    ScheduleConfig config = action.getArguments().get(0, ScheduleConfig.class);
    assertThat(config.scheduleId()).isEqualTo("c1-heldout");
    assertThat(config.campaignId()).isEqualTo("c1");
    assertThat(config.evalSet().uri()).isEqualTo("set:heldout");
    assertThat(config.config()).isEqualTo(registry.config("c1").orElseThrow());
    assertThat(config.taskQueue()).isEqualTo("tooln1-compute");
    assertThat(fake.memos.get("eval-schedule-c1-heldout"))
        .containsEntry("tooln1.campaign", "c1").containsEntry("tooln1.evalSet", "heldout");
    assertThat(registry.schedule("c1-heldout")).contains(new ScheduleRecord("c1-heldout", "c1",
        "heldout", 600, "2026-11-23T10:00:00Z", ScheduleRecord.NATIVE));
  }

  @Test
  void catchUpWindowIsTheIntervalBetweenAMinuteAndAnHour() {
    assertThat(ScheduleClient.catchupWindow(Duration.ofSeconds(5))).isEqualTo(Duration.ofMinutes(1));
    assertThat(ScheduleClient.catchupWindow(Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(20));
    assertThat(ScheduleClient.catchupWindow(Duration.ofHours(6))).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void autoUsesANativeScheduleWhenTheServerHasTheApi() {
    Created created = withFake().create("s", "c1", Duration.ofHours(1), "bfcl/simple_python", Mode.AUTO);

    assertThat(created.record().isNative()).isTrue();
    assertThat(created.note()).isNull();
    assertThat(fake.created).containsOnlyKeys("eval-schedule-s");
  }

  @Test
  void aScheduleThatExistsOnTheClusterIsRefused() {
    fake.createError = new ScheduleAlreadyRunningException(
        Status.ALREADY_EXISTS.withDescription("schedule exists").asRuntimeException());
    assertThatThrownBy(() -> withFake().create("s", "c1", Duration.ofHours(1), "heldout", Mode.NATIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schedule 's' exists already on the Temporal server as Schedule eval-schedule-s "
            + "(delete it first)");
    assertThat(registry.schedules()).isEmpty();
  }

  @Test
  void listShowsANativeScheduleFromItsDescription() {
    ScheduleClient client = withFake();
    client.create("s", "c1", Duration.ofMinutes(30), "heldout", Mode.NATIVE);
    Instant next = Instant.parse("2026-11-23T10:30:00Z");
    fake.described.put("eval-schedule-s", new ScheduleInfo(4, 0, 1, List.of(), List.of(),
        List.of(next), CLOCK.instant(), null));

    List<ScheduleState> all = client.list();

    assertThat(all).singleElement().satisfies(s -> {
      assertThat(s.record().kindOrDefault()).isEqualTo("native");
      assertThat(s.state()).isEqualTo("ACTIVE");
      assertThat(s.status().ticks()).isEqualTo(4);
      assertThat(s.status().interval()).isEqualTo(Duration.ofMinutes(30));
      assertThat(s.status().nextTickMillis()).isEqualTo(next.toEpochMilli());
      assertThat(s.status().evaluations()).isZero(); // no finished run among the recent actions
    });

    fake.described.remove("eval-schedule-s"); // deleted on the cluster behind our back
    assertThat(client.list()).singleElement().extracting(ScheduleState::state).isEqualTo("LOST");
  }

  @Test
  void listAlsoShowsTooln1SchedulesOnTheClusterThatThisDirectoryDoesNotRecord() {
    var converter = DefaultDataConverter.STANDARD_INSTANCE;
    fake.listed.add(new ScheduleListDescription("eval-schedule-elsewhere",
        new ScheduleListSchedule(null, ScheduleSpec.newBuilder()
            .setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofMinutes(15)))).build(), null),
        null, Map.of("tooln1.campaign", converter.toPayload("c9").orElseThrow(),
            "tooln1.evalSet", converter.toPayload("heldout").orElseThrow()), converter, Map.of()));
    fake.listed.add(new ScheduleListDescription("nightly-backup", null, null, Map.of(), converter,
        Map.of()));
    fake.described.put("eval-schedule-elsewhere", new ScheduleInfo(2, 0, 0, List.of(), List.of(),
        List.of(), CLOCK.instant(), null));

    List<ScheduleState> all = withFake().list();

    assertThat(all).singleElement().satisfies(s -> {
      assertThat(s.record()).isEqualTo(new ScheduleRecord("elsewhere", "c9", "heldout", 900, null,
          ScheduleRecord.NATIVE));
      assertThat(s.state()).isEqualTo("ACTIVE");
      assertThat(s.status().ticks()).isEqualTo(2);
    });
  }

  @Test
  void listOnTheEmbeddedServerTakesItsUnimplementedListSchedulesAsNoNativeSchedules() {
    ScheduleClient client = real();
    assertThat(client.list()).isEmpty();
    assertThat(client.list()).isEmpty(); // the second time without asking
  }

  @Test
  void deleteRemovesANativeScheduleOnTheClusterAndForgetsIt() {
    ScheduleClient client = withFake();
    client.create("s", "c1", Duration.ofMinutes(30), "heldout", Mode.NATIVE);

    client.delete("s");

    assertThat(fake.deleted).containsExactly("eval-schedule-s");
    assertThat(registry.schedules()).isEmpty();
    assertThatThrownBy(() -> client.delete("s")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no schedule 's'");
  }

  @Test
  void autoFallsBackToTheSchedulerWorkflowOnTheEmbeddedServerWithANote() {
    ScheduleClient client = real();

    Created created = client.create("fb", "c1", Duration.ofMinutes(5), "heldout", Mode.AUTO);

    assertThat(created.record().kindOrDefault()).isEqualTo(ScheduleRecord.WORKFLOW);
    assertThat(created.note()).isEqualTo("this Temporal server has no Schedules API (CreateSchedule "
        + "answered UNIMPLEMENTED): schedule fb runs as a durable scheduler workflow instead");
    assertThat(connection.client().newUntypedWorkflowStub(EvaluationSchedulerWorkflow.workflowId("fb"))
        .describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(registry.schedule("fb")).get().extracting(ScheduleRecord::kind).isEqualTo("workflow");

    client.delete("fb");
    assertThat(registry.schedules()).isEmpty();
  }

  @Test
  void nativeOnTheEmbeddedServerIsRefusedWithAClearMessage() {
    assertThatThrownBy(() -> real().create("n", "c1", Duration.ofMinutes(5), "heldout", Mode.NATIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("this Temporal server has no Schedules API (CreateSchedule answered "
            + "UNIMPLEMENTED");
    assertThat(registry.schedules()).isEmpty();
  }

  @Test
  void deletingAnUnknownIdOnTheEmbeddedServerSaysThereIsNone() {
    assertThatThrownBy(() -> real().delete("nope")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no schedule 'nope'");
  }

  @Test
  void recordsWrittenBeforeNativeSchedulesReadAsWorkflowSchedules() throws Exception {
    java.nio.file.Files.createDirectories(campaigns.resolve(".schedules"));
    java.nio.file.Files.writeString(campaigns.resolve(".schedules/old.json"), """
        {"id": "old", "campaignId": "c1", "evalSet": "heldout", "intervalSeconds": 60,
         "createdAt": "2026-01-01T00:00:00Z"}
        """);
    ScheduleRecord old = registry.schedule("old").orElseThrow();
    assertThat(old.isNative()).isFalse();
    assertThat(old.kindOrDefault()).isEqualTo("workflow");
  }
}
