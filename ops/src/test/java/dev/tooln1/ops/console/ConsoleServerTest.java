package dev.tooln1.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tooln1.ops.console.ConsoleBackend.CampaignDetail;
import dev.tooln1.ops.console.ConsoleBackend.CampaignSummary;
import dev.tooln1.ops.console.ConsoleBackend.Document;
import dev.tooln1.ops.console.ConsoleBackend.ScheduleView;
import dev.tooln1.ops.console.ConsoleBackend.StepPoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleServerTest {

  /** Records the actions the console asks for; the console's HTTP layer is what is under test. */
  static final class RecordingBackend implements ConsoleBackend {
    final List<String> actions = new ArrayList<>();
    /** Report pages and files come from real campaign directories under here. */
    CampaignArtifacts artifacts;

    @Override
    public List<CampaignSummary> campaigns() {
      return List.of(summary());
    }

    CampaignSummary summary() {
      return new CampaignSummary("demo-1", "demo", "RUNNING", "grpo", 3, 30, 0.42, 0.5, 120L, "2026-11-23T13:00:00Z");
    }

    @Override
    public Optional<CampaignDetail> campaign(String id) {
      if (!id.equals("demo-1")) {
        return Optional.empty();
      }
      return Optional.of(new CampaignDetail(summary(),
          List.of(new StepPoint(1, 0.3, 0.9, 0.001, 40, 2.0, 0.01, 1.0)),
          new ConsoleBackend.HistorySource(ConsoleBackend.HISTORY_WORKFLOW, "Charts: the workflow's history."),
          List.of(), List.of(), List.of(), List.of()));
    }

    private void known(String id) {
      if (!id.equals("demo-1")) {
        throw new IllegalArgumentException("no campaign " + id);
      }
    }

    @Override
    public void pause(String id) {
      known(id);
      actions.add("pause " + id);
    }

    @Override
    public void resume(String id) {
      known(id);
      actions.add("resume " + id);
    }

    @Override
    public void stop(String id) {
      known(id);
      actions.add("stop " + id);
    }

    @Override
    public String evaluate(String id, Integer step, dev.tooln1.activities.campaign.EvalSet set) {
      known(id);
      actions.add("evaluate " + id + " " + step + " " + set.name());
      return "eval-" + id + "-" + step;
    }

    @Override
    public Optional<Document> bfclReport(String id, String name) {
      return artifacts.bfclReport(id, name);
    }

    @Override
    public Optional<Document> evalFile(String id, String path) {
      return artifacts.evalFile(id, path);
    }

    @Override
    public List<ScheduleView> schedules() {
      return List.of(new ScheduleView("s1", "demo-1", "heldout", 600, null, null, "ACTIVE", "workflow"));
    }
  }

  @TempDir
  Path campaigns;

  private final RecordingBackend backend = new RecordingBackend();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = HttpClient.newHttpClient();
  private ConsoleServer server;

  @BeforeEach
  void artifacts() {
    backend.artifacts = new CampaignArtifacts(campaigns);
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.close();
    }
  }

  private String base() {
    return server.url();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesThePageWithItsCsrfTokenAndTheJsonApi() throws Exception {
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.empty());
    server.start(0);
    HttpResponse<String> page = get("");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<meta name=\"csrf-token\" content=\"" + server.csrfToken() + "\">");
    assertThat(get("static/vendor/uPlot.iife.min.js").statusCode()).isEqualTo(200);
    assertThat(get("static/console.js").body()).contains("X-CSRF-Token");
    assertThat(get("api/campaigns").body()).contains("\"id\":\"demo-1\"").contains("\"etaSeconds\":120");
    assertThat(get("api/campaigns/demo-1").body()).contains("\"meanReward\":0.3");
    assertThat(get("api/campaigns/nope").statusCode()).isEqualTo(404);
    assertThat(get("api/schedules").body()).contains("\"intervalSeconds\":600").contains("\"kind\":\"workflow\"");
  }

  @Test
  void actionsNeedPostWithTheCsrfToken() throws Exception {
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.empty());
    server.start(0);
    assertThat(post("api/campaigns/demo-1/pause", Map.of()).statusCode()).isEqualTo(403);
    assertThat(post("api/campaigns/demo-1/pause", Map.of(ConsoleServer.CSRF_HEADER, "wrong")).statusCode()).isEqualTo(403);
    assertThat(get("api/campaigns/demo-1/pause").statusCode()).isEqualTo(404);
    assertThat(backend.actions).isEmpty();

    Map<String, String> ok = Map.of(ConsoleServer.CSRF_HEADER, server.csrfToken());
    assertThat(post("api/campaigns/demo-1/pause", ok).statusCode()).isEqualTo(200);
    assertThat(post("api/campaigns/demo-1/resume", ok).statusCode()).isEqualTo(200);
    assertThat(post("api/campaigns/demo-1/stop", ok).statusCode()).isEqualTo(200);
    HttpResponse<String> ev = post("api/campaigns/demo-1/evaluate?step=20", ok);
    assertThat(ev.body()).contains("eval-demo-1-20");
    assertThat(post("api/campaigns/ghost/pause", ok).statusCode()).isEqualTo(404);
    assertThat(backend.actions).containsExactly("pause demo-1", "resume demo-1", "stop demo-1", "evaluate demo-1 20 heldout");
  }

  @Test
  void refusesCrossOriginActionsEvenWithTheToken() throws Exception {
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.empty());
    server.start(0);
    HttpResponse<String> r = post("api/campaigns/demo-1/stop",
        Map.of(ConsoleServer.CSRF_HEADER, server.csrfToken(), "Origin", "http://evil.example"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(backend.actions).isEmpty();
  }

  @Test
  void offLoopbackEveryRequestNeedsTheAccessToken() throws Exception {
    assertThatThrownBy(() -> new ConsoleServer(backend, registry, "0.0.0.0", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("access token");
    assertThatThrownBy(() -> new ConsoleServer(backend, registry, "0.0.0.0", Optional.of("short")))
        .isInstanceOf(IllegalArgumentException.class);
    String token = "0123456789abcdef0123";
    // Token mode exercised on loopback: only the address differs from a real off-loopback bind.
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.of(token), true);
    server.start(0);
    assertThat(get("api/campaigns").statusCode()).isEqualTo(401);
    assertThat(get("api/campaigns?token=nope").statusCode()).isEqualTo(401);
    HttpResponse<String> withQuery = get("api/campaigns?token=" + token);
    assertThat(withQuery.statusCode()).isEqualTo(200);
    assertThat(withQuery.headers().firstValue("Set-Cookie")).get().asString().contains("HttpOnly").contains("SameSite=Strict");
    HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(base() + "api/campaigns"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bearer.statusCode()).isEqualTo(200);
  }

  /** One request over a plain socket, with exactly the Host header given (null: none); the status line and body. */
  private String rawGet(String path, String hostHeader) throws Exception {
    int port = URI.create(base()).getPort();
    try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      String request = "GET " + path + " HTTP/1." + (hostHeader == null ? "0" : "1") + "\r\n"
          + (hostHeader == null ? "" : "Host: " + hostHeader + "\r\n") + "Connection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return response.lines().findFirst().orElse("") + "\n" + response.substring(Math.max(0, response.indexOf("\r\n\r\n")));
    }
  }

  @Test
  void refusesAForeignHostHeaderAgainstDnsRebinding() throws Exception {
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.empty());
    server.start(0);
    int port = URI.create(base()).getPort();
    // A rebinding page's requests carry its own name: the page (and its CSRF token) is not served.
    String foreign = rawGet("/", "evil.example:" + port);
    assertThat(foreign).startsWith("HTTP/1.1 421").contains("Host 'evil.example:" + port + "' is not this console's address")
        .doesNotContain(server.csrfToken());
    assertThat(rawGet("/api/campaigns", "evil.example:" + port)).startsWith("HTTP/1.1 421");
    assertThat(rawGet("/static/console.js", "evil.example:" + port)).startsWith("HTTP/1.1 421");
    assertThat(rawGet("/metrics", "evil.example")).startsWith("HTTP/1.1 421");
    assertThat(rawGet("/", "127.0.0.1:" + (port == 1 ? 2 : port - 1))).as("another port").startsWith("HTTP/1.1 421");
    assertThat(rawGet("/", "127.0.0.1")).as("no port (not 80)").startsWith("HTTP/1.1 421");
    assertThat(rawGet("/", null)).as("no Host at all").contains(" 421 ");
    // The loopback names of a loopback bind, with the port.
    for (String ok : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port,
        "[0:0:0:0:0:0:0:1]:" + port}) {
      assertThat(rawGet("/", ok)).as(ok).startsWith("HTTP/1.1 200").contains(server.csrfToken());
    }
  }

  @Test
  void exposesPrometheusMetrics() throws Exception {
    registry.counter("tooln1_steps_total", "campaign", "demo-1").increment(3);
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.empty());
    server.start(0);
    HttpResponse<String> m = get("metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body()).contains("tooln1_steps_total{campaign=\"demo-1\"} 3.0");
  }

  private HttpResponse<String> getRaw(String rawPath) throws Exception {
    // URI.create keeps the path as written: no client-side removal of "..".
    URI uri = URI.create("http://127.0.0.1:" + URI.create(base()).getPort() + rawPath);
    assertThat(uri.getRawPath()).isEqualTo(rawPath);
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesBfclReportPagesOfACampaignWithoutScripts() throws Exception {
    CampaignFixture c = new CampaignFixture(campaigns, "demo-1");
    c.heldOut("step-2", 2, 1, 4, CampaignFixture.verdicts(1, 2));
    c.heldOut("step-4", 4, 3, 4, CampaignFixture.verdicts(2, 2));
    c.bfclEvalFolder("bfcl-step-4", 4, CampaignFixture.verdicts(2, 2));
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.empty());
    server.start(0);
    HttpResponse<String> page = get("campaigns/demo-1/bfcl/step-4-step-000004.html");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
    assertThat(page.body()).contains("BFCL evaluation").contains("step-4").contains("Overall (Tool-N1 Table 2)");
    assertThat(get("campaigns/demo-1/bfcl/comparison.html").body()).contains("id=\"comparison\"")
        .contains("<td>Overall (Tool-N1 Table 2)</td>");
    assertThat(get("campaigns/demo-1/files/bfcl-step-4/report.html").body()).contains("BFCL evaluation");
    assertThat(get("campaigns/demo-1/bfcl/step-6-step-000006.html").statusCode()).isEqualTo(404);
    assertThat(get("campaigns/demo-1/bfcl/step-4-step-000004.json").statusCode()).isEqualTo(404);
    assertThat(get("campaigns/nope/bfcl/comparison.html").statusCode()).isEqualTo(404);
  }

  @Test
  void reportFilesCannotBeReadOutsideTheCampaignsEvalFolder() throws Exception {
    CampaignFixture c = new CampaignFixture(campaigns, "demo-1");
    c.bfclEvalFolder("bfcl-step-4", 4, CampaignFixture.verdicts(2, 2));
    Files.writeString(campaigns.resolve("secret.html"), "TOP-SECRET");
    Files.writeString(c.dir.resolve("secret.json"), "{\"TOP-SECRET\": 1}");
    server = new ConsoleServer(backend, registry, "127.0.0.1", Optional.empty());
    server.start(0);
    for (String path : List.of(
        "/campaigns/demo-1/files/../secret.json",
        "/campaigns/demo-1/files/../../secret.html",
        "/campaigns/demo-1/files/bfcl-step-4/../../secret.json",
        "/campaigns/demo-1/files/%2e%2e/secret.json",
        "/campaigns/demo-1/files/%2e%2e%2fsecret.json",
        "/campaigns/demo-1/files/..%2f..%2fsecret.html",
        "/campaigns/demo-1/files/%2Ftmp%2Fsecret.html",
        "/campaigns/..%2fsecret.html/files/x.html",
        "/campaigns/demo-1/bfcl/..%2f..%2fsecret.html")) {
      HttpResponse<String> r = getRaw(path);
      assertThat(r.statusCode()).as(path).isNotEqualTo(200);
      assertThat(r.body()).as(path).doesNotContain("TOP-SECRET");
    }
  }
}
