package dev.tooln1.activities.campaign;

import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The folders a compute worker reads a campaign's inputs from (its data spec's source files, a
 * Hugging Face checkpoint, a tokenizer). A campaign config is written by whoever can start a
 * campaign, and a worker must not become a way to read any file the worker's account can (keys,
 * another project's data): every input path is checked, after following symbolic links, to lie
 * inside one of these roots. The campaign's own directory (prepared data, checkpoints, the recorded
 * data spec) is read through the artifact store, which has its own confinement.
 *
 * <p>{@code tooln1 worker} uses {@link #defaults} plus its {@code --data-root} folders;
 * {@link #unrestricted()} is for in-process use (tests, the demo recipe) where the caller wrote the
 * config itself.
 */
public final class DataRoots {

  private final List<Path> roots; // real paths (or normalised absolute ones that do not exist yet)
  private final boolean unrestricted;

  private DataRoots(List<Path> roots, boolean unrestricted) {
    this.roots = List.copyOf(roots);
    this.unrestricted = unrestricted;
  }

  /** No confinement. */
  public static DataRoots unrestricted() {
    return new DataRoots(List.of(), true);
  }

  /** Exactly these folders. */
  public static DataRoots of(Collection<Path> folders) {
    Set<Path> real = new LinkedHashSet<>();
    for (Path f : folders) {
      real.add(realOrNormal(f));
    }
    return new DataRoots(new ArrayList<>(real), false);
  }

  /**
   * The project's {@code data/} folder (vendored tokenizers, ToolACE sample, BFCL, API-Bank), the
   * campaigns directory, and {@code extra}. Campaign starts record the data spec itself inside the
   * campaign directory, so synthetic and vendored data need no other root.
   */
  public static DataRoots defaults(Path campaignsRoot, Collection<Path> extra) {
    List<Path> all = new ArrayList<>();
    try {
      all.add(DataFiles.projectRoot().resolve("data"));
    } catch (UncheckedIOException e) {
      // no project root (a worker started outside the project without TOOLN1_HOME): no vendored data
    }
    all.add(campaignsRoot);
    all.addAll(extra);
    return of(all);
  }

  public boolean isUnrestricted() {
    return unrestricted;
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * {@code path} if it lies inside a root (its real path, symbolic links followed; the nearest
   * existing folder's real path for something that does not exist yet).
   *
   * @param what the config field it comes from, for the message
   * @throws CampaignError (invalid config) naming the path and the roots
   */
  public Path check(String what, Path path) {
    if (unrestricted) {
      return path;
    }
    Path real = realOrNormal(path);
    for (Path r : roots) {
      if (real.startsWith(r)) {
        return path;
      }
    }
    throw CampaignError.invalidConfig(what + ": " + path
        + (real.equals(path.toAbsolutePath().normalize()) ? "" : " (really " + real + ")")
        + " is outside this worker's data roots (" + describe()
        + "); start the worker with --data-root naming a folder that holds it");
  }

  public String describe() {
    return unrestricted ? "unrestricted" : roots.stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  /** The real path, or for a path that does not exist the real path of its nearest existing parent + the rest. */
  static Path realOrNormal(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      return abs;
    }
  }
}
