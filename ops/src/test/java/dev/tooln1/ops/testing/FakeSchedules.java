package dev.tooln1.ops.testing;

import io.grpc.Status;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.workflow.Functions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Records what the client asks of the Schedules API; describes what it created unless removed. */
public final class FakeSchedules implements io.temporal.client.schedules.ScheduleClient {
  public final Map<String, Schedule> created = new ConcurrentHashMap<>();
  public final Map<String, Map<String, Object>> memos = new ConcurrentHashMap<>();
  public final Map<String, ScheduleInfo> described = new ConcurrentHashMap<>();
  public final List<String> deleted = new CopyOnWriteArrayList<>();
  public volatile RuntimeException createError;
  /** What {@code listSchedules} returns (Schedules created elsewhere). */
  public final List<ScheduleListDescription> listed = new CopyOnWriteArrayList<>();

  @Override
  public ScheduleHandle createSchedule(String id, Schedule schedule, ScheduleOptions options) {
    if (createError != null) {
      throw createError;
    }
    created.put(id, schedule);
    memos.put(id, options.getMemo());
    described.put(id, new ScheduleInfo(0, 0, 0, List.of(), List.of(), List.of(), Instant.EPOCH, null));
    return getHandle(id);
  }

  @Override
  public ScheduleHandle getHandle(String id) {
    return new ScheduleHandle() {
      @Override
      public String getId() {
        return id;
      }

      @Override
      public ScheduleDescription describe() {
        ScheduleInfo info = described.get(id);
        if (info == null) {
          throw new ScheduleException(Status.NOT_FOUND.withDescription("no " + id).asRuntimeException());
        }
        return new ScheduleDescription(id, info, created.get(id), Map.of(), null, Map.of(),
            DefaultDataConverter.STANDARD_INSTANCE);
      }

      @Override
      public void delete() {
        if (described.remove(id) == null) {
          throw new ScheduleException(Status.NOT_FOUND.withDescription("no " + id).asRuntimeException());
        }
        deleted.add(id);
      }

      @Override
      public void backfill(List<ScheduleBackfill> backfills) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void pause(String note) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void pause() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void trigger(ScheduleOverlapPolicy overlapPolicy) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void trigger() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void unpause(String note) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void unpause() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void update(Functions.Func1<ScheduleUpdateInput, ScheduleUpdate> updater) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules() {
    return listed.stream();
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules(Integer pageSize) {
    return Stream.empty();
  }

  @Override
  public Stream<ScheduleListDescription> listSchedules(String query, Integer pageSize) {
    return Stream.empty();
  }
}
