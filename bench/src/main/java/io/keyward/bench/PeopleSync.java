package io.keyward.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.lock.cli.RunningLock;

/**
 * People across locks after a reconnect ({@code ./keyward bench people [--people P] [--locks L] [--per-person K]},
 * docs/people.md): the cloud in this JVM (H2, embedded broker), L simulated locks paired through their QR,
 * then every lock offline while P people are set, each with a passcode on K of the locks (round robin), then
 * every lock back at once. Measured: the time from the reconnect until every lock confirmed every person
 * (each (person, lock) ON_LOCK, from the cloud's API), and the commands per second that makes. A lock holds
 * 50 passcodes (SPEC B5), one its administrator's: P x K / L must stay at most 49.
 */
public final class PeopleSync {

    private static final String PASSCODE = "246813";
    private static final HttpClient PANEL = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int people = 100;
        int lockCount = 10;
        int perPerson = 4;
        BenchOptions options = new BenchOptions("people",
                "usage: ./keyward bench people [--people P (100)] [--locks L (10)] [--per-person K (4)]");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--people" -> people = options.number(args, ++i, 1, "must be at least 1");
                case "--locks" -> lockCount = options.number(args, ++i, 1, "must be at least 1");
                case "--per-person" -> perPerson = options.number(args, ++i, 1, "must be at least 1");
                default -> options.usage("unknown option " + args[i]);
            }
        }
        if (perPerson > lockCount) {
            options.usage("--per-person must be at most --locks");
        }
        if ((long) people * perPerson > 49L * lockCount) {
            options.usage("a lock holds 50 passcodes, one its administrator's: people x per-person / locks must be at most 49");
        }
        int status = 1;
        Path root = Files.createTempDirectory("keyward-bench-people");
        try {
            run(root, people, lockCount, perPerson);
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            InProcessCloud.deleteTree(root);
        }
        System.exit(status); // HiveMQ may leave non-daemon threads behind
    }

    private static void run(Path root, int peopleCount, int lockCount, int perPerson) throws Exception {
        List<RunningLock> locks = new ArrayList<>();
        try (InProcessCloud cloud = InProcessCloud.start(root.resolve("cloud"), Map.of("keyward.pairing.wait", "15s"))) {
            InProcessCloud.Account owner = cloud.signUp("bench-people");
            List<String> lockIds = new ArrayList<>();
            for (int i = 0; i < lockCount; i++) {
                String serial = "KW-PPL-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
                RunningLock lock = RunningLock.start(serial, root.resolve("locks").resolve(serial), 0, false, cloud.uri);
                locks.add(lock);
                lockIds.add(pair(owner, lock));
            }
            for (RunningLock lock : locks) {
                lock.dropLink();
            }
            waitUntil("every lock offline", Duration.ofSeconds(30), () -> lockIds.stream()
                    .noneMatch(id -> InProcessCloud.json(owner.get("/api/locks/" + id)).path("online").asBoolean()));

            long setStart = System.nanoTime();
            List<String> codes = codes(peopleCount);
            for (int p = 0; p < peopleCount; p++) {
                List<String> mine = new ArrayList<>();
                for (int k = 0; k < perPerson; k++) {
                    mine.add(lockIds.get((p + k) % lockCount));
                }
                InProcessCloud.expect(owner.post("/api/people", Map.of("name", "Person " + (p + 1), "passcode", codes.get(p),
                        "schedule", Map.of("weekly", List.of(Map.of("days", List.of(1, 2, 3, 4, 5), "fromMinute", 420, "untilMinute", 1200))),
                        "locks", mine)), 201);
            }
            double setSeconds = (System.nanoTime() - setStart) / 1e9;
            long pairs = (long) peopleCount * perPerson;

            long start = System.nanoTime();
            for (RunningLock lock : locks) {
                lock.restoreLink();
            }
            waitUntil("every lock confirmed every person", Duration.ofSeconds(Math.max(120, pairs)), () -> onLock(owner) == pairs);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("people bench: %d people x %d locks each on %d locks (%d person-lock pairs), set while offline in %.1f s%n",
                    peopleCount, perPerson, lockCount, pairs, setSeconds);
            System.out.printf("after the reconnect, every lock confirmed every person in %.1f s (%.1f confirmations a second, %.0f ms a lock user per lock)%n",
                    seconds, pairs / seconds, seconds * 1000 / (pairs / (double) lockCount));
        } finally {
            for (RunningLock lock : locks) {
                lock.close();
            }
        }
    }

    private static long onLock(InProcessCloud.Account owner) {
        long n = 0;
        for (JsonNode person : InProcessCloud.json(owner.get("/api/people"))) {
            for (JsonNode l : person.path("locks")) {
                if ("ON_LOCK".equals(l.path("state").asText())) {
                    n++;
                } else if ("FAILED".equals(l.path("state").asText())) {
                    throw new IllegalStateException("a lock refused a person: " + l);
                }
            }
        }
        return n;
    }

    /** Distinct passcodes that follow A2 and none inside another (8 digits, no run of 6 repeated). */
    private static List<String> codes(int n) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        java.util.Random random = new java.util.Random(13);
        while (out.size() < n) {
            String code = String.format("%08d", random.nextInt(100_000_000));
            if (io.keyward.protocol.command.PasscodeDigits.problem(code) == null && !code.contains(PASSCODE) && seen.add(code)) {
                out.add(code);
            }
        }
        return out;
    }

    private interface Check {
        boolean done() throws Exception;
    }

    private static void waitUntil(String what, Duration atMost, Check check) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + atMost.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A lock with an administrator, paired through the QR on its screen; returns the cloud's lock id once online. */
    private static String pair(InProcessCloud.Account owner, RunningLock lock) throws Exception {
        panel(lock, "/touch", "{}");
        panel(lock, "/keys", "{\"keys\":[\"OK\"]}");
        type(lock, PASSCODE);
        type(lock, PASSCODE);
        JsonNode qr = panel(lock, "/hold", "{\"button\":\"SET\",\"seconds\":3}").at("/screen/qr");
        if (!qr.isTextual()) {
            throw new IllegalStateException("no pairing QR on the lock's screen");
        }
        String id = InProcessCloud.json(InProcessCloud.expect(owner.post("/api/locks",
                Map.of("pairingCode", qr.asText(), "name", "Bench door " + lock.serial())), 201)).get("id").asText();
        waitUntil("the paired lock online", Duration.ofSeconds(20),
                () -> lock.linked() && InProcessCloud.json(owner.get("/api/locks/" + id)).path("online").asBoolean());
        return id;
    }

    private static void type(RunningLock lock, String digits) {
        panel(lock, "/touch", "{}");
        StringBuilder keys = new StringBuilder("{\"keys\":[");
        for (char c : digits.toCharArray()) {
            keys.append('"').append(c).append("\",");
        }
        keys.append("\"OK\"]}");
        panel(lock, "/keys", keys.toString());
    }

    private static JsonNode panel(RunningLock lock, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(lock.panelUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = PANEL.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("panel " + path + " answered " + response.statusCode() + " " + response.body());
            }
            return InProcessCloud.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
