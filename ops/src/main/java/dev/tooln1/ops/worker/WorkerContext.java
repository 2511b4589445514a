package dev.tooln1.ops.worker;

import java.nio.file.Path;
import java.util.List;

/**
 * What a compute worker process is: its unique id, its own task queue (what {@code claimWorker}
 * returns), the shared queue, the device, the campaigns directory (the artifact store's root) and
 * the folders it may read campaign inputs from besides the defaults ({@code --data-root}; see
 * {@code DataRoots.defaults}).
 */
public record WorkerContext(String workerId, String ownQueue, String sharedQueue, String device,
    Path campaignsDir, List<Path> dataRoots) {

  public WorkerContext {
    dataRoots = dataRoots == null ? List.of() : List.copyOf(dataRoots);
  }

  /** No extra data roots. */
  public WorkerContext(String workerId, String ownQueue, String sharedQueue, String device, Path campaignsDir) {
    this(workerId, ownQueue, sharedQueue, device, campaignsDir, List.of());
  }
}
