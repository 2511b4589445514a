package dev.tooln1.activities.campaign;

import dev.tooln1.activities.benchmarks.PromptStyle;
import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.campaign.checkpoints.CheckpointPruner;
import dev.tooln1.activities.campaign.checkpoints.HfCheckpointFiles;
import dev.tooln1.activities.campaign.prompts.CompactToolPrompt;
import dev.tooln1.activities.campaign.prompts.PromptCodec;
import dev.tooln1.activities.campaign.prompts.TokenizerCache;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.data.prepare.PrepareDataService;
import dev.tooln1.activities.store.ArtifactIntegrityException;
import dev.tooln1.activities.store.LocalArtifactStore;
import dev.tooln1.model.ModelConfig;
import dev.tooln1.model.checkpoint.Checkpoint;
import dev.tooln1.model.checkpoint.CheckpointStore;
import dev.tooln1.model.checkpoint.CorruptCheckpointException;
import dev.tooln1.model.checkpoint.Provenance;
import dev.tooln1.model.nn.Qwen2Weights;
import dev.tooln1.model.optim.AdamWConfig;
import dev.tooln1.model.optim.LrSchedule;
import dev.tooln1.model.template.ChatTemplate;
import dev.tooln1.model.tokenizer.Tokenizer;
import dev.tooln1.model.tokenizer.TrimmedTokenizer;
import dev.tooln1.model.tokenizer.TrimmedVocabulary;
import dev.tooln1.model.train.OptimConfig;
import dev.tooln1.model.train.SftTrainer;
import dev.tooln1.workflows.dto.ArtifactRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One campaign as a worker sees it: its directory, its spec (read from the verified
 * {@code campaign.json}), its tokenizer and prompt codec, its prepared data and its checkpoints.
 * Created per campaign and kept by the worker; the data and vocabulary are read lazily once.
 */
public final class CampaignRuntime {

  /** Std of the seeded random init of a preset model (the usual transformer init). */
  static final double INIT_STD = 0.02;

  private final CampaignLayout layout;
  private final ArtifactRef configRef;
  private final CampaignSpec spec;
  private final TokenizerCache tokenizers;
  private final DataRoots dataRoots;
  private final Map<String, List<TaskRecord>> splits = new HashMap<>();
  private PromptCodec codec;

  private CampaignRuntime(CampaignLayout layout, ArtifactRef configRef, CampaignSpec spec,
      TokenizerCache tokenizers, DataRoots dataRoots) {
    this.layout = layout;
    this.configRef = configRef;
    this.spec = spec;
    this.tokenizers = tokenizers;
    this.dataRoots = dataRoots;
  }

  /** Reads and verifies {@code campaign.json} against {@code configRef}; inputs read from anywhere. */
  public static CampaignRuntime open(CampaignLayout layout, ArtifactRef configRef, TokenizerCache tokenizers) {
    return open(layout, configRef, tokenizers, DataRoots.unrestricted());
  }

