package io.keyward.lock.blackbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyward.lock.panel.PanelClient;
import io.keyward.protocol.pairing.PairingPayload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.keyward.lock.panel.PanelClient.lastPrompt;
import static io.keyward.lock.panel.PanelClient.lastPromptNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The black-box test: walks the manual from "Create a New Administrator" to "Restore to
 * Factory Settings" by starting {@code ./keyward lock} as a separate process and driving only the
 * panel API over HTTP, as a person at the door would. It restarts the process once (after the
 * enrolments) on the same data directory: the users must still open the door. Runs in the
 * integration-test phase (failsafe), after the jar and target/lib are built.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManualWalkthroughIT {

    private static final String SERIAL = "KW-BB01";
    private static final String ADMIN_PASSCODE = "135792";
    private static final String BOB_PASSCODE = "246813";
    private static final String BOB_FINGER = "bob-thumb";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String EOF = "\u0000eof";

    @TempDir
    static Path tmp;

    private Process process;
    private Path stderr;
    private int starts;
    private PanelClient panel;
    private long seenSeq;
    private boolean broken;

    // ================================================================== the manual, chapter by chapter

    @Test
    @Order(1)
    @DisplayName("Create a New Administrator")
    void createANewAdministrator() {
        JsonNode s = act("/touch", "{}");
        assertThat(s.at("/keypad/awake").asBoolean()).isTrue();
        assertThat(texts(s.at("/keypad/lit"))).containsExactlyInAnyOrder("OK", "BACK");
        assertThat(lastPrompt(s)).isEqualTo("CREATE_ADMIN");
        assertThat(lastPrompt(keys("OK"))).isEqualTo("ENTER_PASSCODE");

        assertThat(keys(digits("123456")).at("/keypad/input").asText()).isEqualTo("******");
        assertThat(lastPrompt(keys("OK"))).as("consecutive digits (A2)").isEqualTo("PASSCODE_NOT_ALLOWED");
        assertThat(lastPrompt(type("111111"))).as("one digit repeated (A2)").isEqualTo("PASSCODE_NOT_ALLOWED");
        assertThat(lastPrompt(type(ADMIN_PASSCODE))).isEqualTo("ENTER_AGAIN");
        s = type("135790");
        assertThat(promptIds(s)).as("a mismatch says why and starts again").endsWith("PASSCODES_DIFFERENT", "ENTER_PASSCODE");
        assertThat(lastPrompt(type(ADMIN_PASSCODE))).isEqualTo("ENTER_AGAIN");
        assertThat(lastPrompt(type(ADMIN_PASSCODE))).isEqualTo("OPERATION_SUCCESSFUL");

        JsonNode events = newEvents();
        single(events, "USER_ADDED", "user", "1");
        single(events, "CREDENTIAL_ADDED", "user", "1", "credential", "passcode-1");
    }

    @Test
    @Order(2)
    @DisplayName("Add the Lock to EZVIZ: pairing mode (A3)")
    void pairingMode() {
        JsonNode s = act("/hold", "{\"button\":\"SET\",\"seconds\":3}");
        assertThat(lastPrompt(s)).isEqualTo("PAIRING_MODE");
        assertThat(s.at("/screen/qr").isTextual()).as("the QR code is shown").isTrue();
        PairingPayload payload = PairingPayload.parse(s.at("/screen/qr").asText());
        assertThat(payload.serial()).isEqualTo(SERIAL);
        assertThat(payload.expires()).isEqualTo(Instant.parse(s.get("time").asText()).plusSeconds(300));
    }

    @Test
    @Order(3)
    @DisplayName("Lock Settings: lock body type, voice prompt language, keypad")
    void lockSettings() {
        setting("BODY_TYPE", "WITHOUT_SENSOR");
        assertThat(panel.state().get("door").asText()).as("no sensor, no door state (A4)").isEqualTo("UNKNOWN");
        setting("BODY_TYPE", "WITH_SENSOR");
        assertThat(panel.state().get("door").asText()).isEqualTo("CLOSED");
        single(newEvents(), "SETTING_CHANGED", "detail", "BODY_TYPE=WITH_SENSOR");

        setting("LANGUAGE", "ZH");
        String chinese = lastPromptNode(keys("BELL")).get("text").asText();
        setting("LANGUAGE", "EN");
        JsonNode doorbell = lastPromptNode(keys("BELL"));
        assertThat(doorbell.get("id").asText()).isEqualTo("DOORBELL");
        assertThat(chinese).as("the prompt in Chinese (A5)").matches(".*\\p{IsHan}.*");
        assertThat(doorbell.get("text").asText()).as("and in English").matches("[\\p{ASCII}]+").isNotEqualTo(chinese);

        assertThat(keys("4", "2").at("/keypad/input").asText()).isEqualTo("**");
        JsonNode asleep = advance(21);
        assertThat(asleep.at("/keypad/awake").asBoolean()).as("dark after 20 s (A6)").isFalse();
        assertThat(asleep.at("/keypad/input").asText()).as("half-typed input discarded").isEmpty();
    }

    @Test
    @Order(4)
    @DisplayName("Add Administrator/User")
    void addUser() {
        JsonNode reply = panel.command("{\"type\":\"ADD_USER\",\"name\":\"Bob\",\"role\":\"USER\"}");
        assertThat(reply.get("user").asInt()).isEqualTo(2);
        single(newEvents(), "USER_ADDED", "user", "2");
    }

    @Test
    @Order(5)
    @DisplayName("Add Human face: five poses, as the voice prompts ask")
    void addHumanFace() {
        startEnrolment("FACE");
        List<String> poses = new ArrayList<>();
        JsonNode s = panel.state();
        while (lastPrompt(s).startsWith("FACE_") && poses.size() < 6) {
            String pose = lastPrompt(s).substring("FACE_".length());
            poses.add(pose);
            s = act("/face", "{\"face\":\"bob\",\"pose\":\"" + pose + "\"}");
        }
        assertThat(poses).containsExactly("FRONT", "UP", "DOWN", "LEFT", "RIGHT");
        assertThat(lastPrompt(s)).isEqualTo("OPERATION_SUCCESSFUL");
        assertThat(s.get("bolt").asText()).as("enrolling does not open").isEqualTo("LOCKED");
        act("/face", "{\"face\":null}");
        single(newEvents(), "CREDENTIAL_ADDED", "user", "2", "credential", "face-1");
    }

    @Test
    @Order(6)
    @DisplayName("Add Fingerprint: several presses until it has enough")
    void addFingerprint() {
        assertThat(lastPrompt(startEnrolment("FINGERPRINT"))).isEqualTo("PLACE_FINGER");
        assertThat(lastPrompt(act("/finger", "{\"finger\":\"" + BOB_FINGER + "\",\"quality\":0.1}")))
                .as("a poor press: the reader asks again").isEqualTo("PLACE_FINGER_AGAIN");
        int presses = 0;
        JsonNode s;
        do {
            s = act("/finger", "{\"finger\":\"" + BOB_FINGER + "\",\"quality\":0.95}");
            presses++;
        } while (!"OPERATION_SUCCESSFUL".equals(lastPrompt(s)) && presses < 10);
        assertThat(lastPrompt(s)).isEqualTo("OPERATION_SUCCESSFUL");
        assertThat(presses).as("several presses (B4)").isGreaterThan(1);
        assertThat(s.get("bolt").asText()).isEqualTo("LOCKED");
        single(newEvents(), "CREDENTIAL_ADDED", "user", "2", "credential", "fingerprint-1");
    }

    @Test
    @Order(7)
    @DisplayName("Add Passcode: typed twice with confirm")
    void addPasscode() {
        assertThat(lastPrompt(startEnrolment("PASSCODE"))).isEqualTo("ENTER_PASSCODE");
        assertThat(lastPrompt(type(ADMIN_PASSCODE))).as("already on the lock (A2)").isEqualTo("PASSCODE_NOT_ALLOWED");
        assertThat(lastPrompt(type(BOB_PASSCODE))).isEqualTo("ENTER_AGAIN");
        assertThat(lastPrompt(type(BOB_PASSCODE))).isEqualTo("OPERATION_SUCCESSFUL");
        single(newEvents(), "CREDENTIAL_ADDED", "user", "2", "credential", "passcode-2");
    }

    @Test
    @Order(8)
    @DisplayName("(restart) the lock process stops and starts again on the same storage")
    void restartKeepsEverything() throws Exception {
        stopLock();
        assertThat(Files.readString(stderr)).as("a clean stop").doesNotContain("Exception");
        startLock();
        JsonNode s = panel.state();
        assertThat(s.get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(s.get("door").asText()).as("the body type setting survived").isEqualTo("CLOSED");
        assertThat(lastPrompt(act("/touch", "{}"))).as("the administrator survived").isNotEqualTo("CREATE_ADMIN");
        JsonNode log = panel.events(0);
        assertThat(log.get(log.size() - 1).get("seq").asLong()).as("the event log survived whole").isEqualTo(seenSeq);
        for (String credential : List.of("face-1", "fingerprint-1", "passcode-2")) {
            single(log, "CREDENTIAL_ADDED", "user", "2", "credential", credential);
        }
        // the credentials themselves are checked by the unlocks that follow
    }

    @Test
    @Order(9)
    @DisplayName("Face Recognition Unlock (automatic trigger), then relock")
    void faceUnlock() {
        assertThat(act("/face", "{\"face\":\"mallory\"}").get("bolt").asText()).isEqualTo("LOCKED");
        single(newEvents(), "UNLOCK", "method", "FACE", "result", "REFUSED", "reason", "WRONG_CREDENTIAL");

        JsonNode s = act("/face", "{\"face\":\"bob\",\"pose\":\"FRONT\"}");
        assertThat(s.get("bolt").asText()).isEqualTo("UNLOCKED");
        assertThat(lastPrompt(s)).isEqualTo("DOOR_UNLOCKED");
        single(newEvents(), "UNLOCK", "method", "FACE", "result", "OK", "user", "2", "credential", "face-1");
        act("/face", "{\"face\":null}");
        relocksAfterTenSeconds();
    }

    @Test
    @Order(10)
    @DisplayName("Fingerprint Unlock")
    void fingerprintUnlock() {
        assertThat(act("/finger", "{\"finger\":\"" + BOB_FINGER + "\",\"quality\":0.95}").get("bolt").asText()).isEqualTo("UNLOCKED");
        single(newEvents(), "UNLOCK", "method", "FINGERPRINT", "result", "OK", "user", "2", "credential", "fingerprint-1");
        relocksAfterTenSeconds();
    }

    @Test
    @Order(11)
    @DisplayName("Passcode Unlock with anti-peeping digits around the passcode")
    void passcodeUnlockAntiPeeping() {
        String typed = "90" + BOB_PASSCODE + "7";
        assertThat(keys(digits(typed)).at("/keypad/input").asText()).isEqualTo("*".repeat(typed.length()));
        JsonNode s = keys("OK");
        assertThat(s.get("bolt").asText()).isEqualTo("UNLOCKED");
        single(newEvents(), "UNLOCK", "method", "PASSCODE", "result", "OK", "user", "2", "credential", "passcode-2");
        relocksAfterTenSeconds();
    }

    @Test
    @Order(12)
    @DisplayName("Mechanical Key Unlock")
    void mechanicalKeyUnlock() {
        assertThat(act("/mechanical-key", "{\"key\":\"copy\"}").get("bolt").asText()).as("a wrong key does not turn").isEqualTo("LOCKED");
        assertThat(act("/mechanical-key", "{\"key\":\"original\"}").get("bolt").asText()).isEqualTo("UNLOCKED");
        single(newEvents(), "UNLOCK", "method", "MECHANICAL_KEY", "result", "OK");
    }

    @Test
    @Order(13)
    @DisplayName("The door opens and closes; with a sensor the lock relocks once it is closed (C8)")
    void doorOpenCloseRelock() {
        assertThat(act("/door", "{\"state\":\"OPEN\"}").get("door").asText()).isEqualTo("OPEN");
        assertThat(advance(30).get("bolt").asText()).as("not thrown into an open door").isEqualTo("UNLOCKED");
        JsonNode closed = act("/door", "{\"state\":\"CLOSED\"}");
        assertThat(closed.get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(lastPrompt(closed)).isEqualTo("DOOR_LOCKED");
        single(newEvents(), "LOCK", "result", "OK");
        assertThat(panel.post("/door", "{\"state\":\"OPEN\"}").status()).as("the thrown bolt holds the door").isEqualTo(400);
    }

    @Test
    @Order(14)
    @DisplayName("Emergency Unlock: a power bank on the Type-C port (C10)")
    void emergencyUnlock() {
        assertThat(act("/battery", "{\"percent\":0}").get("powered").asBoolean()).isFalse();
        assertThat(type(ADMIN_PASSCODE).get("bolt").asText()).as("a dead keypad").isEqualTo("LOCKED");
        assertThat(act("/usb-power", "{\"connected\":true}").get("powered").asBoolean()).isTrue();
        assertThat(type(ADMIN_PASSCODE).get("bolt").asText()).isEqualTo("UNLOCKED");
        single(newEvents(), "UNLOCK", "method", "PASSCODE", "result", "OK", "user", "1");
        act("/battery", "{\"percent\":100}");
        act("/usb-power", "{\"connected\":false}");
        relocksAfterTenSeconds();
    }

    @Test
    @Order(15)
    @DisplayName("Indoor Lock: lift the handle; push it to open from inside")
    void indoorLock() {
        JsonNode lifted = act("/handle", "{\"action\":\"LIFT\"}");
        assertThat(lifted.get("lockedFromInside").asBoolean()).isTrue();
        assertThat(lifted.get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(lastPrompt(lifted)).isEqualTo("LOCKED_FROM_INSIDE");
        single(newEvents(), "LOCK", "method", "INSIDE_HANDLE");
        JsonNode pushed = act("/handle", "{\"action\":\"PUSH\"}");
        assertThat(pushed.get("bolt").asText()).isEqualTo("UNLOCKED");
        assertThat(pushed.get("lockedFromInside").asBoolean()).isFalse();
        single(newEvents(), "UNLOCK", "method", "INSIDE_HANDLE", "result", "OK");
        relocksAfterTenSeconds();
    }

    @Test
    @Order(16)
    @DisplayName("Alarms: Anti-tamper Alarm, about one minute")
    void tamperAlarm() {
        JsonNode s = act("/tamper", "{}");
        assertThat(activeAlarms(s)).containsExactly("TAMPER");
        assertThat(lastPrompt(s)).isEqualTo("ALARM_TAMPER");
        single(newEvents(), "ALARM", "alarm", "TAMPER");
        assertThat(activeAlarms(advance(61))).isEmpty();
    }

    @Test
    @Order(17)
    @DisplayName("Alarms: System Locked Alarm after 5 wrong passcodes, 3 minutes")
    void systemLockedAlarm() {
        // the unknown face of step 9 (141 s ago) counts for 5 minutes whatever opened since (D1, docs/lock.md,
        // issue 10 finding 8): let its window pass, so these 5 wrong passcodes are the only failures
        advance(160);
        for (int i = 0; i < 4; i++) {
            assertThat(lastPrompt(type("000000"))).isEqualTo("VERIFICATION_FAILED");
        }
        JsonNode s = type("000000");
        assertThat(s.at("/lockout/active").asBoolean()).isTrue();
        assertThat(Instant.parse(s.at("/lockout/until").asText())).isEqualTo(Instant.parse(s.get("time").asText()).plusSeconds(180));
        assertThat(lastPrompt(s)).isEqualTo("SYSTEM_LOCKED");
        assertThat(activeAlarms(s)).contains("SYSTEM_LOCKED");
        JsonNode events = newEvents();
        assertThat(matching(events, "UNLOCK", "result", "REFUSED", "reason", "WRONG_CREDENTIAL")).hasSize(5);
        single(events, "ALARM", "alarm", "SYSTEM_LOCKED");

        assertThat(type(ADMIN_PASSCODE).get("bolt").asText()).as("even the right passcode, while locked out").isEqualTo("LOCKED");
        single(newEvents(), "UNLOCK", "result", "REFUSED", "reason", "LOCKED_OUT");
        assertThat(advance(180).at("/lockout/active").asBoolean()).isFalse();
        assertThat(type(ADMIN_PASSCODE).get("bolt").asText()).isEqualTo("UNLOCKED");
        relocksAfterTenSeconds();
    }

    @Test
    @Order(18)
    @DisplayName("Alarms: Low Battery Warning at each wake")
    void lowBatteryWarning() {
        assertThat(act("/battery", "{\"percent\":15}").at("/battery/low").asBoolean()).isTrue();
        single(newEvents(), "ALARM", "alarm", "LOW_BATTERY");
        advance(21); // let the keypad sleep, so the next touch wakes it
        assertThat(lastPrompt(act("/touch", "{}"))).isEqualTo("LOW_BATTERY");
        assertThat(act("/battery", "{\"percent\":90}").at("/battery/low").asBoolean()).isFalse();
    }

    @Test
    @Order(19)
    @DisplayName("Privacy Mode: only administrators open, and the lock is muted")
    void privacyMode() {
        setting("PRIVACY_MODE", "true");
        JsonNode s = panel.state();
        assertThat(s.at("/modes/privacy").asBoolean()).isTrue();
        assertThat(s.get("muted").asBoolean()).isTrue();

        JsonNode refused = type(BOB_PASSCODE);
        assertThat(refused.get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(lastPromptNode(refused).get("silent").asBoolean()).as("muted prompt").isTrue();
        single(newEvents(), "UNLOCK", "method", "PASSCODE", "result", "REFUSED", "user", "2", "reason", "PRIVACY_MODE");
        assertThat(type(ADMIN_PASSCODE).get("bolt").asText()).isEqualTo("UNLOCKED");
        single(newEvents(), "UNLOCK", "result", "OK", "user", "1");
        relocksAfterTenSeconds();
        setting("PRIVACY_MODE", "false");
        assertThat(panel.state().get("muted").asBoolean()).isFalse();
    }

    @Test
    @Order(20)
    @DisplayName("One-time Mute: hold 0 while awake; over when the lock sleeps")
    void oneTimeMute() {
        act("/touch", "{}");
        JsonNode s = act("/hold", "{\"key\":\"0\",\"seconds\":3}");
        assertThat(s.get("muted").asBoolean()).isTrue();
        assertThat(lastPrompt(s)).isEqualTo("MUTED");
        assertThat(lastPromptNode(keys("BELL")).get("silent").asBoolean()).isTrue();
        assertThat(advance(21).get("muted").asBoolean()).as("the lock slept").isFalse();
        assertThat(lastPromptNode(keys("BELL")).get("silent").asBoolean()).isFalse();
    }

    @Test
    @Order(21)
    @DisplayName("Leaving-home Mode: the 🏡 key toggles it; opening from inside alarms")
    void leavingHomeMode() {
        JsonNode on = keys("HOME");
        assertThat(on.at("/modes/leavingHome").asBoolean()).isTrue();
        assertThat(lastPrompt(on)).isEqualTo("LEAVING_HOME_ON");
        act("/handle", "{\"action\":\"PUSH\"}");
        JsonNode events = newEvents();
        single(events, "UNLOCK", "method", "INSIDE_HANDLE");
        single(events, "ALARM", "alarm", "LEAVING_HOME_INSIDE_OPENING");
        relocksAfterTenSeconds();

        JsonNode off = keys("HOME");
        assertThat(off.at("/modes/leavingHome").asBoolean()).isFalse();
        assertThat(lastPrompt(off)).isEqualTo("LEAVING_HOME_OFF");
        act("/handle", "{\"action\":\"PUSH\"}");
        assertThat(matching(newEvents(), "ALARM")).as("no alarm once it is off").isEmpty();
        relocksAfterTenSeconds();
    }

    @Test
    @Order(22)
    @DisplayName("Delete Administrators/Users")
    void deleteUser() {
        panel.command("{\"type\":\"DELETE_USER\",\"user\":2}");
        single(newEvents(), "USER_DELETED", "user", "2");
        assertThat(act("/finger", "{\"finger\":\"" + BOB_FINGER + "\",\"quality\":0.95}").get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(type(BOB_PASSCODE).get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(matching(newEvents(), "UNLOCK", "result", "REFUSED", "reason", "WRONG_CREDENTIAL")).hasSize(2);

        PanelClient.Answer last = panel.post("/command", "{\"type\":\"DELETE_USER\",\"user\":1}");
        assertThat(last.status()).isEqualTo(400);
        assertThat(last.json().get("reason").asText()).as("the last administrator stays (B6)").isEqualTo("LAST_ADMINISTRATOR");
    }

    @Test
    @Order(23)
    @DisplayName("Restore to Factory Settings: battery out, hold SET 5 s while putting it back, confirm")
    void restoreToFactorySettings() {
        setting("LEAVING_HOME", "true"); // a setting the reset must clear
        assertThat(act("/battery", "{\"inserted\":false}").get("powered").asBoolean()).isFalse();
        JsonNode s = act("/hold", "{\"button\":\"SET\",\"seconds\":5,\"insertBattery\":true}");
        assertThat(s.get("powered").asBoolean()).isTrue();
        assertThat(lastPrompt(s)).isEqualTo("CONFIRM_FACTORY_RESET");
        assertThat(texts(s.at("/keypad/lit"))).containsExactlyInAnyOrder("OK", "BACK");

        s = keys("OK");
        assertThat(lastPrompt(s)).isEqualTo("FACTORY_RESET_DONE");
        single(newEvents(), "FACTORY_RESET");
        assertThat(s.at("/modes/leavingHome").asBoolean()).isFalse();
        assertThat(lastPrompt(act("/touch", "{}"))).as("a new lock again (A1)").isEqualTo("CREATE_ADMIN");
        PanelClient.Answer add = panel.post("/command", "{\"type\":\"ADD_USER\",\"name\":\"Eve\",\"role\":\"USER\"}");
        assertThat(add.json().get("reason").asText()).as("no administrator: every lock user is gone").isEqualTo("NO_ADMINISTRATOR");
        assertThat(act("/mechanical-key", "{\"key\":\"original\"}").get("bolt").asText()).as("the key always works (C4)").isEqualTo("UNLOCKED");
    }

    // ================================================================== the lock process

    @BeforeAll
    void startFirstLock() throws Exception {
        startLock();
    }

    @AfterAll
    void stopLastLock() throws InterruptedException {
        stopLock();
    }

    /** Steps build on each other: once one fails, the later ones are skipped rather than failing for it. */
    @RegisterExtension
    final TestWatcher stopAtFirstFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            broken = true;
        }
    };

    @BeforeEach
    void earlierStepsPassed() {
        assumeFalse(broken, "an earlier step of the walkthrough failed");
    }

    private void startLock() throws IOException, InterruptedException {
        int port = freePort();
        stderr = tmp.resolve("lock-" + (++starts) + ".err");
        ProcessBuilder builder = new ProcessBuilder("./keyward", "lock", "--serial", SERIAL,
                "--data-dir", tmp.resolve("data").toString(), "--port", Integer.toString(port), "--manual-clock")
                .directory(repositoryRoot().toFile())
                .redirectError(stderr.toFile());
        // inside "mvn verify" the jar is fresh: the launcher must run it, never start a nested Maven
        builder.environment().put("KEYWARD_NO_BUILD", "1");
        process = builder.start();
        String line = awaitPanelLine(process);
        assertThat(line).isEqualTo("panel: http://127.0.0.1:" + port);
        panel = new PanelClient(line.substring("panel: ".length()));
    }

    private String awaitPanelLine(Process started) throws InterruptedException, IOException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = started.inputReader()) {
                out.lines().forEach(lines::add);
            } catch (IOException ignored) {
                // the process ended: EOF below
            } finally {
                lines.add(EOF);
            }
        }, "keyward-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (line.startsWith("panel: ")) {
                return line;
            }
            if (line.equals(EOF)) {
                break;
            }
        }
        return fail("./keyward lock did not print its panel line within " + START_TIMEOUT.toSeconds()
                + " s; stderr:\n" + Files.readString(stderr));
    }

    /** SIGTERM, so the shutdown hook closes the lock's storage as on a normal stop; then make sure it is gone. */
    private void stopLock() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath(); // surefire and failsafe run in the module: lock/
        Path root = Files.isRegularFile(here.resolve("keyward")) ? here : here.getParent();
        assertThat(root.resolve("keyward")).as("the launcher").isExecutable();
        return root;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    // ================================================================== gestures

    private JsonNode act(String path, String body) {
        return panel.act(path, body);
    }

    private JsonNode keys(String... names) {
        return act("/keys", "{\"keys\":[\"" + String.join("\",\"", names) + "\"]}");
    }

    /** Digits, then ✓. */
    private JsonNode type(String digits) {
        keys(digits(digits));
        return keys("OK");
    }

    private static String[] digits(String digits) {
        return digits.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new);
    }

    private JsonNode advance(int seconds) {
        return act("/clock/advance", "{\"seconds\":" + seconds + "}");
    }

    private void setting(String setting, String value) {
        panel.command("{\"type\":\"CHANGE_SETTING\",\"setting\":\"" + setting + "\",\"value\":\"" + value + "\"}");
    }

    private JsonNode startEnrolment(String kind) {
        panel.command("{\"type\":\"START_ENROLMENT\",\"user\":2,\"kind\":\"" + kind + "\",\"duress\":false}");
        return panel.state();
    }

    /** C8: 10 s (the default relock time) after an electronic unlock with the door left shut. */
    private void relocksAfterTenSeconds() {
        assertThat(advance(9).get("bolt").asText()).isEqualTo("UNLOCKED");
        JsonNode s = advance(1);
        assertThat(s.get("bolt").asText()).isEqualTo("LOCKED");
        assertThat(lastPrompt(s)).isEqualTo("DOOR_LOCKED");
        single(newEvents(), "LOCK", "result", "OK");
    }

    // ================================================================== reading the lock

    /** Events since the last call. */
    private JsonNode newEvents() {
        JsonNode events = panel.events(seenSeq);
        if (!events.isEmpty()) {
            seenSeq = events.get(events.size() - 1).get("seq").asLong();
        }
        return events;
    }

    /** The events of that kind whose fields have these values (field, value, field, value...). */
    private static List<JsonNode> matching(JsonNode events, String kind, String... fieldsAndValues) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode event : events) {
            boolean match = kind.equals(event.get("kind").asText());
            for (int i = 0; i + 1 < fieldsAndValues.length && match; i += 2) {
                match = fieldsAndValues[i + 1].equals(event.get(fieldsAndValues[i]).asText());
            }
            if (match) {
                out.add(event);
            }
        }
        return out;
    }

    private static void single(JsonNode events, String kind, String... fieldsAndValues) {
        assertThat(matching(events, kind, fieldsAndValues))
                .as("one %s event with %s among %s", kind, List.of(fieldsAndValues), events).hasSize(1);
    }

    private static List<String> promptIds(JsonNode state) {
        List<String> ids = new ArrayList<>();
        state.get("prompts").forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    private static List<String> activeAlarms(JsonNode state) {
        List<String> kinds = new ArrayList<>();
        state.get("alarms").forEach(a -> {
            if (a.get("active").asBoolean()) {
                kinds.add(a.get("kind").asText());
            }
        });
        return kinds;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
