package dev.tooln1.ops.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The campaigns directory as the orchestrator and the CLI see it: which campaigns were started
 * (each has {@code <id>/campaign.json}, its effective config, the artifact every activity reads) and
 * which evaluation schedules exist ({@code .schedules/<id>.json}). It is what {@code campaign list}
 * and the console list; it survives the embedded server, whose history is in memory only.
 *
 * <p>Artifacts are written like the activities' local artifact store writes them: the file, then a
 * sidecar {@code <file>.sha256} in {@code sha256sum} format, each by atomic rename; URIs are paths
 * relative to the campaigns directory.
 */
public final class CampaignRegistry {
  public static final String CONFIG_FILE = "campaign.json";
  private static final String SCHEDULES = ".schedules";
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private final Path root;

  public CampaignRegistry(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public static String configUri(String campaignId) {
    return campaignId + "/" + CONFIG_FILE;
  }

  /**
   * Records the campaign's effective config. Idempotent for the same content; a different config
   * under an existing name is refused (artifacts are immutable, and the campaign's steps were made
   * with the first one).
   */
  public ArtifactRef putConfig(String campaignId, byte[] content) {
    String uri = configUri(campaignId);
    Path file = root.resolve(uri);
    String sha = sha256(content);
    Optional<ArtifactRef> existing = config(campaignId);
    if (existing.isPresent()) {
      if (existing.get().sha256().equals(sha)) {
        return existing.get();
      }
      throw new IllegalStateException("campaign '" + campaignId + "' already exists in " + root
          + " with a different config (" + file + "); use another name, or delete that directory"
          + " to start over");
    }
    try {
      Files.createDirectories(file.getParent());
      writeAtomically(file, content);
      writeAtomically(sidecar(file), (sha + "  " + CONFIG_FILE + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return new ArtifactRef(CONFIG_FILE, sha); // relative to the campaign's directory, as the activities read it
  }

  /** The recorded config of a campaign, if it is complete (file and sidecar). */
  public Optional<ArtifactRef> config(String campaignId) {
    Path file = root.resolve(configUri(campaignId));
    try {
      if (!Files.isRegularFile(file) || !Files.isRegularFile(sidecar(file))) {
        return Optional.empty();
      }
      String line = Files.readString(sidecar(file), StandardCharsets.UTF_8).trim();
      int space = line.indexOf(' ');
      String sha = space < 0 ? line : line.substring(0, space);
      return Optional.of(new ArtifactRef(CONFIG_FILE, sha));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The content of a campaign's config, if recorded. */
  public Optional<byte[]> configContent(String campaignId) {
    try {
      return config(campaignId).isPresent()
          ? Optional.of(Files.readAllBytes(root.resolve(configUri(campaignId)))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Ids of the campaigns started from this directory, sorted. */
  public List<String> campaignIds() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path d : dirs) {
        String name = d.getFileName().toString();
        if (!name.startsWith(".") && config(name).isPresent()) {
          ids.add(name);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
    }
    ids.sort(null);
    return ids;
  }

  // --- schedules ---

  /**
   * A schedule as created by {@code tooln1 schedule create}.
   *
   * @param kind {@link #WORKFLOW} (a durable scheduler workflow) or {@link #NATIVE} (a Temporal
   *     Schedule on a real cluster); null in records written before native Schedules = workflow
   */
  public record ScheduleRecord(String id, String campaignId, String evalSet, long intervalSeconds,
      String createdAt, String kind) {
    public static final String WORKFLOW = "workflow";
    public static final String NATIVE = "native";

    /** A scheduler-workflow schedule. */
    public ScheduleRecord(String id, String campaignId, String evalSet, long intervalSeconds,
        String createdAt) {
      this(id, campaignId, evalSet, intervalSeconds, createdAt, WORKFLOW);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isNative() {
      return NATIVE.equals(kind);
    }

    /** {@link #WORKFLOW} or {@link #NATIVE}, never null. */
    public String kindOrDefault() {
      return isNative() ? NATIVE : WORKFLOW;
    }
  }

  public void putSchedule(ScheduleRecord schedule) {
    Path file = root.resolve(SCHEDULES).resolve(schedule.id() + ".json");
    try {
      Files.createDirectories(file.getParent());
      writeAtomically(file, MAPPER.writeValueAsBytes(schedule));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public List<ScheduleRecord> schedules() {
    List<ScheduleRecord> all = new ArrayList<>();
    Path dir = root.resolve(SCHEDULES);
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          all.add(MAPPER.readValue(f.toFile(), ScheduleRecord.class));
        } catch (IOException e) {
          // a damaged record is skipped; the schedule's workflow is unaffected
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    all.sort(java.util.Comparator.comparing(ScheduleRecord::id));
    return all;
  }

  public Optional<ScheduleRecord> schedule(String id) {
    return schedules().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** @return whether there was such a schedule */
  public boolean removeSchedule(String id) {
    try {
      return Files.deleteIfExists(root.resolve(SCHEDULES).resolve(id + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete schedule " + id + ": " + e.getMessage(), e);
    }
  }

  // --- files ---

  private static Path sidecar(Path file) {
    return file.resolveSibling(file.getFileName() + ".sha256");
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
    try {
      Files.write(tmp, content);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
