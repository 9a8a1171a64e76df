package io.keyward.lock.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.keyward.lock.shell.SimulatedLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The panel page in the browser (additions to the contract): GET /panel and its static files under
 * /panel/, which never leave their folder, and GET /qr.png, the pairing QR code as a scannable PNG.
 */
class PanelWebTest {

    @TempDir
    Path tmp;

    private SimulatedLock lock;
    private PanelServer server;
    private PanelClient panel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        lock = SimulatedLock.open("KW-0077", tmp, true);
        server = PanelServer.start(lock, 0);
        panel = new PanelClient(server.baseUrl());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        lock.close();
    }

    @Test
    void thePanelPageIsHtmlRevalidatedOnEveryLoad() throws Exception {
        HttpResponse<String> page = get("/panel");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.body()).contains("<script type=\"module\" src=\"panel/app.js\"></script>",
                "rel=\"icon\"", "role=\"alert\"");
        for (String id : List.of("key-1", "key-9", "key-0", "key-OK", "key-BACK", "key-HOME", "key-BELL", "touch",
                "screen-text", "qr-image", "qr-text", "finger-select", "finger-press", "face-select", "pose-select",
                "face-show", "set-hold", "handle-lift", "handle-push", "door-toggle", "bolt-state", "battery-out",
                "battery-in", "battery-percent", "factory-reset", "prompts", "last-prompt", "enrolment", "events",
                "error", "online", "lockout", "owner-devices", "device-list")) { // device-list: issue 15
            assertThat(page.body()).as("element id %s", id).contains("id=\"" + id + "\"");
        }
    }

    @Test
    void everyFileThePageAndItsModulesNameIsServedWithItsType() throws Exception {
        Map<String, String> types = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
                "svg", "image/svg+xml", "html", "text/html; charset=utf-8");
        List<String> files = new ArrayList<>(references(get("/panel").body(), "(?:href|src)=\"panel/([^\"]+)\""));
        assertThat(files).contains("app.js", "panel.css", "favicon.svg");
        for (int i = 0; i < files.size(); i++) { // the list grows with each module's imports
            String file = files.get(i);
            HttpResponse<String> answer = get("/panel/" + file);
            assertThat(answer.statusCode()).as(file).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).as(file)
                    .hasValue(types.get(file.substring(file.lastIndexOf('.') + 1)));
            assertThat(answer.headers().firstValue("Cache-Control")).as(file).hasValue("no-cache");
            if (file.endsWith(".js")) {
                for (String imported : references(answer.body(), "from '\\./([^']+)'")) {
                    if (!files.contains(imported)) {
                        files.add(imported);
                    }
                }
            }
        }
        assertThat(files).contains("api.js", "speech.js");
        assertThat(get("/panel/index.html").body()).isEqualTo(get("/panel").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/panel/../state", "/panel/%2e%2e/state", "/panel/..%2fstate", "/panel/..%2FPanelApi.class",
            "/panel/../PanelApi.class", "/panel/..\\PanelApi.class", "/panel/%2e%2e%5cPanelApi.class",
            "/panel/PanelApi.class", "/panel/web/index.html", "/panel/./app.js", "/panel//app.js", "/panel/.app.js",
            "/panel/app.js%00.png", "/panel/missing.js", "/panel/", "/panel/app.JS.class",
            "/panel/%2e%2e/%2e%2e/prompts/prompts_en.properties"})
    void nothingOutsideThePanelsFolderIsServed(String rawPath) throws IOException {
        RawAnswer answer = raw("GET", rawPath);
        assertThat(answer.status()).as(rawPath).isIn(400, 404);
        assertThat(answer.body()).doesNotContain("CAFEBABE").doesNotContain("\"serial\"").doesNotContain("<html");
    }

    @Test
    void thePagesFilesAreReadOnly() throws IOException {
        assertThat(raw("POST", "/panel").status()).isEqualTo(405);
        RawAnswer post = raw("POST", "/panel/app.js");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsIgnoringCase("Allow: GET");
    }

    @Test
    void theIndexLinksToThePanel() throws Exception {
        assertThat(get("/").body()).contains("<a href=\"panel\">", "GET /panel", "GET /qr.png");
    }

    @Test
    void noQrImageWhileTheScreenShowsNoQrCode() throws Exception {
        assertThat(panel.state().get("screen").get("qr").isNull()).isTrue();
        PanelClient.Answer answer = panel.get("/qr.png");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.error()).contains("no QR code");
    }

    @Test
    void inPairingModeTheQrImageDecodesToTheScreensPayload() throws Exception {
        createAdministrator();
        JsonNode state = panel.act("/hold", "{\"button\":\"SET\",\"seconds\":3}");
        String qr = state.get("screen").get("qr").asText(null);
        assertThat(qr).as("pairing mode shows a QR code").isNotBlank();

        HttpResponse<byte[]> png = http.send(request("/qr.png"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(png.headers().firstValue("Cache-Control")).hasValue("no-store");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image).as("a PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(image.getHeight()).isGreaterThanOrEqualTo(200);
        assertThat(decode(image)).isEqualTo(qr);
        assertThat(panel.get("/qr.png?size=2").status()).as("takes no query").isEqualTo(400);
    }

    // ------------------------------------------------------------------ helpers

    private static String decode(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        RGBLuminanceSource source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        Result result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.FALSE, DecodeHintType.TRY_HARDER, Boolean.TRUE));
        return result.getText();
    }

    private void createAdministrator() {
        panel.act("/touch", "{}");
        panel.act("/keys", "{\"keys\":[\"OK\"]}");
        for (int i = 0; i < 2; i++) {
            panel.act("/keys", "{\"keys\":[\"1\",\"3\",\"5\",\"7\",\"9\",\"2\",\"OK\"]}");
        }
        assertThat(PanelClient.lastPrompt(panel.state())).isEqualTo("OPERATION_SUCCESSFUL");
    }

    private static List<String> references(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private record RawAnswer(int status, String headers, String body) {
    }

    /** One request with the path exactly as given, bypassing any client's normalisation of "..". */
    private RawAnswer raw(String method, String rawPath) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int headersEnd = answer.indexOf("\r\n\r\n");
            assertThat(headersEnd).as("an HTTP answer to %s %s: %s", method, rawPath, answer).isPositive();
            String head = answer.substring(0, headersEnd);
            return new RawAnswer(Integer.parseInt(head.split(" ", 3)[1]), head, answer.substring(headersEnd + 4));
        }
    }
}
