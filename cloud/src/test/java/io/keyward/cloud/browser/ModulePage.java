package io.keyward.cloud.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The web app's modules (static/app/*.js) served as the cloud serves them, from a small HTTP server on
 * a free loopback port, to a headless Chromium on a blank page of that origin: what the in-browser
 * checks of the app's crypto and codecs need (trust.js, visitor-codes.js, bluetooth.js against the
 * Java side), without a cloud. Other paths go to the test's own handler if it gave one (e.g. a lock's
 * radio endpoint), else they are a 404.
 */
public final class ModulePage implements AutoCloseable {

    public final Browser browser;
    /** The page's origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
    public final String base;
    private final HttpServer server;
    private final HttpHandler other;

    private ModulePage(HttpServer server, HttpHandler other, Browser browser) {
        this.server = server;
        this.other = other;
        this.browser = browser;
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A page titled title, with the app's modules and nothing else. */
    public static ModulePage start(String title) throws IOException {
        return start(title, null);
    }

    /** A page titled title, with the app's modules; any other path goes to other (null: 404). */
    public static ModulePage start(String title, HttpHandler other) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String page = "<!doctype html><title>" + title + "</title><link rel=\"icon\" href=\"data:,\">";
        ModulePage[] made = new ModulePage[1];
        server.createContext("/", exchange -> made[0].handle(exchange, page));
        server.start();
        try {
            made[0] = new ModulePage(server, other, Browser.start(Browser.DESKTOP));
        } catch (IOException | RuntimeException | Error e) {
            server.stop(0);
            throw e;
        }
        made[0].browser.driver.get(made[0].base + "/");
        return made[0];
    }

    /**
     * Runs body (an async function's body, which returns the answer) with the module /app/module bound to
     * name, e.g. {@code run("trust.js", "trust", "return await trust.deviceId();")}. A rejected promise
     * answers "error: " and its reason or message, so a test sees it in its assertion.
     */
    public Object run(String module, String name, String body) {
        return ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/app/" + module + "').then(async (" + name + ") => {" + body + "})"
                        + ".then(done, (e) => done('error: ' + (e && (e.reason || e.message) || e)));");
    }

    private void handle(HttpExchange exchange, String page) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/")) {
            try (exchange) {
                send(exchange, 200, "text/html; charset=utf-8", page);
            }
            return;
        }
        if (path.matches("/app/[a-z0-9-]+\\.js") && ModulePage.class.getResource("/static" + path) != null) {
            try (exchange; InputStream in = ModulePage.class.getResourceAsStream("/static" + path)) {
                send(exchange, 200, "text/javascript; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            return;
        }
        if (other != null) {
            other.handle(exchange);
            return;
        }
        try (exchange) {
            send(exchange, 404, "text/plain", "not here");
        }
    }

    /** Answers with status and body (UTF-8) of the given content type. */
    public static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            server.stop(0);
        }
    }
}
