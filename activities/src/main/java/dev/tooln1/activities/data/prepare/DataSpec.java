package dev.tooln1.activities.data.prepare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tooln1.activities.data.RecordFilter;
import dev.tooln1.activities.data.Split;
import dev.tooln1.activities.data.synth.SyntheticToolWorld;
import dev.tooln1.reward.io.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What data to prepare: sources (with paths and limits), filters, augmentations, split fractions,
 * shard size and seed. Written as YAML ({@code .yaml}/{@code .yml}) or JSON, snake_case keys:
 * <pre>
 * seed: 7
 * sources:
 *   - {type: toolace, path: vendored:toolace-sample/toolace_sample.jsonl, limit: 1000, no_call_turns: false}
 *   - {type: xlam, path: xlam_function_calling_60k.json}
 *   - {type: bfcl, path: vendored:bfcl, categories: [simple_python, multiple]}
 *   - {type: synthetic, count: 2000, held_out: false, mix: {single: 1, distractors: 1, ...}}
 * filters: {check_tool_schemas: true, check_arguments: true, dedupe: true}
 * augment: {irrelevance_fraction: 0.1, mask_fraction: 0.0}
 * split: {train: 0.9, validation: 0.05, test: 0.05}
 * shard_size: 5000
 * </pre>
 * Paths starting with {@code vendored:} are inside the project's {@code data/} folder; other relative
 * paths are relative to the spec file's folder. Missing sections take the defaults shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSpec(
    Long seed,
    List<SourceSpec> sources,
    Filters filters,
    Augment augment,
    SplitSpec split,
    @JsonProperty("shard_size") Integer shardSize) {

  public static final Set<String> TYPES = Set.of("toolace", "xlam", "bfcl", "synthetic");
  /** Prefix of a path inside the project's {@code data/} folder (and only there). */
  public static final String VENDORED = "vendored:";

  public DataSpec {
    seed = seed == null ? 0L : seed;
    sources = sources == null ? List.of() : List.copyOf(sources);
    filters = filters == null ? new Filters(null, null, null) : filters;
    augment = augment == null ? new Augment(null, null) : augment;
    split = split == null ? new SplitSpec(null, null, null) : split;
    shardSize = shardSize == null ? 10_000 : shardSize;
  }

  /** One input. Fields that do not apply to its type must be absent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SourceSpec(
      String type,
      String name,
      String path,
      Integer limit,
      @JsonProperty("no_call_turns") Boolean noCallTurns,
      List<String> categories,
      Integer count,
      @JsonProperty("held_out") Boolean heldOut,
      Mix mix,
      @JsonProperty("quote_values") Boolean quoteValues) {

    public SourceSpec(String type, String name, String path, Integer limit, Boolean noCallTurns,
        List<String> categories, Integer count, Boolean heldOut, Mix mix) {
      this(type, name, path, limit, noCallTurns, categories, count, heldOut, mix, null);
    }

    /** The name in statistics: {@code name} if given, else the type. */
    public String displayName() {
      return name != null ? name : type;
    }

    /** The input path: {@code vendored:X} → the project's {@code data/X}; relative → against {@code baseDir}. */
    public Path resolvePath(Path baseDir) {
      if (path.startsWith(VENDORED)) {
        return DataFiles.vendored(path.substring(VENDORED.length())); // refuses a way out of data/
      }
      Path p = Path.of(path);
      return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }
  }

  /** Difficulty weights of the synthetic world; absent weights are 0, all absent = the standard mix. */
  public record Mix(Double single, Double distractors, Double parallel, Double nested, Double irrelevant) {
    public SyntheticToolWorld.Mix toMix() {
      if (single == null && distractors == null && parallel == null && nested == null && irrelevant == null) {
        return SyntheticToolWorld.Mix.standard();
      }
      return new SyntheticToolWorld.Mix(z(single), z(distractors), z(parallel), z(nested), z(irrelevant));
    }

    private static double z(Double d) {
      return d == null ? 0 : d;
    }
  }

  public record Filters(
      @JsonProperty("check_tool_schemas") Boolean checkToolSchemas,
      @JsonProperty("check_arguments") Boolean checkArguments,
      Boolean dedupe) {
    public Filters {
      checkToolSchemas = checkToolSchemas == null || checkToolSchemas;
      checkArguments = checkArguments == null || checkArguments;
      dedupe = dedupe == null || dedupe;
    }

    public RecordFilter.Options toOptions() {
      return new RecordFilter.Options(checkToolSchemas, checkArguments, dedupe);
    }
  }

  public record Augment(
      @JsonProperty("irrelevance_fraction") Double irrelevanceFraction,
      @JsonProperty("mask_fraction") Double maskFraction) {
    public Augment {
      irrelevanceFraction = irrelevanceFraction == null ? 0.0 : irrelevanceFraction;
      maskFraction = maskFraction == null ? 0.0 : maskFraction;
    }
  }

  public record SplitSpec(Double train, Double validation, Double test) {
    public SplitSpec {
      if (train == null && validation == null && test == null) {
        train = 0.9;
        validation = 0.05;
        test = 0.05;
      }
      train = train == null ? 0.0 : train;
      validation = validation == null ? 0.0 : validation;
      test = test == null ? 0.0 : test;
    }

    public Split.Fractions toFractions() {
      return new Split.Fractions(train, validation, test);
    }
  }

  /**
   * The same spec with every source path that is not {@code vendored:} made absolute against
   * {@code baseDir} (the spec file's folder), so that it means the same files wherever it is stored.
   * The spec hash is unchanged (it covers the inputs' contents, not their paths).
   */
  public DataSpec withAbsolutePaths(Path baseDir) {
    List<SourceSpec> out = new java.util.ArrayList<>();
    for (SourceSpec s : sources) {
      String p = s.path();
      if (p != null && !p.startsWith(VENDORED)) {
        p = s.resolvePath(baseDir.toAbsolutePath()).toAbsolutePath().normalize().toString();
      }
      out.add(new SourceSpec(s.type(), s.name(), p, s.limit(), s.noCallTurns(), s.categories(), s.count(),
          s.heldOut(), s.mix(), s.quoteValues()));
    }
    return new DataSpec(seed, out, filters, augment, split, shardSize);
  }

  /** The normalised spec as pretty JSON (what {@link #load} reads back from a {@code .json} file). */
  public byte[] toJsonBytes() {
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks what Jackson cannot; throws {@link IllegalArgumentException} naming the field. */
  public DataSpec validated() {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("'sources' is empty: name at least one source");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < sources.size(); i++) {
      SourceSpec s = sources.get(i);
      String at = "sources[" + i + "]";
      if (s.type() == null || !TYPES.contains(s.type())) {
        throw new IllegalArgumentException(at + ".type: '" + s.type() + "' is not one of "
            + TYPES.stream().sorted().collect(Collectors.joining(", ")));
      }
      if (!names.add(s.displayName())) {
        throw new IllegalArgumentException(at + ".name: two sources are named '" + s.displayName()
            + "'; give them distinct 'name's");
      }
      if (s.limit() != null && s.limit() < 0) {
        throw new IllegalArgumentException(at + ".limit: must be >= 0");
      }
      boolean synthetic = s.type().equals("synthetic");
      if (!synthetic && (s.path() == null || s.path().isBlank())) {
        throw new IllegalArgumentException(at + ".path: required for a " + s.type() + " source");
      }
      if (synthetic && s.path() != null) {
        throw new IllegalArgumentException(at + ".path: a synthetic source reads no file");
      }
      if (s.path() != null && s.path().startsWith(VENDORED)) {
        try {
          DataFiles.checkVendored(s.path().substring(VENDORED.length()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(at + ".path: " + e.getMessage(), e);
        }
      }
      if (synthetic && (s.count() == null || s.count() < 0)) {
        throw new IllegalArgumentException(at + ".count: a synthetic source needs a count >= 0");
      }
      if (!synthetic && (s.count() != null || s.heldOut() != null || s.mix() != null || s.quoteValues() != null)) {
        throw new IllegalArgumentException(at + ": count/held_out/mix/quote_values apply only to synthetic sources");
      }
      if (s.type().equals("bfcl") && (s.categories() == null || s.categories().isEmpty())) {
        throw new IllegalArgumentException(at + ".categories: list the BFCL categories, e.g. [simple_python]");
      }
      if (!s.type().equals("bfcl") && s.categories() != null) {
        throw new IllegalArgumentException(at + ".categories: applies only to bfcl sources");
      }
      if (!s.type().equals("toolace") && s.noCallTurns() != null) {
        throw new IllegalArgumentException(at + ".no_call_turns: applies only to toolace sources");
      }
      if (synthetic && s.mix() != null) {
        try {
          s.mix().toMix();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(at + ".mix: " + e.getMessage(), e);
        }
      }
    }
    try {
      split.toFractions();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("split: " + e.getMessage(), e);
    }
    checkFraction("augment.irrelevance_fraction", augment.irrelevanceFraction());
    checkFraction("augment.mask_fraction", augment.maskFraction());
    if (shardSize < 1) {
      throw new IllegalArgumentException("shard_size: must be >= 1");
    }
    return this;
  }

  private static void checkFraction(String field, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(field + ": must be within [0, 1], got " + v);
    }
  }

  /** Reads and validates a spec file; errors name the file, and the line and field where known. */
  public static DataSpec load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
    DataSpec spec;
    try {
      spec = mapper.readValue(file.toFile(), DataSpec.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(file + near(e) + ": unknown field '" + e.getPropertyName() + "' at "
          + fieldPath(e) + " (known: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
          .collect(Collectors.joining(", ")) + ")", e);
    } catch (JsonMappingException e) {
      String field = e.getPath().isEmpty() ? "" : " (field " + fieldPath(e) + ")";
      throw new IllegalArgumentException(file + near(e) + ": " + e.getOriginalMessage() + field, e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + near(e) + ": " + e.getOriginalMessage(), e);
    }
    if (spec == null) {
      throw new IllegalArgumentException(file + ": empty spec");
    }
    try {
      return spec.validated();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The parser's position; YAML reports where it stopped reading, which may be the line after. */
  private static String near(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (near line " + e.getLocation().getLineNr() + ")";
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  /** The spec as normalised JSON (defaults filled in), for manifests and the spec hash. */
  public com.fasterxml.jackson.databind.JsonNode toJson() {
    return JSON.valueToTree(this);
  }
}
