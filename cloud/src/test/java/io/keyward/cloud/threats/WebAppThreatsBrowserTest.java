package io.keyward.cloud.threats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import io.keyward.cloud.Api;
import io.keyward.cloud.KeywardCloud;
import io.keyward.cloud.browser.Browser;
import io.keyward.cloud.browser.BrowserPages;
import io.keyward.lock.cli.RunningLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10 web-app threats in a real headless Chromium against a real cloud and a real simulated lock:
 * stored XSS in every name the app renders (one browser session sweeps the pages), CSRF from another
 * origin with the victim's session cookie (same site: 127.0.0.1 on another port, so SameSite does not
 * help and the X-Keyward header rule must), and clickjacking (a page that frames the app is refused).
 * CSP violations fail every browser test through BrowserPages' console checks. Last, everything the
 * cloud and the lock wrote to the console meanwhile is searched for every secret the run handled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("web-app threats: stored XSS, CSRF, clickjacking, CSP")
class WebAppThreatsBrowserTest {

    /** Payloads that set top.pwned if any markup they carry ever runs; short enough for every field's limit. */
    static final String IMG = "<img src=x onerror=top.pwned=1>";
    static final String SCRIPT = "\"><script>top.pwned=2</script>";
    static final String SVG = "<svg onload=top.pwned=3>";
    static final String JS_URL = "javascript:top.pwned=4//";
    static final String PASSWORD = "correct horse battery";

    final Path data = Path.of("target", "threats", "webapp-" + UUID.randomUUID()).toAbsolutePath();
    ConfigurableApplicationContext cloud;
    RunningLock lock;
    Browser browser;
    BrowserPages page;
    HttpServer attacker;
    int port;
    Api owner;
    String ownerToken;
    String ownerEmail;
    String lockId;
    final HttpClient http = HttpClient.newHttpClient();
    /** Every secret this run handled, by what it is: none may reach the logs. */
    final Map<String, String> secrets = new java.util.LinkedHashMap<>();
    /** Everything written to the console from before the cloud starts: logback's and the lock's logs. */
    final java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    java.io.PrintStream originalOut;
    java.io.PrintStream originalErr;

    @BeforeAll
    void start() throws Exception {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(tee(originalOut));
        System.setErr(tee(originalErr));
        cloud = new SpringApplicationBuilder(KeywardCloud.class).run("--keyward.data-dir=" + data.resolve("cloud"),
                "--server.port=0", "--keyward.broker.port=" + freePort(), "--keyward.pairing.wait=15s", "--keyward.commands.sweep=1s",
                // the most the cloud and its web layer ever log, for the search of the logs at the end
                "--logging.level.io.keyward=DEBUG", "--logging.level.org.springframework.web=DEBUG");
        port = Integer.parseInt(cloud.getEnvironment().getProperty("local.server.port"));
        owner = new Api(port, "10.77.1.1");
        ownerEmail = "owner-" + UUID.randomUUID() + "@example.org";
        ownerToken = signUpWithToken(owner, ownerEmail, IMG + " Olivia");
        String serial = "KW-X" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        lock = RunningLock.start(serial, data.resolve("locks").resolve(serial), 0, false, URI.create("http://127.0.0.1:" + port));
        lockId = pair(SCRIPT + " door");
        plantNames();
        browser = Browser.start(Browser.DESKTOP);
        page = new BrowserPages(browser);
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.start();
    }

