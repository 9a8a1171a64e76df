package io.keyward.fuzz.panel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.fuzz.FuzzCounts;
import io.keyward.fuzz.TestLocks;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.panel.PanelServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property fuzzing of the lock's panel API over real HTTP (PanelServer on a free port): valid bodies of
 * every POST endpoint, spoiled with wrong types, huge and odd numbers, deep nesting, unicode,
 * truncation and bit flips. Never a 500; a 4xx changes nothing (GET /state whole) and logs at most its
 * refusal. Extends PanelServerBadInputTest's fixed cases with generated ones.
 */
@Label("panel over HTTP: spoiled bodies get a 4xx and change nothing")
class PanelHttpProperties {

    private static final List<String[]> VALID = List.of(
            new String[] {"/touch", "{}"}, new String[] {"/keys", "{\"keys\":[\"1\",\"OK\"]}"},
            new String[] {"/hold", "{\"key\":\"0\",\"seconds\":3}"}, new String[] {"/hold", "{\"button\":\"SET\",\"seconds\":3}"},
            new String[] {"/finger", "{\"finger\":\"alice\",\"quality\":0.9}"},
            new String[] {"/face", "{\"face\":\"alice\",\"pose\":\"FRONT\",\"obstructed\":false}"},
            new String[] {"/mechanical-key", "{\"key\":\"original\"}"}, new String[] {"/handle", "{\"action\":\"LIFT\"}"},
            new String[] {"/door", "{\"state\":\"OPEN\"}"}, new String[] {"/battery", "{\"percent\":15,\"inserted\":true}"},
            new String[] {"/usb-power", "{\"connected\":true}"}, new String[] {"/clock/advance", "{\"seconds\":180}"},
            new String[] {"/command", "{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"USER\"}"},
            new String[] {"/remote-controller", "{\"remote\":\"remote-1\"}"},
            new String[] {"/bluetooth/range", "{\"inRange\":false}"},
            new String[] {"/radio/record", "{\"connection\":\"c1\",\"message\":\"AAAA\"}"});
    private static final List<String> ODD = List.of("null", "true", "\"1\"", "1e309", "-0", "9223372036854775808",
            "123456789012345678901234567890", "NaN", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"", "\"\u202eOK\"",
            "\"\ud83d\udd11\"", "[[[[[[[[[[1]]]]]]]]]]", "\"" + "9".repeat(400) + "\"", "0.0000000000000001");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static SimulatedLock lock;
    private static PanelServer server;

    @BeforeContainer
    static void start() throws IOException {
        lock = TestLocks.withAdministrator("KW-FUZZH");
        server = PanelServer.start(lock, 0);
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        lock.close();
        FuzzCounts.print(PanelHttpProperties.class);
    }

    @Property(tries = 400)
    void spoiledBodiesAreRefusedWithoutChange(@ForAll("spoiled") String[] request) throws Exception {
        FuzzCounts.ran("PanelHttpProperties.spoiled");
        String before = JSON.writeValueAsString(lock.state());
        long seq = TestLocks.lastSeq(lock);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + request[0]))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(request[1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s -> %s", request[0], request[1], response.body())
                .isNotEqualTo(500).isLessThan(600);
        if (response.statusCode() >= 400 && response.statusCode() != 503) {
            assertThat(response.body()).contains("\"error\"");
            assertThat(JSON.writeValueAsString(lock.state())).as("%s %s", request[0], request[1]).isEqualTo(before);
            assertThat(TestLocks.notRefusalsAfter(lock, seq)).isEmpty();
        }
    }

    @Provide
    Arbitrary<String[]> spoiled() {
        Arbitrary<String[]> valid = Arbitraries.of(VALID);
        Arbitrary<Integer> how = Arbitraries.integers().between(0, 5);
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 10_000);
        Arbitrary<String> odd = Arbitraries.of(ODD);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(40);
        return Combinators.combine(valid, how, where, odd, unicode).as((v, h, w, o, u) -> {
            String body = v[1];
            String spoiled = switch (h) {
                case 0 -> replaceValue(body, w, o);
                case 1 -> body.substring(0, w % body.length());
                case 2 -> flip(body, w);
                case 3 -> "{\"a\":".repeat(1 + w % 3000) + "1" + "}".repeat(1 + w % 3000);
                case 4 -> replaceValue(body, w, JSON.valueToTree(u).toString());
                default -> body.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement("{\"" + u.replace("\"", "") + "\":1,"));
            };
            return new String[] {v[0], spoiled};
        });
    }

    private static String replaceValue(String json, int where, String value) {
        int colon = json.indexOf(':');
        if (colon < 0) {
            return value;
        }
        int end = json.indexOf(',', colon);
        return json.substring(0, colon + 1) + value + (end < 0 ? "}" : json.substring(end));
    }

    private static String flip(String json, int where) {
        char[] chars = json.toCharArray();
        int at = where % chars.length;
        chars[at] = (char) (chars[at] ^ (1 << (where % 7)));
        return new String(chars);
    }
}
