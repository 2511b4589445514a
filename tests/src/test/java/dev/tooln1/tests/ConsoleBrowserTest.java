package dev.tooln1.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tooln1.reward.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 8's real-browser test: a real orchestrator and compute worker (OS processes) run a tiny
 * campaign; headless Chromium opens the console from the server's {@code server.json}, sees the
 * reward chart grow without a reload, and pauses, resumes, evaluates (issue 14) and stops the campaign
 * by clicking its buttons (CSRF-protected POSTs made by the page itself).
 *
 * <p>Uses the system's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or
 * {@code $TOOLN1_CHROMIUM}, {@code $TOOLN1_CHROMEDRIVER}) so that Selenium never downloads
 * anything; {@code bin/setup-browser} installs them.
 */
class ConsoleBrowserTest {

  private static final String CAMPAIGN = "browser";

  @TempDir
  Path dir;

  private static Path executable(String env, String fallback) {
    String set = System.getenv(env);
    Path p = Path.of(set == null || set.isBlank() ? fallback : set);
    if (!Files.isExecutable(p)) {
      throw new AssertionError("the console's browser test needs " + p + " (headless Chromium and its "
          + "chromedriver): run bin/setup-browser, or point $" + env + " at it");
    }
    return p;
  }

  private static WebDriver headlessChromium() {
    Path chromium = executable("TOOLN1_CHROMIUM", "/usr/bin/chromium");
    Path driver = executable("TOOLN1_CHROMEDRIVER", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1400,1200");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(driver.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  private Path writeConfig() throws IOException {
    Path data = dir.resolve("data.yaml");
    Files.writeString(data, "seed: 3\nsources:\n  - {type: synthetic, count: 120}\n"
        + "split: {train: 0.8, validation: 0.2, test: 0}\n");
    Path config = dir.resolve("campaign.yaml");
    // Tiny enough that a step takes well under a second on two shared cores; more steps than the
    // test lets it run (it is stopped from the page).
    Files.writeString(config, String.join("\n",
        "name: " + CAMPAIGN,
        "seed: 11",
        "model: {preset: tiny, trimVocabulary: true}",
        "data: {spec: " + data + "}",
        "promptFormat: compact",
        "grpo: {groupSize: 2, temperature: 0.7, lr: 1.0e-3, promptsPerStep: 2, miniBatchSize: 2,",
        "       maxPromptTokens: 400, maxResponseTokens: 16}",
        "schedule: {epochs: 100, maxSteps: 400, evalInterval: 10, checkpointInterval: 1,",
        "           continueAsNewInterval: 50, heartbeatTimeoutSeconds: 10, workerStartTimeoutSeconds: 10}",
        "evaluation: {heldOutTasks: 4}",
        ""));
    return config;
  }

  /** The server.json this server wrote (not a predecessor's). */
  private static JsonNode serverInfo(Path serverJson, long pid) {
    try {
      JsonNode n = Json.MAPPER.readTree(Files.readString(serverJson));
      return n.path("pid").asLong() == pid ? n : null;
    } catch (IOException | RuntimeException e) {
      return null; // not there yet, or being written
    }
  }

  @Test
  void consoleShowsTheRewardChartGrowAndPausesAndResumesTheCampaignByClicking() throws Exception {
    Path campaigns = dir.resolve("campaigns");
    Path serverJson = campaigns.resolve("server.json");
    WebDriver browser = headlessChromium(); // first: a missing browser fails before anything starts
    try (Tooln1Process server = Tooln1Process.start(dir.resolve("server.log"), "server", "--port", "0",
        "--console-port", "0", "--campaigns", campaigns.toString())) {
      Tooln1Process.await("server.json", Duration.ofSeconds(90),
          () -> serverInfo(serverJson, server.pid()) != null || !server.isAlive());
      assertThat(server.isAlive()).as(server.output()).isTrue();
      String consoleUrl = serverInfo(serverJson, server.pid()).get("consoleUrl").asText();
      try (Tooln1Process worker = Tooln1Process.start(dir.resolve("worker.log"), "worker",
          "--campaigns", campaigns.toString())) {
        Path startLog = dir.resolve("start.log");
        int exit = Tooln1Process.run(startLog, Duration.ofSeconds(90), "campaign", "start", "--config",
            writeConfig().toString(), "--campaigns", campaigns.toString());
        assertThat(exit).as(Files.readString(startLog)).isZero();

        browser.get(consoleUrl);
        Page page = new Page(browser, () -> "server:\n" + tail(server.output()) + "\nworker:\n" + tail(worker.output()));
        page.await("the campaign's view", Duration.ofSeconds(30), b -> CAMPAIGN.equals(page.detail("campaign")));

        // The reward chart gets points, then more, with no reload: the page polls and redraws.
        page.await("reward points on the chart", Duration.ofSeconds(120), b -> page.rewardPoints() >= 2);
        int before = page.rewardPoints();
        page.await("the chart to grow past " + before + " points", Duration.ofSeconds(60),
            b -> page.rewardPoints() > before);
        assertThat(page.text("#d-status")).isEqualTo("RUNNING");

        page.click("#btn-pause");
        page.await("the PAUSED badge", Duration.ofSeconds(30), b -> "PAUSED".equals(page.text("#d-status")));
        // The step in flight when the signal came may still finish; then the loop waits.
        page.await("the PAUSED phase", Duration.ofSeconds(60), b -> "PAUSED".equals(page.detail("phase")));
        assertThat(page.element("#btn-pause").isEnabled()).isFalse();
        assertThat(page.element("#btn-resume").isEnabled()).isTrue();
        int pausedAt = page.step();
        int pointsPaused = page.rewardPoints();
        Thread.sleep(6_000); // three polls, many steps' worth of time when running
        assertThat(page.step()).as("steps while paused").isEqualTo(pausedAt);
        assertThat(page.rewardPoints()).as("chart points while paused").isEqualTo(pointsPaused);

        page.click("#btn-resume");
        page.await("RUNNING again", Duration.ofSeconds(30), b -> "RUNNING".equals(page.text("#d-status")));
        page.await("steps after the resume", Duration.ofSeconds(60), b -> page.step() > pausedAt + 1);
        page.await("new points after the resume", Duration.ofSeconds(30), b -> page.rewardPoints() > pointsPaused);

        // Evaluate the latest checkpoint on the held-out set from the page: a real EvaluationWorkflow
        // run by the worker, whose report then shows in the evaluations table.
        page.click("#btn-eval");
        page.await("the evaluation to be accepted", Duration.ofSeconds(30),
            b -> page.text("#d-msg").startsWith("evaluate: sent"));
        page.await("the new evaluation on the page", Duration.ofSeconds(90),
            b -> page.text("#evals tbody").contains("adhoc"));
        assertThat(page.text("#d-msg")).doesNotContain("failed");

        page.click("#btn-stop");
        page.await("the campaign to stop", Duration.ofSeconds(60),
            b -> "COMPLETED".equals(page.text("#d-status")) && "STOPPED".equals(page.detail("phase")));
        assertThat(page.element("#btn-stop").isEnabled()).isFalse();
      }
    } finally {
      browser.quit();
    }
  }

  private static String tail(String log) {
    return log.length() <= 3000 ? log : log.substring(log.length() - 3000);
  }

  /** The console page as the test reads it: what the page renders, no API calls of its own. */
  private static final class Page {
    private final WebDriver browser;
    private final java.util.function.Supplier<String> logs;

    Page(WebDriver browser, java.util.function.Supplier<String> logs) {
      this.browser = browser;
      this.logs = logs;
    }

    WebElement element(String css) {
      return browser.findElement(By.cssSelector(css));
    }

    String text(String css) {
      return element(css).getText().trim();
    }

    /** A data attribute the page keeps on its campaign view (campaign, status, phase, step). */
    String detail(String name) {
      return element("#detail").getAttribute("data-" + name);
    }

    int step() {
      String s = detail("step");
      return s == null || s.isEmpty() ? -1 : Integer.parseInt(s);
    }

    /** Points the reward chart holds, as the chart itself reports them. */
    int rewardPoints() {
      String s = element("#ch-reward").getAttribute("data-points");
      return s == null || s.isEmpty() ? 0 : Integer.parseInt(s);
    }

    void click(String css) {
      element(css).click();
    }

    void await(String what, Duration timeout, Function<WebDriver, Boolean> condition) {
      try {
        new WebDriverWait(browser, timeout, Duration.ofMillis(250)).until(b -> {
          try {
            return condition.apply(b);
          } catch (org.openqa.selenium.StaleElementReferenceException | NumberFormatException e) {
            return false; // redrawn while read
          }
        });
      } catch (TimeoutException e) {
        throw new AssertionError("timed out waiting for " + what + "; the page said: status "
            + text("#d-status") + ", phase " + detail("phase") + ", step " + detail("step") + ", message '"
            + text("#d-msg") + "', connection '" + text("#conn") + "'\n" + logs.get(), e);
      }
    }
  }
}
