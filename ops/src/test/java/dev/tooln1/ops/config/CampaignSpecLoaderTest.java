package dev.tooln1.ops.config;

import dev.tooln1.activities.campaign.CampaignSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tooln1.reward.io.DataFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CampaignSpecLoaderTest {

  private static final List<String> REWARDS = List.of("tooln1", "tooln1-strict", "signed");
  private final CampaignSpecLoader loader = new CampaignSpecLoader(REWARDS);

  private static final String MINIMAL = "name: c1\nmodel: {preset: tiny}\ndata: {spec: d.yaml}\n";

  @Test
  void minimalConfigGetsThePapersDefaults() throws Exception {
    CampaignSpec s = loader.parse("t.yaml", MINIMAL);
    assertThat(s.name()).isEqualTo("c1");
    assertThat(s.reward()).isEqualTo("tooln1");
    assertThat(s.grpo().groupSize()).isEqualTo(5);
    assertThat(s.grpo().temperature()).isEqualTo(0.7);
    assertThat(s.grpo().lr()).isEqualTo(1e-6);
    assertThat(s.grpo().klCoef()).isEqualTo(0.001);
    assertThat(s.grpo().clipLow()).isEqualTo(0.2);
    assertThat(s.grpo().clipHigh()).isEqualTo(0.2);
    assertThat(s.grpo().promptsPerStep()).isEqualTo(1024);
    assertThat(s.grpo().miniBatchSize()).isEqualTo(256);
    assertThat(s.grpo().lossAggregation()).isEqualTo("token-mean");
    assertThat(s.schedule().epochs()).isEqualTo(7);
    assertThat(s.schedule().evalInterval()).isEqualTo(10);
    assertThat(s.schedule().maxSteps()).isNull();
    assertThat(s.schedule().progressGraceSeconds()).isEqualTo(120);
    assertThat(s.sft().enabled()).isFalse();
  }

  @Test
  void progressGraceIsTakenFromTheSchedule() throws Exception {
    CampaignSpec s = loader.parse("t.yaml", MINIMAL + "schedule: {progressGraceSeconds: 600}\n");
    assertThat(s.schedule().progressGraceSeconds()).isEqualTo(600);
    assertThat(s.schedule().keepCheckpoints()).isEqualTo(3);
  }

  @Test
  void computeThreadsAndTheSftScheduleDefaultToOneAndConstant() throws Exception {
    CampaignSpec plain = loader.parse("t.yaml", MINIMAL);
    assertThat(plain.computeThreads()).isEqualTo(1);
    assertThat(plain.sft().lrSchedule()).isEqualTo("constant");
    CampaignSpec set = loader.parse("t.yaml", MINIMAL + "compute: {threads: 2}\nsft: {lrSchedule: cosine}\n");
    assertThat(set.computeThreads()).isEqualTo(2);
    assertThat(set.sft().lrSchedule()).isEqualTo("cosine");
  }

  @Test
  void benchmarksThatNeedTheFullVocabularyAreRefusedForATrimmedModelBeforeAnythingRuns() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("t.yaml",
        "name: c1\nmodel: {preset: tiny, trimVocabulary: true}\ndata: {spec: d.yaml}\n"
            + "evaluation: {bfclCategories: [simple_python], apiBank: true}\n"));
    assertThat(e.getMessage()).contains("evaluation.bfclCategories: needs the full vocabulary")
        .contains("evaluation.apiBank: needs the full vocabulary");
  }

  @Test
  void jsonIsAcceptedToo() throws Exception {
    CampaignSpec s = loader.parse("t.json",
        "{\"name\": \"j\", \"model\": {\"preset\": \"tiny\"}, \"data\": {\"spec\": \"x\"}, \"grpo\": {\"groupSize\": 8}}");
    assertThat(s.grpo().groupSize()).isEqualTo(8);
    assertThat(s.grpo().temperature()).isEqualTo(0.7);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      group size below 2      | grpo: {groupSize: 1}                 | grpo.groupSize: must be >= 2, got 1
      zero learning rate      | grpo: {lr: 0}                        | grpo.lr: must be > 0, got 0
      negative learning rate  | grpo: {lr: -1.0e-6}                  | grpo.lr: must be > 0, got -1.0E-6
      string for a number     | grpo: {temperature: hot}             | grpo.temperature: expected a number, got the string "hot"
      float for an integer    | grpo: {groupSize: 2.5}               | grpo.groupSize: expected an integer, got 2.5
      unknown key typo        | grpo: {klcoef: 0.01}                 | grpo.klcoef: unknown key (did you mean 'klCoef'?)
      unknown top-level key   | epochz: 3                            | epochz: unknown key
      unknown reward          | reward: fancy                        | reward: must be one of [tooln1, tooln1-strict, signed], got the string "fancy"
      unknown aggregation     | grpo: {lossAggregation: mean}        | grpo.lossAggregation: must be one of
      top-p above one         | grpo: {topP: 1.5}                    | grpo.topP: must be <= 1, got 1.5
      section not an object   | schedule: 7                          | schedule: expected an object, got 7
      bad bfcl category       | evaluation: {bfclCategories: [simple, multiple]} | evaluation.bfclCategories[0]: must be one of
      eval interval zero      | schedule: {evalInterval: 0}          | schedule.evalInterval: must be >= 1, got 0
      zero heartbeat timeout  | schedule: {heartbeatTimeoutSeconds: 0} | schedule.heartbeatTimeoutSeconds: must be >= 1, got 0
      zero progress grace     | schedule: {progressGraceSeconds: 0}  | schedule.progressGraceSeconds: must be >= 1, got 0
      progress grace over a day | schedule: {progressGraceSeconds: 90000} | schedule.progressGraceSeconds: must be <= 86400, got 90000
      progress grace as text  | schedule: {progressGraceSeconds: 2m} | schedule.progressGraceSeconds: expected an integer
      target accuracy above 1 | sft: {targetAccuracy: 1.5}           | sft.targetAccuracy: must be <= 1, got 1.5
      unknown sft lr schedule | sft: {lrSchedule: linear}            | sft.lrSchedule: must be one of [constant, cosine], got the string "linear"
      zero compute threads    | compute: {threads: 0}                | compute.threads: must be >= 1, got 0
      compute threads as text | compute: {threads: all}              | compute.threads: expected an integer
      negative kl             | grpo: {klCoef: -0.1}                 | grpo.klCoef: must be >= 0, got -0.1
      boolean as string       | sft: {enabled: "yes please"}         | sft.enabled: expected true or false
      mini batch too large    | grpo: {promptsPerStep: 32, miniBatchSize: 64} | grpo.miniBatchSize: 64 is larger than grpo.promptsPerStep 32
      mini batch not dividing | grpo: {promptsPerStep: 32, miniBatchSize: 12} | grpo.miniBatchSize: 12 must divide grpo.promptsPerStep 32
      continue-as-new misaligned | schedule: {continueAsNewInterval: 15, checkpointInterval: 10} | schedule.continueAsNewInterval: must be a multiple
      learning rate 1e9       | grpo: {lr: 1e9}                      | grpo.lr: must be <= 1, got 1.0E9
      sft learning rate 5     | sft: {lr: 5}                         | sft.lr: must be <= 1, got 5
      temperature 70          | grpo: {temperature: 70}              | grpo.temperature: must be <= 5, got 70
      eval temperature 9      | evaluation: {temperature: 9}         | evaluation.temperature: must be <= 5, got 9
      kl coef 100             | grpo: {klCoef: 100}                  | grpo.klCoef: must be <= 10, got 100
      clip high 3             | grpo: {clipHigh: 3}                  | grpo.clipHigh: must be <= 1, got 3
      group size 1000         | grpo: {groupSize: 1000}              | grpo.groupSize: must be <= 256, got 1000
      prompts per step 100k   | grpo: {promptsPerStep: 100000, miniBatchSize: 100} | grpo.promptsPerStep: must be <= 65536, got 100000
      ppo epochs 100          | grpo: {ppoEpochs: 100}               | grpo.ppoEpochs: must be <= 32, got 100
      prompt tokens 1M        | grpo: {maxPromptTokens: 1000000}     | grpo.maxPromptTokens: must be <= 131072, got 1000000
      response tokens 200k    | grpo: {maxResponseTokens: 200000}    | grpo.maxResponseTokens: must be <= 131072, got 200000
      grad clip 1000          | grpo: {gradClip: 1000}               | grpo.gradClip: must be <= 100, got 1000
      weight decay 2          | grpo: {weightDecay: 2}               | grpo.weightDecay: must be <= 1, got 2
      sft batch 100k          | sft: {batchSize: 100000}             | sft.batchSize: must be <= 65536, got 100000
      epochs 5000             | schedule: {epochs: 5000}             | schedule.epochs: must be <= 1000, got 5000
      continue-as-new 1000    | schedule: {continueAsNewInterval: 1000} | schedule.continueAsNewInterval: must be <= 500, got 1000
      heartbeat below 3 s     | schedule: {heartbeatTimeoutSeconds: 2} | schedule.heartbeatTimeoutSeconds: 2 is too short: the activities heartbeat every 5 s
      heartbeat over an hour  | schedule: {heartbeatTimeoutSeconds: 7200} | schedule.heartbeatTimeoutSeconds: must be <= 3600, got 7200
      worker start over a day | schedule: {workerStartTimeoutSeconds: 100000} | schedule.workerStartTimeoutSeconds: must be <= 86400, got 100000
      steps beyond int        | schedule: {maxSteps: 3000000000}     | schedule.maxSteps: must be <= 2147483647, got 3000000000
      """)
  void rejectsBadValueWithItsFieldPath(String what, String extra, String expectedMessage) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.parse("bad.yaml", MINIMAL + extra.replace("\\n", "\n") + "\n"));
    assertThat(e).as(what).isNotNull();
    assertThat(e.problems()).as(what).hasSize(1);
    assertThat(e.problems().get(0)).as(what).startsWith(expectedMessage);
    assertThat(e.getMessage()).startsWith("bad.yaml: 1 problem:");
  }

  @Test
  void reportsEveryProblemNotJustTheFirst() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("x.yaml",
        "name: Bad Name\nmodel: {preset: huge}\ngrpo: {groupSize: 1, lr: 0, clipLow: 2}\nfoo: 1\n"));
    assertThat(e.problems()).hasSize(7).anySatisfy(p -> assertThat(p).startsWith("name: must be"))
        .anySatisfy(p -> assertThat(p).startsWith("model.preset: must be one of"))
        .anySatisfy(p -> assertThat(p).startsWith("grpo.groupSize"))
        .anySatisfy(p -> assertThat(p).startsWith("grpo.lr"))
        .anySatisfy(p -> assertThat(p).startsWith("grpo.clipLow: must be <= 1"))
        .anySatisfy(p -> assertThat(p).startsWith("foo: unknown key"))
        .anySatisfy(p -> assertThat(p).startsWith("data.spec: required"));
  }

  @Test
  void wrongTypesInCrossCheckedFieldsDoNotCrash() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("x.yaml",
        MINIMAL + "grpo: {promptsPerStep: many, miniBatchSize: 0}\nschedule: {checkpointInterval: x}\n"));
    assertThat(e.problems()).hasSize(3);
  }

  @Test
  void requiresNameModelAndData() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("x.yaml", "seed: 1\n"));
    assertThat(e.problems()).containsExactly(
        "name: required (a short id for the campaign, e.g. \"demo\")",
        "model: set exactly one of 'preset' (a named shape, random init) or 'checkpoint' (a Hugging Face checkpoint directory)",
        "data.spec: required (the data-preparation spec file)");
  }

  @Test
  void presetAndCheckpointTogetherIsAnError() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.parse("x.yaml",
        "name: a\nmodel: {preset: tiny, checkpoint: /m}\ndata: {spec: d}\n"));
    assertThat(e.problems()).singleElement().asString().endsWith(", not both");
  }

  @Test
  void malformedYamlNamesTheLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> loader.parse("x.yaml", "name: a\ngrpo: {groupSize: 5\nseed: 3\n"));
    assertThat(e.problems()).singleElement().asString().startsWith("not valid YAML/JSON at line");
  }

  @Test
  void emptyAndMissingFilesAreReported() {
    assertThatThrownBy(() -> loader.parse("e.yaml", "")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> loader.load(Path.of("/nonexistent/c.yaml")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("file not found");
  }

  @Test
  void shippedExamplesValidate() throws Exception {
    Path examples = DataFiles.projectRoot().resolve("examples");
    CampaignSpec paper = new CampaignSpecLoader(List.of("tooln1")).load(examples.resolve("paper-tool-n1-7b.yaml"));
    assertThat(paper.model().checkpoint()).isNotBlank();
    assertThat(paper.grpo().promptsPerStep()).isEqualTo(1024);
    assertThat(paper.schedule().epochs()).isEqualTo(7);
    CampaignSpec demo = new CampaignSpecLoader(List.of("tooln1")).load(examples.resolve("demo.yaml"));
    assertThat(demo.model().preset()).isEqualTo("demo");
    assertThat(demo.sft().enabled()).isTrue();
  }
}
