package io.keyward.cloud.threats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 finding 11 (a, b): every answer of the cloud, the web app's files, the API's answers and the
 * servlet container's own refusals alike, carries a strict Content-Security-Policy and the framing,
 * sniffing and referrer headers; and every refusal is {@code {"error": reason}} JSON with a 4xx, never
 * Tomcat's HTML page. The requests go over a raw socket, so nothing on the client side tidies them.
 */
@H2Storage
@DisplayName("finding 11: security headers and JSON errors on every answer")
class HttpHardeningTest extends CloudTest {

    /** A raw HTTP/1.1 answer: status, headers (lower-case names), body. */
    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Raw raw(String requestLineTarget, String... extraHeaders) throws IOException {
        StringBuilder request = new StringBuilder("GET " + requestLineTarget + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the server may reset after answering a request it would not read to the end
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Raw parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer, got: " + text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Raw(status, headers, body);
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private static void assertSecurityHeaders(Raw answer) {
        String csp = answer.header("Content-Security-Policy");
        assertThat(csp).as("Content-Security-Policy of " + answer).isNotNull();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "object-src 'none'",
                "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    private static void assertJsonRefusal(Raw answer, String what) {
        assertThat(answer.status()).as(what + ": " + answer).isBetween(400, 499);
        assertThat(answer.header("Content-Type")).as(what + ": " + answer).startsWith("application/json");
        assertThat(answer.body()).as(what).startsWith("{\"error\":\"").endsWith("}")
                .doesNotContainIgnoringCase("<html").doesNotContain("Tomcat").doesNotContain("Exception");
    }

    @Test
    void finding11_everyAnswerCarriesAStrictContentSecurityPolicy() throws IOException {
        for (String path : new String[] {"/", "/index.html", "/app/main.js", "/app/app.css", "/api/openapi.json",
                "/api/locks", "/no/such/path", "/readyz"}) {
            Raw answer = raw(path);
            assertThat(answer.status()).as(path).isLessThan(500);
            assertSecurityHeaders(answer);
        }
        System.out.println("finding 11: security headers checked on 8 paths");
    }

    @Test
    void finding11_containerRefusalsAreJsonWithA4xx() throws IOException {
        Map<String, Raw> answers = new LinkedHashMap<>();
        answers.put("20k-character URL", raw("/api/" + "a".repeat(20_000)));
        answers.put("70 KB header", raw("/api/locks", "X-Padding: " + "b".repeat(70_000)));
        answers.put("encoded slash", raw("/api/locks%2fother"));
        answers.put("encoded slash in the app", raw("/app%2fmain.js"));
        answers.put("encoded NUL", raw("/api/locks%00"));
        answers.put("bad percent escape", raw("/api/%zz"));
        answers.put("encoded dot segments", raw("/app/%2e%2e/%2e%2e/etc/passwd"));
        answers.put("backslash", raw("/app/..%5c..%5cetc"));
        answers.forEach((what, answer) -> {
            assertJsonRefusal(answer, what);
            assertSecurityHeaders(answer);
        });
        System.out.println("finding 11: " + answers.size() + " malformed requests over a raw socket");
    }
}
