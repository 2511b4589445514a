package dev.tooln1.ops.server;

import com.google.inject.ImplementedBy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;

/**
 * Makes the Temporal SDK's Schedules client over a workflow client's connection and namespace. A
 * seam of its own so that CLI tests can hand {@code tooln1 schedule} a recording fake: no real
 * cluster (the only kind with the Schedules API) is reachable from tests.
 */
@ImplementedBy(NativeSchedules.Sdk.class)
public interface NativeSchedules {

  ScheduleClient client(WorkflowClient workflows);

  /** The SDK's client (no RPC until used). */
  final class Sdk implements NativeSchedules {
    @Override
    public ScheduleClient client(WorkflowClient workflows) {
      return ScheduleClient.newInstance(workflows.getWorkflowServiceStubs(),
          ScheduleClientOptions.newBuilder().setNamespace(workflows.getOptions().getNamespace()).build());
    }
  }
}
