package io.keyward.lock.panel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lock's panel API over HTTP on 127.0.0.1 (JDK {@link HttpServer}, no framework): what the web
 * panel, the black-box tests and scripts drive. The routes and their validation live in
 * {@link PanelApi}; this class only moves bytes, bounded in size, on a few threads (the lock itself
 * is thread-safe).
 */
public final class PanelServer implements AutoCloseable {

    private static final int THREADS = 4;
    /** Past the limit, this much more is read and thrown away so the client still sees the 413. */
    private static final int DRAIN_BYTES = 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(PanelServer.class.getName());
    private static final AtomicInteger SERVERS = new AtomicInteger();

    static {
        // HttpServer writes the headers and the body of an answer separately; with Nagle's algorithm
        // on, the body then waits ~40 ms for the client's delayed ACK on every keep-alive request
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer http;
    private final ExecutorService pool;
    private final PanelApi api;

    private PanelServer(HttpServer http, ExecutorService pool, PanelApi api) {
        this.http = http;
        this.pool = pool;
        this.api = api;
    }

    /** Serves lock's panel on 127.0.0.1:port (0 = any free port); a taken port throws {@link java.net.BindException}. */
    public static PanelServer start(PanelPort lock, int port) throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        HttpServer http = HttpServer.create(new InetSocketAddress(loopback, port), 0);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, daemonThreads());
        PanelServer server = new PanelServer(http, pool, new PanelApi(lock));
        http.createContext("/", server::exchange);
        http.setExecutor(pool);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Where the panel answers, without a trailing slash: {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Stops accepting at once; requests in flight are cut off (the lock stays consistent: each action is atomic). */
    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }

    private void exchange(HttpExchange exchange) {
        try {
            PanelApi.Response response = respond(exchange);
            send(exchange, response);
        } catch (IOException e) {
            // the client went away mid-request: nothing to answer, nothing changed on its behalf
            LOG.log(System.Logger.Level.DEBUG, "panel exchange cut short", e);
        } finally {
            exchange.close();
        }
    }

    private PanelApi.Response respond(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange);
        if (body == null) {
            BadRequest tooLarge = BadRequest.tooLarge(PanelApi.MAX_BODY_BYTES);
            return PanelApi.Response.json(tooLarge.status(), PanelJson.error(tooLarge.getMessage()));
        }
        return api.handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), body);
    }

    /** The body, or null when it is larger than the limit (then it is not parsed at all). */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.matches("[0-9]{1,18}") && Long.parseLong(declared) > PanelApi.MAX_BODY_BYTES + DRAIN_BYTES) {
            return null; // too large to be worth draining: answer at once and let the connection close
        }
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(PanelApi.MAX_BODY_BYTES + 1);
        if (body.length > PanelApi.MAX_BODY_BYTES) {
            in.readNBytes(DRAIN_BYTES); // read on a little, so the client is not reset before it reads the 413
            return null;
        }
        return body;
    }

    private static void send(HttpExchange exchange, PanelApi.Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", response.cacheControl());
        if (response.allow() != null) {
            exchange.getResponseHeaders().set("Allow", response.allow());
        }
        if (response.cors()) {
            // the web app at the cloud's origin calls the radio from the browser: the crypto protects it
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
            exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
        }
        // 0 would mean "chunked" to HttpServer; -1 is its word for no body
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        exchange.getResponseBody().write(response.body());
    }

    private static ThreadFactory daemonThreads() {
        int server = SERVERS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "panel-" + server + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
