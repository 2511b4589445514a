package dev.tooln1.activities.data.prepare;

import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.data.TaskSink;
import dev.tooln1.activities.data.TaskSource;
import dev.tooln1.activities.data.synth.SyntheticToolWorld;
import java.util.List;

/** The synthetic tool world as a data source: its training or held-out stream, {@code count} tasks. */
final class SyntheticSource implements TaskSource {

  private final SyntheticToolWorld world;
  private final int count;
  private final boolean heldOut;
  private final long seed;
  private final String name;

  SyntheticSource(SyntheticToolWorld world, int count, boolean heldOut, long seed, String name) {
    this.world = world;
    this.count = count;
    this.heldOut = heldOut;
    this.seed = seed;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return SyntheticToolWorld.VERSION + " seed=" + seed + (heldOut ? " held-out" : " train");
  }

  @Override
  public long expectedUnits() {
    return count;
  }

  @Override
  public void read(TaskSink sink) {
    List<TaskRecord> tasks = heldOut ? world.heldOut(count) : world.generate(count);
    for (TaskRecord t : tasks) {
      // Records carry the spec's source name, as the file readers' do.
      String id = name + t.id().substring(SyntheticToolWorld.SOURCE.length());
      sink.accept(new TaskRecord(id, name, t.tools(), t.messages(), t.groundTruth()));
      sink.unitDone();
    }
  }
}
