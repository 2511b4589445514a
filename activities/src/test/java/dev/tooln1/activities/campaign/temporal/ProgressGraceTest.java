package dev.tooln1.activities.campaign.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tooln1.activities.campaign.CampaignFiles;
import dev.tooln1.activities.campaign.CampaignSpec;
import dev.tooln1.reward.RewardRegistry;
import dev.tooln1.workflows.dto.ArtifactRef;
import io.temporal.activity.ActivityExecutionContext;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code schedule.progressGraceSeconds} of a campaign reaches the keep-alive of its activities. */
class ProgressGraceTest {

  @TempDir
  Path tmp;

  final List<Long> beats = new CopyOnWriteArrayList<>();

  ActivityExecutionContext context() {
    return (ActivityExecutionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ActivityExecutionContext.class}, (proxy, method, args) -> {
          if (!method.getName().equals("heartbeat")) {
            throw new UnsupportedOperationException(method.getName());
          }
          beats.add(System.nanoTime());
          return null;
        });
  }

  ArtifactRef campaign(String id, Integer graceSeconds) throws Exception {
    CampaignSpec base = CampaignEndToEndTest.spec(tmp.resolve("data.yaml"));
    CampaignSpec spec = new CampaignSpec(base.name(), base.description(), base.seed(), base.model(),
        base.data(), base.reward(), base.promptFormat(), base.sft(), base.grpo(),
        base.schedule().withProgressGraceSeconds(graceSeconds), base.evaluation(), base.guard());
    return CampaignFiles.writeCampaignJson(tmp.resolve("campaigns").resolve(id), spec);
  }

  ComputeActivities compute(Duration workerGrace) {
    return new ComputeActivities(tmp.resolve("campaigns"), "q", RewardRegistry.standard(), workerGrace);
  }

  @Test
  void theCampaignsGraceReplacesTheWorkersDefault() throws Exception {
    ArtifactRef config = campaign("g", 7);
    Duration grace = compute(Duration.ofMinutes(2)).withHeartbeats(context(), Duration.ofSeconds(5),
        "probe", "g", config, (rt, progress) -> ((KeepAlive) progress).grace());
    assertThat(grace).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aConfigWithoutTheSettingKeepsTheWorkersDefault() throws Exception {
    ArtifactRef config = campaign("d", null);
    Duration grace = compute(Duration.ofSeconds(95)).withHeartbeats(context(), Duration.ofSeconds(5),
        "probe", "d", config, (rt, progress) -> ((KeepAlive) progress).grace());
    assertThat(grace).isEqualTo(Duration.ofSeconds(95));
  }

  @Test
  void aServiceSilentLongerThanTheCampaignsGraceStopsHeartbeating() throws Exception {
    ArtifactRef config = campaign("s", 1);
    // the worker's default would keep it alive for an hour: only the campaign's 1 s stops it
    int[] counts = compute(Duration.ofHours(1)).withHeartbeats(context(), Duration.ofMillis(50),
        "hangs", "s", config, (rt, progress) -> {
          progress.report("tokens", 1, -1);
          long reported = System.nanoTime();
          sleep(600);
          int withinGrace = beats.size();
          sleep(900); // now 1.5 s after the report: past the grace
          int pastGrace = beats.size();
          sleep(600);
          return new int[] {withinGrace, pastGrace, beats.size(), (int) ((System.nanoTime() - reported) / 1_000_000)};
        });
    assertThat(counts[0]).as("keep-alive beats within the grace").isGreaterThanOrEqualTo(5);
    assertThat(counts[2]).as("no beats once silent past the grace").isEqualTo(counts[1]);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
