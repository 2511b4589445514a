package dev.tooln1.activities.data.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tooln1.activities.data.Augmenter;
import dev.tooln1.activities.data.DropReason;
import dev.tooln1.activities.data.RecordFilter;
import dev.tooln1.activities.data.Split;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.data.TaskRecords;
import dev.tooln1.activities.data.TaskSink;
import dev.tooln1.activities.data.TaskSource;
import dev.tooln1.activities.data.readers.BfclSource;
import dev.tooln1.activities.data.readers.ToolAceSource;
import dev.tooln1.activities.data.readers.XlamSource;
import dev.tooln1.activities.data.synth.SyntheticToolWorld;
import dev.tooln1.activities.store.ArtifactConflictException;
import dev.tooln1.activities.store.ArtifactRef;
import dev.tooln1.activities.store.ArtifactStore;
import dev.tooln1.activities.store.Sha256;
import dev.tooln1.reward.Json;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prepares a data set from a {@link DataSpec}: reads every source, filters (schemas, unknown tools,
 * argument types, duplicates across sources), assigns splits by the hash of each record id, applies
 * the augmentations, and writes JSON Lines shards {@code <prefix><split>-NNNNN.jsonl} and
 * {@code <prefix>manifest.json} through the {@link ArtifactStore}. Returns the manifest's URI.
 *
 * <p>Idempotent: the spec hash covers the normalised spec and the content hash of every input; if a
 * manifest with that hash exists and all its shards verify, it is returned without work. A manifest
 * from a different spec under the same prefix is an error (choose another prefix or directory).
 * Output is a pure function of spec and inputs, so a run interrupted halfway redoes the same bytes.
 */
public final class PrepareDataService {

  /** The result: the manifest artifact, what it says, and whether an existing one was reused. */
  public record Result(ArtifactRef manifestRef, DataManifest manifest, boolean reused) {
    public String manifestUri() {
      return manifestRef.uri();
    }
  }

  static final String MANIFEST = "manifest.json";
  private static final int PROBLEMS_PER_REASON = 20;
  private static final int PROGRESS_EVERY = 500;

  private final ArtifactStore store;

  public PrepareDataService(ArtifactStore store) {
    this.store = store;
  }

  /**
   * @param baseDir against which relative source paths are resolved (the spec file's folder)
   * @param prefix URI prefix of the outputs, e.g. {@code ""} or {@code "data/"}
   */
  public Result prepare(DataSpec spec, Path baseDir, String prefix, PrepareListener listener) throws IOException {
    spec.validated();
    List<TaskSource> sources = new ArrayList<>();
    for (DataSpec.SourceSpec s : spec.sources()) {
      sources.add(open(s, baseDir, spec.seed()));
    }
    List<String> versions = new ArrayList<>();
    for (TaskSource s : sources) {
      versions.add(s.version());
    }
    String specHash = specHash(spec, versions);
    String manifestUri = prefix + MANIFEST;

    Optional<DataManifest> existing = existingManifest(manifestUri);
    if (existing.isPresent()) {
      if (!existing.get().specHash().equals(specHash)) {
        throw new ArtifactConflictException(manifestUri + " holds data prepared from another spec (spec hash "
            + existing.get().specHash() + ", this spec " + specHash + "); use another output location");
      }
      if (allShardsVerify(existing.get())) {
        return new Result(store.verify(manifestUri), existing.get(), true);
      }
    }

    RecordFilter filter = new RecordFilter(spec.filters().toOptions());
    List<DataManifest.SourceStats> stats = new ArrayList<>();
    List<DataManifest.Problem> problems = new ArrayList<>();
    List<TaskRecord> kept = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      DataSpec.SourceSpec s = spec.sources().get(i);
      SourceRun run = new SourceRun(s.displayName(), s.limit(), sources.get(i).expectedUnits(), filter, listener);
      if (s.limit() == null || s.limit() > 0) {
        try {
          sources.get(i).read(run);
        } catch (LimitReached done) {
          // the source's limit of kept records is reached
        }
      }
      listener.progress(run.name, run.units, run.expectedUnits, run.read, run.records.size(), true);
      kept.addAll(run.records);
      stats.add(new DataManifest.SourceStats(run.name, s.type(), versions.get(i), run.read,
          run.records.size(), run.droppedCounts()));
      problems.addAll(run.problems);
    }

