package dev.tooln1.ops.console;

import dev.tooln1.activities.campaign.EvalSet;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The operations console: a single page polling a small JSON API, plus {@code /metrics} for
 * Prometheus. Bound to 127.0.0.1 unless told otherwise; on any other address every request needs the
 * access token. State-changing requests are POSTs that must carry the per-process CSRF token (served
 * inside the page) and, if present, an Origin equal to the console's own.
 */
public final class ConsoleServer implements AutoCloseable {

  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String TOKEN_COOKIE = "tooln1_token";

  private final ConsoleBackend backend;
  private final PrometheusMeterRegistry metrics;
  private final String host;
  private final String csrfToken;
  private final Optional<String> accessToken;
  private final String indexHtml;
  private Javalin app;

  /**
   * @param accessToken required when {@code host} is not a loopback address; ignored on loopback
   */
  public ConsoleServer(ConsoleBackend backend, PrometheusMeterRegistry metrics, String host,
      Optional<String> accessToken) {
    this(backend, metrics, host, accessToken, !isLoopback(host));
  }

  /** {@code requireToken}: whether every request needs the access token (always so off loopback). */
  ConsoleServer(ConsoleBackend backend, PrometheusMeterRegistry metrics, String host,
      Optional<String> accessToken, boolean requireToken) {
    this.backend = backend;
    this.metrics = metrics;
    this.host = host;
    boolean loopback = !requireToken;
    if (!loopback && accessToken.filter(t -> t.length() >= 16).isEmpty()) {
      throw new IllegalArgumentException("the console binds to " + host
          + ", which is not a loopback address: give an access token of at least 16 characters (--token)");
    }
    this.accessToken = loopback ? Optional.empty() : accessToken;
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    this.csrfToken = HexFormat.of().formatHex(b);
    this.indexHtml = resource("/console/index.html").replace("{{CSRF_TOKEN}}", csrfToken);
  }

