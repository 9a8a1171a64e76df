package io.keyward.protocol.visitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC E1, E2, issue 15 (trust design §5): the fixed test vectors that the app's JavaScript port
 * (cloud/src/main/resources/static/app/visitor-codes.js) must reproduce digit for digit, made here by the
 * Java classes the lock checks codes with. The file is compared with what the Java code makes now, so
 * it cannot go stale: a change of the algorithm fails this test until the vectors are written again with
 * {@code -Dkeyward.vectors.write=true} (and then the browser test, VisitorCodesJsBrowserTest, proves the
 * port still agrees).
 */
@DisplayName("E1, E2 visitor code vectors for the app's JavaScript port")
class VisitorVectorsTest {

    static final Path FILE = Path.of("src/test/resources/visitor-vectors.json");
    /** A fixed secret: 32 bytes 0x00..0x1f, base64url. */
    static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Test
    @DisplayName("E1, E2 the vectors file is exactly what VisitorCode makes from the fixed secret (one-time, periodic, revoke, effective ends)")
    void vectorsAreCurrent() throws IOException {
        String made = JSON.writeValueAsString(vectors()) + "\n";
        if (Boolean.getBoolean("keyward.vectors.write")) {
            Files.writeString(FILE, made, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("visitor-vectors.json is stale: write it again with -Dkeyward.vectors.write=true")
                .isEqualTo(made);
    }

    @Test
    @DisplayName("E1, E2 every vector's digits decode back to its id under the fixed secret (the lock's side agrees)")
    void vectorsDecode() {
        VisitorSecret secret = VisitorSecret.fromBase64Url(SECRET);
        assertThat(secret.toBase64Url()).isEqualTo(SECRET);
        List<VisitorCode> all = new ArrayList<>();
        for (long hour : HOURS) {
            for (int serial : new int[] {0, 1, 7, 15}) {
                all.add(VisitorCode.oneTime(secret, hour, serial));
            }
        }
        for (VisitorCode code : all) {
            VisitorCodec.Decoded d = VisitorCodec.decode(secret, code.digits());
            assertThat(d.kind()).isEqualTo(code.kind());
            assertThat(d.variant()).isEqualTo(code.id().variant());
            assertThat(d.startMod()).isEqualTo((int) (code.id().startHour() % VisitorCodec.WINDOW));
            assertThat(d.tag()).isEqualTo(VisitorCodec.tag(secret, code.id()));
        }
    }

    /** Start hours: hour 0, small, around 2026-12, near a mod-256 wrap, and the largest hour allowed. */
    static final long[] HOURS = {0, 1, 255, 256, 8111, 8160, 100_000, VisitorCode.MAX_HOUR - 366 * 24, VisitorCode.MAX_HOUR};

    static Map<String, Object> vectors() {
        VisitorSecret secret = VisitorSecret.fromBase64Url(SECRET);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("about", "visitor code test vectors (docs/visitor-passcodes.md), written by VisitorVectorsTest; "
                + "hours since 2026-01-01T00:00Z");
        out.put("secret", SECRET);
        List<Map<String, Object>> oneTime = new ArrayList<>();
        for (long hour : HOURS) {
            for (int serial : new int[] {0, 1, 7, 15}) {
                oneTime.add(row(VisitorCode.oneTime(secret, hour, serial), "serial", serial));
            }
        }
        out.put("oneTime", oneTime);
        List<Map<String, Object>> periodic = new ArrayList<>();
        long[][] periods = {{8111, 8112}, {8111, 8124}, {8111, 8111 + 13}, {8111, 8111 + 23}, {8111, 8111 + 24},
                {8111, 8111 + 47}, {8111, 8111 + 10 * 24 + 5}, {8111, 8111 + 365 * 24}, {8111, 8111 + 400 * 24},
                {0, 1}, {255, 256 + 30 * 24}, {VisitorCode.MAX_HOUR - 366 * 24, VisitorCode.MAX_HOUR}};
        for (long[] p : periods) {
            for (int serial = 0; serial < VisitorCode.PERIODIC_SERIALS; serial++) {
                Map<String, Object> r = row(VisitorCode.periodic(secret, p[0], p[1], serial), "serial", serial);
                r.put("endHour", p[1]);
                r.put("effectiveEnd", VisitorCode.effectiveEnd(p[0], p[1]));
                periodic.add(r);
            }
        }
        out.put("periodic", periodic);
        List<Map<String, Object>> revoke = new ArrayList<>();
        long at = 8200;
        CodeId[] targets = {new CodeId(VisitorKind.ONE_TIME, at, 0), new CodeId(VisitorKind.ONE_TIME, at - 128, 15),
                new CodeId(VisitorKind.ONE_TIME, at + 127, 3), new CodeId(VisitorKind.PERIODIC, at - 5, 0),
                new CodeId(VisitorKind.PERIODIC, at + 20, 63), new CodeId(VisitorKind.PERIODIC, at - 128, 33)};
        for (CodeId target : targets) {
            Map<String, Object> r = row(VisitorCode.revoke(secret, target, at), "revokeHour", at);
            r.put("target", target(target));
            revoke.add(r);
        }
        Map<String, Object> early = row(VisitorCode.revoke(secret, new CodeId(VisitorKind.ONE_TIME, 3, 2), 0),
                "revokeHour", 0L);
        early.put("target", target(new CodeId(VisitorKind.ONE_TIME, 3, 2)));
        revoke.add(early);
        out.put("revoke", revoke);
        return out;
    }

    /** In a fixed order, so the file is one canonical text. */
    private static Map<String, Object> target(CodeId id) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("kind", id.kind().name());
        t.put("startHour", id.startHour());
        t.put("variant", id.variant());
        return t;
    }

    private static Map<String, Object> row(VisitorCode code, String key, Object value) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", code.kind().name());
        r.put("startHour", code.id().startHour());
        r.put(key, value);
        r.put("variant", code.id().variant());
        r.put("untilHour", code.untilHour());
        r.put("digits", code.digits());
        return r;
    }
}