    Split.Fractions fractions = spec.split().toFractions();
    Augmenter augmenter = new Augmenter(spec.seed(), spec.augment().irrelevanceFraction(),
        spec.augment().maskFraction());
    Map<Split, List<TaskRecord>> bySplit = new EnumMap<>(Split.class);
    for (Split sp : Split.values()) {
      bySplit.put(sp, new ArrayList<>());
    }
    long irrelevance = 0;
    long masked = 0;
    for (TaskRecord r : kept) {
      Split sp = fractions.of(r.id());
      Augmenter.Result a = augmenter.apply(r);
      irrelevance += a.irrelevance() ? 1 : 0;
      masked += a.masked() ? 1 : 0;
      bySplit.get(sp).add(a.record());
    }

    Map<String, DataManifest.SplitInfo> splits = new LinkedHashMap<>();
    for (Split sp : Split.values()) {
      List<TaskRecord> records = bySplit.get(sp);
      List<DataManifest.Shard> shards = new ArrayList<>();
      for (int from = 0, n = 0; from < records.size(); from += spec.shardSize(), n++) {
        List<TaskRecord> chunk = records.subList(from, Math.min(records.size(), from + spec.shardSize()));
        String uri = prefix + sp.code() + String.format("-%05d.jsonl", n);
        ArtifactRef ref = store.put(uri, TaskRecords.toJsonLines(chunk));
        DataManifest.Shard shard = new DataManifest.Shard(ref.uri(), ref.sha256(), ref.size(), chunk.size());
        shards.add(shard);
        listener.shardWritten(shard);
      }
      splits.put(sp.code(), new DataManifest.SplitInfo(records.size(), shards));
    }
    DataManifest manifest = new DataManifest(DataManifest.FORMAT, specHash, spec.toJson(), stats, splits,
        new DataManifest.Augmentation(irrelevance, masked), problems);
    return new Result(store.put(manifestUri, manifest.toBytes()), manifest, false);
  }

  /** Reads a manifest through the store (verified). */
  public static DataManifest readManifest(ArtifactStore store, String uri) throws IOException {
    return DataManifest.fromBytes(store.get(uri), uri);
  }

  /**
   * Every record of one split ({@code train}, {@code validation}, {@code test}) of prepared data, in
   * shard order; each shard is verified against the manifest's sha256.
   */
  public static List<TaskRecord> readSplit(ArtifactStore store, String manifestUri, String split) throws IOException {
    DataManifest m = readManifest(store, manifestUri);
    DataManifest.SplitInfo info = m.splits().get(split);
    if (info == null) {
      throw new IllegalArgumentException(manifestUri + " has no split '" + split + "' (has " + m.splits().keySet() + ")");
    }
    List<TaskRecord> out = new ArrayList<>();
    for (DataManifest.Shard shard : info.shards()) {
      byte[] bytes = store.get(shard.uri());
      if (!Sha256.hex(bytes).equals(shard.sha256())) {
        throw new dev.tooln1.activities.store.ArtifactIntegrityException(
            shard.uri() + " does not match the sha256 in " + manifestUri);
      }
      out.addAll(TaskRecords.fromJsonLines(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), shard.uri()));
    }
    return out;
  }

  private Optional<DataManifest> existingManifest(String uri) throws IOException {
    if (!store.exists(uri)) {
      return Optional.empty();
    }
    try {
      return Optional.of(readManifest(store, uri));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty(); // corrupt: prepare again (same spec gives the same bytes)
    }
  }

  private boolean allShardsVerify(DataManifest m) {
    for (DataManifest.SplitInfo s : m.splits().values()) {
      for (DataManifest.Shard shard : s.shards()) {
        try {
          if (!store.verify(shard.uri()).sha256().equals(shard.sha256())) {
            return false;
          }
        } catch (IOException e) {
          return false;
        }
      }
    }
    return true;
  }

  /** sha256 of the normalised spec with each source's path replaced by its input's content version. */
  static String specHash(DataSpec spec, List<String> versions) {
    ObjectNode json = (ObjectNode) spec.toJson().deepCopy();
    JsonNode sources = json.get("sources");
    for (int i = 0; i < sources.size(); i++) {
      ObjectNode s = (ObjectNode) sources.get(i);
      s.remove("path");
      s.put("version", versions.get(i));
    }
    json.put("format", DataManifest.FORMAT);
    return Sha256.hex(Json.canonical(json));
  }

  static TaskSource open(DataSpec.SourceSpec s, Path baseDir, long seed) throws IOException {
    String name = s.displayName();
    return switch (s.type()) {
      case "toolace" -> new ToolAceSource(existing(s.resolvePath(baseDir)), name, Boolean.TRUE.equals(s.noCallTurns()));
      case "xlam" -> new XlamSource(existing(s.resolvePath(baseDir)), name);
      case "bfcl" -> new BfclSource(s.resolvePath(baseDir), s.categories(), name);
      case "synthetic" -> new SyntheticSource(new SyntheticToolWorld(seed,
          s.mix() == null ? SyntheticToolWorld.Mix.standard() : s.mix().toMix(), Boolean.TRUE.equals(s.quoteValues())),
          s.count(), Boolean.TRUE.equals(s.heldOut()), seed, name);
      default -> throw new IllegalArgumentException("unknown source type '" + s.type() + "'");
    };
  }

  private static Path existing(Path p) throws NoSuchFileException {
    if (dev.tooln1.reward.io.DataFiles.resolve(p).isEmpty()) {
      throw new NoSuchFileException(p + " (nor " + p.getFileName() + ".gz)");
    }
    return p;
  }

  private static final class LimitReached extends RuntimeException {
    LimitReached() {
      super(null, null, false, false);
    }
  }

  /** Counts and filters one source's candidates. */
  private static final class SourceRun implements TaskSink {
    final String name;
    final Integer limit;
    final RecordFilter filter;
    final PrepareListener listener;
    final List<TaskRecord> records = new ArrayList<>();
    final Map<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
    final List<DataManifest.Problem> problems = new ArrayList<>();
    final long expectedUnits;
    long read;
    long units;

    SourceRun(String name, Integer limit, long expectedUnits, RecordFilter filter, PrepareListener listener) {
      this.name = name;
      this.expectedUnits = expectedUnits;
      this.limit = limit;
      this.filter = filter;
      this.listener = listener;
    }

    @Override
    public void accept(TaskRecord record) {
      read++;
      Optional<RecordFilter.Rejection> no = filter.check(record);
      if (no.isPresent()) {
        count(no.get().reason(), record.id(), no.get().detail());
      } else {
        records.add(record);
      }
      if (limit != null && records.size() >= limit) {
        throw new LimitReached();
      }
    }

    @Override
    public void drop(DropReason reason, String location, String detail) {
      read++;
      count(reason, location, detail);
    }

    private void count(DropReason reason, String location, String detail) {
      long n = dropped.merge(reason, 1L, Long::sum);
      if (n <= PROBLEMS_PER_REASON) {
        problems.add(new DataManifest.Problem(name, reason.code(), location, detail));
      }
    }

    @Override
    public void unitDone() {
      if (++units % PROGRESS_EVERY == 0) {
        listener.progress(name, units, expectedUnits, read, records.size(), false);
      }
    }

    Map<String, Long> droppedCounts() {
      Map<String, Long> out = new LinkedHashMap<>();
      dropped.forEach((k, v) -> out.put(k.code(), v));
      return out;
    }
  }
}
