package io.keyward.fuzz.panel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.keyward.fuzz.FuzzCounts;
import io.keyward.fuzz.TestLocks;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.panel.PanelApi;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the lock's panel API (README "The panel API"; lock/panel PanelApi,
 * RequestBody, RadioRoutes), in-process (the HTTP server in front of it is swept by
 * PanelServerBadInputTest and PanelHttpProperties). An input is one or more requests, each a line
 * {@code METHOD /path?query} then its body, separated by a line {@code ---}, run in order on a fresh
 * lock with an administrator (manual clock: time stands still). The invariant: never a 500 (503 only
 * from the radio, out of range); a 4xx changes nothing (GET /state whole) and logs at most its refusal
 * (a refused POST /command its COMMAND_REFUSED, a refused radio handshake its UNLOCK REFUSED, as documented).
 */
class PanelApiFuzzTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final String SEPARATOR = "\n---\n";
    private static SimulatedLock clean = TestLocks.withAdministrator("KW-FUZZP");

    @AfterAll
    static void counts() {
        FuzzCounts.print(PanelApiFuzzTest.class);
    }

    @FuzzTest(maxDuration = "120s")
    void requests(byte[] input) {
        FuzzCounts.ran("PanelApiFuzzTest.requests");
        SimulatedLock lock = clean;
        PanelApi api = new PanelApi(lock);
        boolean changed = false;
        for (String request : split(new String(input, StandardCharsets.UTF_8))) {
            changed |= oneRequest(lock, api, request);
        }
        if (changed) {
            clean = TestLocks.withAdministrator("KW-FUZZP"); // the next input starts from the same state
        }
    }

    /** Runs one request and checks the invariant; true when it was accepted (the lock may have changed). */
    private static boolean oneRequest(SimulatedLock lock, PanelApi api, String request) {
        int newline = request.indexOf('\n');
        String line = newline < 0 ? request : request.substring(0, newline);
        byte[] body = newline < 0 ? new byte[0] : request.substring(newline + 1).getBytes(StandardCharsets.UTF_8);
        int space = line.indexOf(' ');
        String method = space < 0 ? "GET" : line.substring(0, space);
        String target = space < 0 ? line : line.substring(space + 1);
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);

        String before = state(lock);
        long seq = TestLocks.lastSeq(lock);
        PanelApi.Response response = api.handle(method, path, query, body);
        String what = method + " " + target + " " + new String(body, StandardCharsets.UTF_8);
        assertThat(response.status()).as("%s answered %s", what, new String(response.body(), StandardCharsets.UTF_8))
                .isNotEqualTo(500).isLessThan(600);
        if (response.status() >= 500) {
            assertThat(path).as("only the radio answers 503 (out of range)").startsWith("/radio/");
        }
        if (response.status() < 400) {
            return response.status() < 300 && !"GET".equals(method);
        }
        assertThat(state(lock)).as("a refused %s changes nothing", what).isEqualTo(before);
        assertThat(TestLocks.notRefusalsAfter(lock, seq)).as("a refused %s logs at most its refusal", what).isEmpty();
        return false;
    }

    private static List<String> split(String input) {
        List<String> requests = new ArrayList<>();
        int from = 0;
        while (requests.size() < 16) {
            int at = input.indexOf(SEPARATOR, from);
            requests.add(input.substring(from, at < 0 ? input.length() : at));
            if (at < 0) {
                break;
            }
            from = at + SEPARATOR.length();
        }
        return requests;
    }

    private static String state(SimulatedLock lock) {
        try {
            return JSON.writeValueAsString(lock.state());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