  /** Starts on {@code port} (0 = any free port) and returns the bound port. */
  public int start(int port) {
    app = Javalin.create(config -> {
      config.jetty.host = host;
      config.jetty.port = port;
      config.startup.showJavalinBanner = false;
      config.staticFiles.add(sf -> {
        sf.hostedPath = "/static";
        sf.directory = "/console";
        sf.location = Location.CLASSPATH;
      });
      config.routes.before(this::checkHost);
      config.routes.before(this::authorize);
      config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(indexHtml));
      config.routes.get("/api/campaigns", ctx -> ctx.json(backend.campaigns()));
      config.routes.get("/api/campaigns/{id}", ctx -> ctx.json(backend.campaign(ctx.pathParam("id"))
          .orElseThrow(() -> new NotFoundResponse("no campaign " + ctx.pathParam("id")))));
      config.routes.get("/api/schedules", ctx -> ctx.json(backend.schedules()));
      // BFCL report pages: rendered from the campaign's results, or report files under its eval/.
      config.routes.get("/campaigns/{id}/bfcl/{page}", ctx -> {
        String page = ctx.pathParam("page");
        if (!page.endsWith(".html")) {
          throw new NotFoundResponse("no report " + page);
        }
        serve(ctx, backend.bfclReport(ctx.pathParam("id"), page.substring(0, page.length() - 5)), page);
      });
      config.routes.get("/campaigns/{id}/files/<path>",
          ctx -> serve(ctx, backend.evalFile(ctx.pathParam("id"), ctx.pathParam("path")), ctx.pathParam("path")));
      config.routes.post("/api/campaigns/{id}/pause", ctx -> act(ctx, () -> backend.pause(ctx.pathParam("id"))));
      config.routes.post("/api/campaigns/{id}/resume", ctx -> act(ctx, () -> backend.resume(ctx.pathParam("id"))));
      config.routes.post("/api/campaigns/{id}/stop", ctx -> act(ctx, () -> backend.stop(ctx.pathParam("id"))));
      config.routes.post("/api/campaigns/{id}/evaluate", ctx -> {
        checkCsrf(ctx);
        String step = ctx.queryParam("step");
        String set = ctx.queryParam("set");
        String limit = ctx.queryParam("limit");
        Integer s = step == null || step.isBlank() ? null : Integer.valueOf(step);
        int n = limit == null || limit.isBlank() ? 0 : Integer.parseInt(limit);
        ctx.json(Map.of("workflowId", backend.evaluate(ctx.pathParam("id"), s,
            EvalSet.parse(set == null || set.isBlank() ? "heldout" : set, n))));
      });
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(metrics.scrape()));
      config.routes.exception(IllegalArgumentException.class,
          (e, ctx) -> ctx.status(404).json(Map.of("error", String.valueOf(e.getMessage()))));
      config.routes.exception(NumberFormatException.class,
          (e, ctx) -> ctx.status(400).json(Map.of("error", "not a number: " + e.getMessage())));
    }).start();
    return app.port();
  }

  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + app.port() + "/";
  }

  /**
   * Sends a report page. Report text includes model output: the page may not run scripts or load
   * anything, whatever it contains.
   */
  private static void serve(Context ctx, Optional<ConsoleBackend.Document> doc, String what) {
    ConsoleBackend.Document d = doc.orElseThrow(() -> new NotFoundResponse("no report " + what));
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.contentType(d.contentType()).result(d.body());
  }

  String csrfToken() {
    return csrfToken;
  }

  private void act(Context ctx, Runnable action) {
    checkCsrf(ctx);
    action.run();
    ctx.json(Map.of("ok", true));
  }

  private void checkCsrf(Context ctx) {
    String sent = ctx.header(CSRF_HEADER);
    if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
        csrfToken.getBytes(StandardCharsets.UTF_8))) {
      throw new ForbiddenResponse("missing or wrong " + CSRF_HEADER + " header");
    }
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals("http://" + ctx.host())) {
      throw new ForbiddenResponse("cross-origin request refused");
    }
  }

  /**
   * Refuses a request whose Host header is not an address this console serves (421). DNS rebinding:
   * a page from another site whose name is re-pointed at 127.0.0.1 is same-origin with itself, so
   * the browser lets it read the console's page (and the CSRF token in it) unless the console
   * checks the name it was reached by. Allowed, with the console's port: the bound host; for a
   * loopback bind also localhost, 127.0.0.1 and [::1]; for a wildcard bind (0.0.0.0, ::) this
   * machine's own addresses and host name (an access token is required there anyway).
   */
  private void checkHost(Context ctx) {
    String sent = ctx.header("Host");
    if (sent == null || !hostAllowed(sent)) {
      throw new io.javalin.http.HttpResponseException(io.javalin.http.HttpStatus.MISDIRECTED_REQUEST.getCode(),
          "Host " + (sent == null ? "(none)" : "'" + sent + "'") + " is not this console's address ("
              + url() + "); refused");
    }
  }

  /** Names (lower case) and addresses this console answers to; computed once. */
  private record Allowed(java.util.Set<String> names, java.util.Set<InetAddress> addresses) {}

  private volatile Allowed allowed;

  boolean hostAllowed(String header) {
    String h = header.trim().toLowerCase(java.util.Locale.ROOT);
    String name;
    String port;
    if (h.startsWith("[")) { // [v6]:port
      int close = h.indexOf(']');
      if (close < 0) {
        return false;
      }
      name = h.substring(0, close + 1);
      port = h.length() > close + 1 && h.charAt(close + 1) == ':' ? h.substring(close + 2) : null;
      if (port == null && h.length() > close + 1) {
        return false;
      }
    } else {
      int colon = h.lastIndexOf(':');
      name = colon < 0 ? h : h.substring(0, colon);
      port = colon < 0 ? null : h.substring(colon + 1);
    }
    int ours = app.port();
    if (port == null ? ours != 80 : !port.equals(Integer.toString(ours))) {
      return false; // a browser leaves out only the default port
    }
    Allowed a = allowed();
    if (a.names().contains(name)) {
      return true;
    }
    // IP literals compare as addresses (::1 = 0:0:0:0:0:0:0:1); names never reach a resolver here.
    boolean literal = name.startsWith("[") || name.matches("[0-9.]+");
    if (!literal) {
      return false;
    }
    try {
      return a.addresses().contains(InetAddress.getByName(name.replace("[", "").replace("]", "")));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private Allowed allowed() {
    Allowed a = allowed;
    if (a != null) {
      return a;
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Set<InetAddress> addresses = new java.util.HashSet<>();
    names.add(host.toLowerCase(java.util.Locale.ROOT));
    names.add("[" + host.toLowerCase(java.util.Locale.ROOT) + "]");
    boolean wildcard = false;
    try {
      InetAddress bound = InetAddress.getByName(host);
      wildcard = bound.isAnyLocalAddress();
      addresses.add(bound);
    } catch (UnknownHostException e) {
      // the name as given is all there is
    }
    if (isLoopback(host) || wildcard) {
      names.add("localhost");
      addresses.add(InetAddress.getLoopbackAddress());
      try {
        addresses.add(InetAddress.getByName("127.0.0.1"));
        addresses.add(InetAddress.getByName("::1"));
      } catch (UnknownHostException e) {
        // literals: not reached
      }
    }
    if (wildcard) {
      try {
        InetAddress local = InetAddress.getLocalHost();
        names.add(local.getHostName().toLowerCase(java.util.Locale.ROOT));
        names.add(local.getCanonicalHostName().toLowerCase(java.util.Locale.ROOT));
        for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
          addresses.addAll(java.util.Collections.list(nic.getInetAddresses()));
        }
      } catch (IOException e) {
        // the loopback names above still work
      }
    }
    allowed = new Allowed(java.util.Set.copyOf(names), java.util.Set.copyOf(addresses));
    return allowed;
  }

  private void authorize(Context ctx) {
    if (accessToken.isEmpty()) {
      return;
    }
    String expected = accessToken.get();
    String q = ctx.queryParam("token");
    if (q != null && equal(q, expected)) {
      ctx.cookie(new io.javalin.http.Cookie(TOKEN_COOKIE, q, "/", -1, false, true, null,
          io.javalin.http.SameSite.STRICT));
      return;
    }
    String auth = ctx.header("Authorization");
    if (auth != null && auth.startsWith("Bearer ") && equal(auth.substring(7), expected)) {
      return;
    }
    String cookie = ctx.cookie(TOKEN_COOKIE);
    if (cookie != null && equal(cookie, expected)) {
      return;
    }
    throw new UnauthorizedResponse("this console needs its access token (?token=... or Authorization: Bearer ...)");
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String resource(String path) {
    try (InputStream in = ConsoleServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