    @AfterAll
    void stop() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        if (attacker != null) {
            attacker.stop(0);
        }
        BrowserPages.closeAll(browser, lock, cloud);
    }

    @Test
    @Order(1)
    void finding11_storedXssInEveryNameShowsAsText() {
        browser.driver.get("http://127.0.0.1:" + port + "/");
        page.signIn(ownerEmail, PASSWORD);
        page.visible("add-lock");
        String base = "http://127.0.0.1:" + port + "/#/lock/" + lockId;
        // each page, and the payload text it must show literally
        List<String[]> pages = List.of(
                new String[] {"http://127.0.0.1:" + port + "/#/locks", SCRIPT + " door"},
                new String[] {base, SCRIPT + " door"},
                new String[] {base + "/users", SVG},
                new String[] {base + "/settings", JS_URL},
                new String[] {base + "/sharing", SVG + " Sam"},
                new String[] {base + "/events", SVG},
                new String[] {base + "/visitors", IMG + " cleaner"},
                new String[] {base + "/bluetooth", null},
                new String[] {"http://127.0.0.1:" + port + "/#/alerts", null});
        int checked = 0;
        for (String[] p : pages) {
            browser.driver.get(p[0]);
            page.visible("main");
            if (p[1] != null) {
                page.waiting().until(d -> d.findElement(By.tagName("body")).getText().contains(p[1]));
            } else {
                page.waiting().until(d -> "false".equals(String.valueOf(page.script(
                        "return document.querySelector('[aria-busy=\"true\"]') !== null"))));
            }
            assertThat(browser.driver.findElement(By.id("account-name")).getText()).isEqualTo(IMG + " Olivia");
            assertThat(page.script("return typeof top.pwned")).as("script ran on " + p[0]).isEqualTo("undefined");
            assertThat(page.script("return document.querySelectorAll('main img[src=x], main svg[onload], main script').length"))
                    .as("markup from data on " + p[0]).isEqualTo(0L);
            BrowserPages.noConsoleErrors(browser);
            checked++;
        }
        System.out.println("xss: " + checked + " pages, 7 planted names (account, lock, lock user, accessory, share, visitor code, token)");
    }

    @Test
    @Order(2)
    void finding11_crossOriginRequestsWithTheSessionCookieChangeNothing() throws Exception {
        long commandsBefore = commands();
        String target = "http://127.0.0.1:" + port + "/api/locks/" + lockId;
        serve("/csrf", """
                <!doctype html><html><body>
                <form id="f" method="POST" action="%1$s/unlock" enctype="text/plain"><input name='{"a":"' value='"}'></form>
                <iframe name="sink"></iframe>
                <script>
                  window.results = [];
                  const attempt = (what, p) => p.then(r => results.push(what + ' ' + r.status + ' ' + r.type),
                                                      e => results.push(what + ' blocked'));
                  attempt('no-cors', fetch('%1$s/unlock', {method: 'POST', mode: 'no-cors', credentials: 'include',
                          headers: {'Content-Type': 'text/plain'}, body: '{}'}));
                  attempt('cors+header', fetch('%1$s/users', {method: 'POST', credentials: 'include',
                          headers: {'Content-Type': 'application/json', 'X-Keyward': '1'},
                          body: JSON.stringify({name: 'Mallory', role: 'ADMIN'})}));
                  attempt('cors-read', fetch('%1$s', {credentials: 'include'}));
                  document.getElementById('f').target = 'sink';
                  document.getElementById('f').submit();
                  setTimeout(() => results.push('done'), 1500);
                </script></body></html>""".formatted(target));
        browser.driver.get(attackerUrl("/csrf"));
        page.waiting().until(d -> String.valueOf(page.script("return window.results.join('|')")).contains("done"));
        String results = String.valueOf(page.script("return window.results.join('|')"));
        assertThat(results).contains("cors+header blocked").contains("cors-read blocked");
        Thread.sleep(1500); // let the cloud queue anything that got through
        assertThat(commands()).as("commands queued by the attacker's page: " + results).isEqualTo(commandsBefore);
        browser.consoleErrors(); // the refusals the attack provoked are expected here
        System.out.println("csrf: 4 cross-origin attempts (form, no-cors fetch, fetch with header, cross-origin read), none changed anything");
    }

    @Test
    @Order(3)
    void finding11_aPageThatFramesTheAppIsRefused() {
        serve("/frame", "<!doctype html><html><body><iframe id='app' src='http://127.0.0.1:" + port + "/'></iframe></body></html>");
        browser.driver.get(attackerUrl("/frame"));
        List<String> errors = new ArrayList<>();
        page.waiting().until(d -> {
            errors.addAll(browser.consoleErrors());
            return errors.stream().anyMatch(line -> line.contains("frame-ancestors") || line.contains("X-Frame-Options"));
        });
        System.out.println("clickjacking: framing refused by the browser: " + errors.get(0));
    }

    @Test
    @Order(4)
    void finding11_noSecretInTheLogs() throws Exception {
        // one more flow that carries secrets: a remote unlock, and a wrong then right password
        accepted(owner.send("PUT", "/api/locks/" + lockId + "/settings/REMOTE_UNLOCK", Api.fixed("{\"value\": \"true\"}"),
                "Content-Type", Api.JSON, "Authorization", "Bearer " + ownerToken));
        accepted(owner.postJson("/api/locks/" + lockId + "/unlock", "{}", bearer()));
        owner.postJson("/api/session", Api.json(Map.of("email", ownerEmail, "password", PASSWORD + "x")));
        expect(owner.postJson("/api/session", Api.json(Map.of("email", ownerEmail, "password", PASSWORD))), 200);
        secrets.put("password", PASSWORD);
        secrets.put("wrong password", PASSWORD + "x");
        secrets.put("administrator passcode", "246813");
        secrets.put("cloud signing key", cloud.getBean(SecretBox.class).open(cloud.getBean(JdbcClient.class)
                .sql("select private_key from signing_keys").query(String.class).single(), RowIdentity.signingKey("commands")));
        String keyLine = java.nio.file.Files.readAllLines(data.resolve("cloud").resolve("cloud").resolve("secrets.key")).get(0);
        secrets.put("secrets key", keyLine.substring(keyLine.indexOf(':') + 1));
        Thread.sleep(1000); // the lock's unlock and the sign-ins are logged by now
        String logs;
        synchronized (console) {
            logs = console.toString(StandardCharsets.UTF_8);
        }
        assertThat(logs).as("the run logged something").isNotBlank();
        List<String> leaked = new ArrayList<>();
        secrets.forEach((what, secret) -> {
            assertThat(secret).as(what).isNotBlank();
            if (logs.contains(secret)) {
                leaked.add(what);
            }
        });
        assertThat(leaked).as("secrets found in the logs").isEmpty();
        System.out.println("logs: " + secrets.size() + " secrets searched in " + logs.lines().count() + " log lines, none found");
    }

    // ------------------------------------------------------------------ set-up through the REST API

    private String signUpWithToken(Api api, String email, String displayName) {
        expect(api.postJson("/api/accounts", Api.json(Map.of("email", email, "password", PASSWORD, "displayName", displayName))), 201);
        Api.Response session = expect(api.postJson("/api/session", Api.json(Map.of("email", email, "password", PASSWORD))), 200);
        String cookie = session.cookies().stream().filter(c -> c.startsWith("KW_SESSION=")).findFirst().orElseThrow();
        String value = cookie.substring("KW_SESSION=".length(), cookie.indexOf(';'));
        String token = expect(api.postJson("/api/tokens", Api.json(Map.of("name", JS_URL)), "Cookie", "KW_SESSION=" + value,
                "X-Keyward", "1"), 201).json().get("token").asString();
        secrets.put("session of " + email, value);
        secrets.put("API token of " + email, token);
        return token;
    }

    private String pair(String name) throws Exception {
        panel("/touch", "{}");
        panel("/keys", "{\"keys\":[\"OK\"]}");
        for (int i = 0; i < 2; i++) {
            panel("/touch", "{}");
            panel("/keys", "{\"keys\":[\"2\",\"4\",\"6\",\"8\",\"1\",\"3\",\"OK\"]}");
        }
        String qr = new tools.jackson.databind.ObjectMapper().readTree(panel("/hold", "{\"button\":\"SET\",\"seconds\":3}"))
                .at("/screen/qr").asString();
        secrets.put("pairing secret", qr.replaceAll(".*[?&]secret=([^&]+).*", "$1"));
        String id = expect(owner.postJson("/api/locks", Api.json(Map.of("pairingCode", qr, "name", name)), bearer()), 201)
                .json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> owner.get("/api/locks/" + id, bearer()).json().get("online").asBoolean());
        return id;
    }

    private void plantNames() {
        String lockPath = "/api/locks/" + lockId;
        accepted(owner.postJson(lockPath + "/users", Api.json(Map.of("name", SVG, "role", "USER")), bearer()));
        accepted(owner.postJson(lockPath + "/accessories", Api.json(Map.of("kind", "REMOTE_CONTROLLER", "name", JS_URL)), bearer()));
        secrets.put("visitor code", accepted(owner.postJson(lockPath + "/visitor-codes", Api.json(Map.of("kind", "ONE_TIME",
                "start", Instant.now().toString(), "name", IMG + " cleaner")), bearer())).json().get("code").asString());
        String invite = accepted(owner.postJson(lockPath + "/bluetooth-invites", Api.json(Map.of(
                "validFrom", Instant.now().toString(), "validUntil", Instant.now().plusSeconds(86_400).toString(),
                "name", SVG + " plumber")), bearer())).json().get("code").asString();
        secrets.put("Bluetooth pairing code", invite);
        secrets.put("Bluetooth pairing code without dashes", invite.replace("-", ""));
        Api other = new Api(port, "10.77.1.2");
        String sharedEmail = "sam-" + UUID.randomUUID() + "@example.org";
        signUpWithToken(other, sharedEmail, SVG + " Sam");
        accepted(owner.postJson(lockPath + "/shares", Api.json(Map.of("email", sharedEmail, "role", "MEMBER")), bearer()));
        // the lock applies the user and the accessory and reports them back: names relayed by the lock
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode lock = owner.get(lockPath, bearer()).json();
            return lock.toString().contains("svg onload") && lock.toString().contains("javascript:");
        });
    }

    /** A console stream that also keeps a copy of what passes through it. */
    private java.io.PrintStream tee(java.io.PrintStream original) {
        return new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (console) {
                    console.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (console) {
                    console.write(bytes, offset, length);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private String[] bearer() {
        return new String[] {"Authorization", "Bearer " + ownerToken};
    }

    private long commands() {
        return owner.get("/api/locks/" + lockId + "/commands", bearer()).json().size();
    }

    private String panel(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(lock.panelUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return response.body();
    }

    private void serve(String path, String html) {
        attacker.createContext(path, exchange -> {
            byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private String attackerUrl(String path) {
        return "http://127.0.0.1:" + attacker.getAddress().getPort() + path;
    }

    private static Api.Response accepted(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 299);
        return response;
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