  /**
   * As above, the campaign's input files (tokenizer, Hugging Face checkpoint, data spec sources)
   * confined to {@code dataRoots}: a path outside them fails as an invalid config naming it.
   */
  public static CampaignRuntime open(CampaignLayout layout, ArtifactRef configRef, TokenizerCache tokenizers,
      DataRoots dataRoots) {
    if (configRef == null || !CampaignLayout.CAMPAIGN_JSON.equals(configRef.uri())) {
      throw CampaignError.invalidConfig("campaign " + layout.campaignId() + ": config must be "
          + CampaignLayout.CAMPAIGN_JSON + ", was " + (configRef == null ? "null" : configRef.uri()));
    }
    byte[] bytes;
    try {
      bytes = layout.store().get(CampaignLayout.CAMPAIGN_JSON);
    } catch (NoSuchFileException e) {
      throw CampaignError.invalidConfig(layout.dir().resolve(CampaignLayout.CAMPAIGN_JSON) + ": missing");
    } catch (ArtifactIntegrityException e) {
      throw CampaignError.corruptData(e.getMessage(), e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String sha = dev.tooln1.activities.store.Sha256.hex(bytes);
    if (!sha.equals(configRef.sha256())) {
      throw CampaignError.corruptData(layout.dir().resolve(CampaignLayout.CAMPAIGN_JSON)
          + ": sha256 " + sha + " differs from the campaign's config ref " + configRef.sha256(), null);
    }
    CampaignSpec spec;
    try {
      spec = CampaignFiles.fromBytes(bytes, layout.dir().resolve(CampaignLayout.CAMPAIGN_JSON).toString());
    } catch (IllegalArgumentException e) {
      throw CampaignError.invalidConfig(e.getMessage());
    }
    for (String p : problems(spec)) {
      throw CampaignError.invalidConfig(layout.dir().resolve(CampaignLayout.CAMPAIGN_JSON) + ": " + p);
    }
    CampaignRuntime rt = new CampaignRuntime(layout, configRef, spec, tokenizers, dataRoots);
    rt.checkInputsInsideRoots();
    return rt;
  }

  /** The tokenizer and a Hugging Face base checkpoint (each file the loaders read) inside the roots. */
  private void checkInputsInsideRoots() {
    if (dataRoots.isUnrestricted()) {
      return;
    }
    Path tok;
    try {
      tok = tokenizerLocation();
    } catch (IllegalArgumentException e) {
      throw CampaignError.invalidConfig("model.tokenizer: " + e.getMessage());
    }
    dataRoots.check("model.tokenizer", tok);
    // What HfTokenizer and TokenizerCache open: tokenizer.json (or .gz) and tokenizer_config.json.
    Path json = Files.isDirectory(tok) ? tok.resolve("tokenizer.json") : tok;
    Path dir = json.getParent();
    for (Path f : new Path[] {json, json.resolveSibling(json.getFileName() + ".gz"),
        dir == null ? json : dir.resolve("tokenizer_config.json")}) {
      if (Files.exists(f)) {
        dataRoots.check("model.tokenizer", f);
      }
    }
    if (spec.model().checkpoint() != null) {
      Path checkpoint = Path.of(spec.model().checkpoint());
      dataRoots.check("model.checkpoint", checkpoint);
      for (Path f : HfCheckpointFiles.present(checkpoint)) {
        dataRoots.check("model.checkpoint", f);
      }
    }
  }

  /** The folders this runtime may read the campaign's inputs from. */
  public DataRoots dataRoots() {
    return dataRoots;
  }

  private static List<String> problems(CampaignSpec s) {
    List<String> p = new java.util.ArrayList<>();
    if (s.model() == null || (s.model().preset() == null) == (s.model().checkpoint() == null)) {
      p.add("model: set exactly one of preset or checkpoint");
    } else if (s.model().preset() != null && !ModelConfig.PRESETS.containsKey(s.model().preset())) {
      p.add("model.preset: unknown preset '" + s.model().preset() + "'");
    } else if (s.model().checkpoint() != null && s.model().trimVocabulary()) {
      p.add("model.trimVocabulary: only supported with a preset (a checkpoint keeps its vocabulary)");
    }
    if (s.model() != null && s.model().trimVocabulary() && s.evaluation() != null
        && s.evaluation().bfclCategories() != null && !s.evaluation().bfclCategories().isEmpty()) {
      p.add("evaluation.bfclCategories: BFCL prompts need the full vocabulary, but model.trimVocabulary is true");
    }
    if (s.data() == null || s.data().spec() == null) {
      p.add("data.spec: required");
    }
    if (s.grpo() == null || s.grpo().groupSize() < 2) {
      p.add("grpo.groupSize: must be >= 2");
    }
    if (s.sft() == null || s.schedule() == null || s.evaluation() == null) {
      p.add("sft, schedule and evaluation sections are required (defaults applied)");
    }
    if (s.promptFormat() != null && !CampaignSpec.PROMPT_FORMATS.contains(s.promptFormat())) {
      p.add("promptFormat: must be one of " + CampaignSpec.PROMPT_FORMATS);
    }
    return p;
  }

  public CampaignLayout layout() {
    return layout;
  }

  public LocalArtifactStore store() {
    return layout.store();
  }

  public CampaignSpec spec() {
    return spec;
  }

  public ArtifactRef configRef() {
    return configRef;
  }

  public String campaignId() {
    return layout.campaignId();
  }

  public long seed() {
    return spec.seed();
  }

  public Path tokenizerLocation() {
    String t = spec.model().tokenizer();
    if (t == null && spec.model().checkpoint() != null) {
      return Path.of(spec.model().checkpoint());
    }
    return TokenizerCache.locate(t);
  }

  public TokenizerCache.Loaded baseTokenizer() throws IOException {
    return tokenizers.get(tokenizerLocation());
  }

  public ChatTemplate template() throws IOException {
    ChatTemplate model = baseTokenizer().template();
    if ("compact".equals(spec.promptFormat())) {
      return new CompactToolPrompt(model);
    }
    return PromptStyle.fromName(spec.promptFormat() == null ? "tooln1" : spec.promptFormat()).over(model);
  }

  /** Prompt rendering and tokenisation; with a trimmed vocabulary, {@code vocab.json} must exist. */
  public synchronized PromptCodec codec() throws IOException {
    if (codec == null) {
      Tokenizer tok = baseTokenizer().tokenizer();
      if (spec.model().trimVocabulary()) {
        Path vocab = layout.dir().resolve(CampaignLayout.VOCAB);
        try {
          layout.store().verify(CampaignLayout.VOCAB);
          tok = new TrimmedTokenizer(tok, TrimmedVocabulary.read(vocab));
        } catch (NoSuchFileException e) {
          throw new IllegalStateException(vocab + " is missing: prepare the campaign's data first");
        } catch (ArtifactIntegrityException e) {
          throw CampaignError.corruptData(e.getMessage(), e);
        }
      }
      codec = new PromptCodec(tok, template(), spec.grpo().maxPromptTokens());
    }
    return codec;
  }

  /** Records of a split of the prepared data ({@code data/manifest.json#split}), verified, cached. */
  public synchronized List<TaskRecord> records(ArtifactRef dataRef) throws IOException {
    String uri = dataRef.uri();
    int hash = uri.indexOf('#');
    if (hash < 0) {
      throw CampaignError.invalidConfig("data ref " + uri + " names no split (expected manifest#split)");
    }
    List<TaskRecord> r = splits.get(uri + "@" + dataRef.sha256());
    if (r == null) {
      String manifest = uri.substring(0, hash);
      try {
        var verified = store().verify(manifest);
        if (!verified.sha256().equals(dataRef.sha256())) {
          throw CampaignError.corruptData(layout.dir().resolve(manifest) + ": sha256 " + verified.sha256()
              + " differs from the campaign's data ref " + dataRef.sha256(), null);
        }
        r = List.copyOf(PrepareDataService.readSplit(store(), manifest, uri.substring(hash + 1)));
      } catch (ArtifactIntegrityException | NoSuchFileException e) {
        throw CampaignError.corruptData("prepared data of campaign " + campaignId() + ": " + e.getMessage(), e);
      }
      splits.put(uri + "@" + dataRef.sha256(), r);
    }
    return r;
  }

  // ---------------------------------------------------------------- checkpoints

  public CheckpointStore checkpoints() {
    return new CheckpointStore(layout.checkpointsDir());
  }

  /** Where the base policy is materialised: {@code base} when SFT follows, else step 0 itself. */
  public String baseCheckpointName() {
    return spec.sft().enabled() ? CampaignLayout.BASE_CHECKPOINT : CampaignLayout.stepName(0);
  }

  /** The ref of an existing checkpoint: its URI and the sha256 of its manifest. */
  public ArtifactRef checkpointRef(String name) throws IOException {
    Path manifest = checkpoints().path(name).resolve(CheckpointStore.MANIFEST);
    return new ArtifactRef(CampaignLayout.checkpointUri(name), CheckpointStore.sha256(manifest));
  }

  /** Whether checkpoint {@code name} exists and verifies (a corrupt one counts as absent here). */
  public boolean checkpointVerifies(String name) {
    Path dir = checkpoints().path(name);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try {
      CheckpointStore.verify(dir);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Why checkpoint {@code name} does not verify (the first missing or corrupt file), or "ok". */
  public String checkpointProblem(String name) {
    try {
      CheckpointStore.verify(checkpoints().path(name));
      return "ok";
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /**
   * The checkpoint name a policy ref stands for, verified: a base-policy ref is materialised first;
   * a checkpoint ref must match its manifest's sha256 and every file must verify.
   */
  public String resolve(ArtifactRef policy) throws IOException {
    if (BasePolicyRef.isBasePolicy(policy)) {
      ArtifactRef expected = BasePolicyRef.of(spec);
      if (!expected.equals(policy)) {
        throw CampaignError.invalidConfig("campaign " + campaignId() + ": base policy " + policy
            + " is not the one campaign.json names (" + expected + ")");
      }
      String name = baseCheckpointName();
      materialiseBase(name);
      return name;
    }
    String prefix = CampaignLayout.CHECKPOINTS + "/";
    if (!policy.uri().startsWith(prefix)) {
      throw CampaignError.invalidConfig("policy " + policy.uri() + " is neither a base-policy ref nor "
          + prefix + "<name>");
    }
    String name = policy.uri().substring(prefix.length());
    Path dir = checkpoints().path(name);
    Path manifest = dir.resolve(CheckpointStore.MANIFEST);
    try {
      if (!Files.isRegularFile(manifest)) {
        int step = CampaignLayout.stepOf(name);
        if (step >= 0 && new CheckpointPruner(layout.checkpointsDir()).pruned(step).isPresent()) {
          throw new CorruptCheckpointException("checkpoint " + dir + " was pruned (schedule.keepCheckpoints; "
              + "see " + dir + CheckpointPruner.PRUNED_SUFFIX + "); it is needed again only to redo a step "
              + "after it, whose own outputs are missing");
        }
        throw new CorruptCheckpointException("checkpoint " + dir + ": missing (no " + CheckpointStore.MANIFEST + ")");
      }
      String sha = CheckpointStore.sha256(manifest);
      if (!sha.equals(policy.sha256())) {
        throw new CorruptCheckpointException(manifest + ": sha256 " + sha + " differs from the ref " + policy.sha256());
      }
      CheckpointStore.verify(dir);
    } catch (CorruptCheckpointException e) {
      throw CampaignError.corruptCheckpoint(e.getMessage(), e);
    }
    return name;
  }

  /** Loads a verified checkpoint (see {@link #resolve}). */
  public Checkpoint load(String name) throws IOException {
    try {
      return checkpoints().load(name);
    } catch (CorruptCheckpointException e) {
      throw CampaignError.corruptCheckpoint(e.getMessage(), e);
    }
  }

  private synchronized void materialiseBase(String name) throws IOException {
    if (checkpointVerifies(name)) {
      return;
    }
    Qwen2Weights weights;
    if (spec.model().preset() != null) {
      ModelConfig c = ModelConfig.preset(spec.model().preset()).withVocabSize(codec().tokenizer().vocabSize());
      weights = Qwen2Weights.random(c, Seeds.of(seed(), "init"), INIT_STD);
    } else {
      weights = Qwen2Weights.fromHfDirectory(Path.of(spec.model().checkpoint()));
    }
    OptimConfig optim = new OptimConfig(AdamWConfig.defaults(), LrSchedule.constant(1e-6, 0), 1.0);
    Checkpoint ckpt = new SftTrainer(weights, optim, Seeds.of(seed(), "base")).checkpoint(provenance());
    try {
      checkpoints().save(name, ckpt);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Another copy of this request materialised it first; the content is the same.
    }
  }

  public Provenance provenance() {
    return new Provenance(campaignId(), configRef.sha256(), "", "tooln1");
  }
}
