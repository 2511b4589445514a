package dev.tooln1.activities.campaign;

import dev.tooln1.activities.campaign.checkpoints.BasePolicyRef;
import dev.tooln1.activities.campaign.prompts.PromptCodec;
import dev.tooln1.activities.data.TaskRecord;
import dev.tooln1.activities.data.prepare.DataManifest;
import dev.tooln1.activities.data.prepare.DataSpec;
import dev.tooln1.activities.data.prepare.PrepareDataService;
import dev.tooln1.activities.data.prepare.PrepareListener;
import dev.tooln1.model.tokenizer.Tokenizer;
import dev.tooln1.model.tokenizer.TrimmedVocabulary;
import dev.tooln1.reward.Json;
import dev.tooln1.workflows.dto.ArtifactRef;
import dev.tooln1.workflows.dto.PreparedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares a campaign's data ({@link PrepareDataService} under {@code data/}), builds the trimmed
 * vocabulary from every split's prompts and gold targets when {@code model.trimVocabulary}, and
 * materialises the base policy as a checkpoint. Idempotent: a second call finds the verified
 * manifest, vocabulary and checkpoint and only re-reads them.
 */
public final class DataService {

  /** Special tokens a trimmed vocabulary always keeps (end of turn, end of text). */
  static final List<String> REQUIRED_TOKENS = List.of("<|im_end|>", "<|endoftext|>", "<|im_start|>");

  private final WorkLog work;

  public DataService(WorkLog work) {
    this.work = work;
  }

  public PreparedData prepare(CampaignRuntime rt, Progress progress) throws IOException {
    CampaignSpec spec = rt.spec();
    Path specFile;
    if (rt.store().exists(CampaignLayout.DATA_SPEC)) {
      // Recorded when the campaign started: read from the campaign's own (checksummed) record, not
      // from the user's file, which may be anywhere on the machine that started it.
      try {
        rt.store().verify(CampaignLayout.DATA_SPEC);
      } catch (dev.tooln1.activities.store.ArtifactIntegrityException e) {
        throw CampaignError.corruptData(e.getMessage(), e);
      }
      specFile = rt.layout().dir().resolve(CampaignLayout.DATA_SPEC);
    } else {
      specFile = rt.dataRoots().check("data.spec", Path.of(spec.data().spec()));
    }
    if (!Files.isRegularFile(specFile)) {
      throw CampaignError.invalidConfig("data.spec: " + specFile + " does not exist");
    }
    DataSpec dataSpec;
    try {
      dataSpec = DataSpec.load(specFile);
    } catch (IOException | IllegalArgumentException e) {
      throw CampaignError.invalidConfig("data.spec: " + e.getMessage());
    }
    checkSourcesInsideRoots(rt.dataRoots(), dataSpec, specFile);
    PrepareDataService.Result result;
    try {
      result = new PrepareDataService(rt.store()).prepare(dataSpec, specFile.getParent(),
          CampaignLayout.DATA_PREFIX, new PrepareListener() {
            @Override
            public void progress(String source, long units, long expected, long read, long kept, boolean done) {
              progress.report("records:" + source, units, expected);
            }
          });
    } catch (IllegalArgumentException e) {
      throw CampaignError.invalidConfig("data.spec " + specFile + ": " + e.getMessage());
    }
    if (!result.reused()) {
      work.worked("prepare");
    }
    DataManifest m = result.manifest();
    String train = spec.data().trainSplit();
    String eval = spec.data().evalSplit();
    long trainCount = count(m, train);
    long evalCount = count(m, eval);
    if (trainCount == 0) {
      throw CampaignError.invalidConfig("data.trainSplit: split '" + train + "' of " + specFile + " is empty");
    }
    if (evalCount == 0 && spec.evaluation().heldOutTasks() > 0) {
      throw CampaignError.invalidConfig("data.evalSplit: split '" + eval + "' of " + specFile
          + " is empty but evaluation.heldOutTasks is " + spec.evaluation().heldOutTasks());
    }
    String sha = result.manifestRef().sha256();
    if (spec.model().trimVocabulary()) {
      buildVocabulary(rt, m, progress);
    }
    rt.resolve(BasePolicyRef.of(spec)); // materialise the base policy (a no-op when it exists)
    int perStep = spec.grpo().promptsPerStep();
    int batches = (int) ((trainCount + perStep - 1) / perStep);
    return new PreparedData(new ArtifactRef(CampaignLayout.MANIFEST + "#" + train, sha),
        new ArtifactRef(CampaignLayout.MANIFEST + "#" + eval, sha), (int) trainCount, batches);
  }

  /** Every input file of the spec (after links) must lie inside the worker's data roots. */
  static void checkSourcesInsideRoots(DataRoots roots, DataSpec dataSpec, Path specFile) {
    if (roots.isUnrestricted()) {
      return;
    }
    for (int i = 0; i < dataSpec.sources().size(); i++) {
      DataSpec.SourceSpec s = dataSpec.sources().get(i);
      if (s.path() == null) {
        continue; // synthetic
      }
      String what = "data.spec " + specFile + ": sources[" + i + "].path";
      Path p;
      try {
        p = s.resolvePath(specFile.getParent());
      } catch (IllegalArgumentException e) {
        throw CampaignError.invalidConfig(what + ": " + e.getMessage());
      }
      roots.check(what, p);
      // the reader may open X.gz instead of X: that file must be inside too
      dev.tooln1.reward.io.DataFiles.resolve(p).ifPresent(actual -> roots.check(what, actual));
    }
  }

  private static long count(DataManifest m, String split) {
    DataManifest.SplitInfo s = m.splits().get(split);
    return s == null ? 0 : s.count();
  }

  private void buildVocabulary(CampaignRuntime rt, DataManifest m, Progress progress) throws IOException {
    if (rt.store().exists(CampaignLayout.VOCAB)) {
      rt.store().verify(CampaignLayout.VOCAB);
      return;
    }
    Tokenizer base = rt.baseTokenizer().tokenizer();
    PromptCodec plain = new PromptCodec(base, rt.template(), Integer.MAX_VALUE);
    List<String> texts = new ArrayList<>();
    for (String split : m.splits().keySet()) {
      for (TaskRecord r : PrepareDataService.readSplit(rt.store(), CampaignLayout.MANIFEST, split)) {
        texts.add(plain.promptText(r));
        texts.add(PromptCodec.targetText(r));
      }
    }
    progress.report("vocabulary-texts", texts.size(), texts.size());
    List<String> required = REQUIRED_TOKENS.stream().filter(t -> base.tokenId(t).isPresent()).toList();
    TrimmedVocabulary v = TrimmedVocabulary.fromTexts(base, texts, required);
    rt.store().put(CampaignLayout.VOCAB,
        (Json.compact(v.toJson()) + "\n").getBytes(StandardCharsets.UTF_8));
    work.worked("vocabulary");
  }
}
