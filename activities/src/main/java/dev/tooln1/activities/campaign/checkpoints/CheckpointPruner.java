package dev.tooln1.activities.campaign.checkpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.campaign.CampaignError;
import dev.tooln1.activities.campaign.CampaignLayout;
import dev.tooln1.model.checkpoint.CheckpointStore;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Bounds the disk a campaign's step checkpoints take ({@code schedule.keepCheckpoints}). Retained:
 * <ul>
 *   <li>the newest {@code keepNewest} step checkpoints up to the one just verified;</li>
 *   <li>{@code step-000000} (the policy RL starts from, also the KL reference) and {@code base};</li>
 *   <li>long-term checkpoints: those the workflow marked {@code keep} (every
 *       {@code checkpointInterval}-th, every evaluated one, the last), recorded as
 *       {@code step-NNNNNN.keep} beside them;</li>
 *   <li>whatever the workflow still references ({@code UpdateRequest.retain}: the best by
 *       evaluation, the last good checkpoint of the collapse guard, the reference policy);</li>
 *   <li>checkpoints in use: an evaluation reading one holds a {@link CheckpointLeases} marker
 *       ({@code step-NNNNNN.inuse-*}); it is pruned by a later prune once the marker is gone (or
 *       stale).</li>
 * </ul>
 * A pruned checkpoint leaves a tombstone {@code step-NNNNNN.pruned.json} (its URI and manifest
 * sha256), written before the directory goes, so that a restarted campaign fast-forwarding through a
 * completed step gets that step's checkpoint ref back without the weights (see
 * {@link dev.tooln1.activities.campaign.UpdateService}). Idempotent: pruning again removes nothing
 * more; a crash half-way leaves either a tombstone next to an intact checkpoint (pruned again next
 * time) or a hidden {@code .step-NNNNNN.pruning-*} directory (removed next time).
 */
public final class CheckpointPruner {

  static final String KEEP_SUFFIX = ".keep";
  public static final String PRUNED_SUFFIX = ".pruned.json";
  private static final String PRUNING_INFIX = ".pruning-";

  private final Path dir;
  private final CheckpointLeases leases;

  /** @param checkpointsDir the campaign's {@code checkpoints/} directory */
  public CheckpointPruner(Path checkpointsDir) {
    this(checkpointsDir, new CheckpointLeases(checkpointsDir));
  }

  public CheckpointPruner(Path checkpointsDir, CheckpointLeases leases) {
    this.dir = checkpointsDir;
    this.leases = leases;
  }

  /** Marks checkpoint {@code step} as long-term (never pruned). */
  public void markKept(int step) throws IOException {
    Path marker = dir.resolve(CampaignLayout.stepName(step) + KEEP_SUFFIX);
    if (!Files.exists(marker)) {
      Files.createDirectories(dir);
      writeAtomically(marker, new byte[0]);
    }
  }

  public boolean isKept(int step) {
    return Files.exists(dir.resolve(CampaignLayout.stepName(step) + KEEP_SUFFIX));
  }

  /** The ref checkpoint {@code step} had before it was pruned, if it was. */
  public Optional<ArtifactRef> pruned(int step) throws IOException {
    Path tomb = dir.resolve(CampaignLayout.stepName(step) + PRUNED_SUFFIX);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(tomb);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw CampaignError.corruptCheckpoint(tomb + ": unreadable tombstone of a pruned checkpoint: "
          + e.getMessage(), e);
    }
    if (!n.path("uri").isTextual() || !n.path("sha256").isTextual()) {
      throw CampaignError.corruptCheckpoint(tomb + ": tombstone lacks uri or sha256", null);
    }
    return Optional.of(new ArtifactRef(n.path("uri").asText(), n.path("sha256").asText()));
  }

  /**
   * Prunes after checkpoint {@code newestStep} was verified: removes every step checkpoint older than
   * the newest {@code keepNewest} (counting {@code newestStep} itself) that is not retained (see the
   * class comment). Checkpoints newer than {@code newestStep} are never touched.
   *
   * @param retain names of checkpoints still referenced ({@code step-NNNNNN}, {@code base})
   * @return the names pruned now, oldest first
   */
  public List<String> prune(int newestStep, int keepNewest, Collection<String> retain) throws IOException {
    if (keepNewest < 1) {
      throw new IllegalArgumentException("keepNewest must be >= 1, was " + keepNewest);
    }
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    removeLeftovers();
    TreeSet<Integer> steps = new TreeSet<>(Comparator.reverseOrder());
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isDirectory).forEach(p -> {
        int step = CampaignLayout.stepOf(p.getFileName().toString());
        if (step >= 0 && step <= newestStep) {
          steps.add(step);
        }
      });
    }
    Set<String> kept = Set.copyOf(retain);
    List<Integer> victims = new ArrayList<>();
    int newer = 0;
    for (int step : steps) {
      newer++;
      if (newer <= keepNewest || step == 0 || isKept(step)
          || kept.contains(CampaignLayout.stepName(step))) {
        continue;
      }
      victims.add(step);
    }
    List<String> done = new ArrayList<>();
    for (int i = victims.size() - 1; i >= 0; i--) {
      int step = victims.get(i);
      String name = CampaignLayout.stepName(step);
      Path ckpt = dir.resolve(name);
      Path manifest = ckpt.resolve(CheckpointStore.MANIFEST);
      if (!Files.isRegularFile(manifest)) {
        continue; // not a finished checkpoint: leave it for an operator to look at
      }
      Path doomed;
      try (CheckpointLeases.Claim claim = leases.claim(step)) {
        if (claim == null || leases.inUse(step)) {
          continue; // another pruner is at it, or an evaluation reads it: a later prune takes it
        }
        ObjectNode tomb = Json.MAPPER.createObjectNode();
        tomb.put("uri", CampaignLayout.checkpointUri(name));
        tomb.put("sha256", CheckpointStore.sha256(manifest));
        tomb.put("step", step);
        tomb.put("pruned_after_step", newestStep);
        tomb.put("reason", "schedule.keepCheckpoints = " + keepNewest);
        writeAtomically(dir.resolve(name + PRUNED_SUFFIX),
            (Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tomb) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        doomed = dir.resolve("." + name + PRUNING_INFIX + UUID.randomUUID());
        Files.move(ckpt, doomed, StandardCopyOption.ATOMIC_MOVE);
      }
      deleteRecursively(doomed);
      done.add(name);
    }
    return done;
  }

  /** Hidden directories of a prune that crashed half-way; stale in-use markers and claims. */
  private void removeLeftovers() throws IOException {
    leases.removeStale();
    List<Path> leftovers = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().startsWith(".")
          && p.getFileName().toString().contains(PRUNING_INFIX)).forEach(leftovers::add);
    }
    for (Path p : leftovers) {
      deleteRecursively(p);
    }
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    Files.write(tmp, content);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(p)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path q : all) {
      Files.deleteIfExists(q);
    }
  }
}
