package dev.tooln1.ops.config;

import dev.tooln1.reward.io.DataFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a path written in a campaign config is read: relative to the working directory if it exists
 * there, else relative to the config file's folder, else relative to the project root (so that the
 * shipped examples, which name {@code examples/data/...}, work from any directory, as
 * {@code bin/tooln1} does). {@code campaign validate} checks and {@code campaign start} records (in
 * {@code campaign.json}) the same absolute path; a path found nowhere is reported relative to the
 * working directory.
 */
public final class CampaignPaths {

  private CampaignPaths() {}

  /**
   * The absolute path {@code path} stands for; a URI-like value ({@code vendored:qwen2.5}) is
   * returned as it is (the activities resolve it).
   */
  public static String absolute(String path, Path configFile) {
    if (path == null || path.contains(":")) {
      return path;
    }
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return p.normalize().toString();
    }
    Path fromCwd = p.toAbsolutePath().normalize();
    if (Files.exists(fromCwd)) {
      return fromCwd.toString();
    }
    Path dir = configFile.toAbsolutePath().getParent();
    Path fromConfig = dir == null ? fromCwd : dir.resolve(p).normalize();
    if (Files.exists(fromConfig)) {
      return fromConfig.toString();
    }
    try {
      Path fromProject = DataFiles.projectRoot().resolve(p).normalize();
      if (Files.exists(fromProject)) {
        return fromProject.toString();
      }
    } catch (java.io.UncheckedIOException noProject) {
      // not inside the project and no TOOLN1_HOME: the first two places are all there is
    }
    return fromCwd.toString();
  }
}
