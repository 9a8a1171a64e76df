package io.keyward.lock.panel;

import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockEvent;
import io.keyward.lock.core.OwnerDevice;
import io.keyward.lock.hardware.Key;
import io.keyward.lock.shell.LockStorage;
import io.keyward.lock.shell.SimulatedLock;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.command.LockUserRole;
import io.keyward.protocol.trust.DeviceSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 (trust design §3) on the panel's {@code POST /command} (the simulated app link, unsigned):
 * in trust mode a command that opens a path needs a device's signature there too, a device-signed one
 * is obeyed, and bad device-signed input gets a 400 with the lock's reason, never a 500, changing nothing.
 */
@DisplayName("issue 15: the panel's command link in trust mode (trust design §3)")
class TrustPanelCommandTest {

    private static final String SERIAL = "KW-TRP1";

    @TempDir
    Path dir;

    private SimulatedLock lock;
    private PanelServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (lock != null) {
            lock.close();
        }
    }

    @Test
    @DisplayName("§3: unsigned ADD_USER refused DEVICE_SIGNATURE_REQUIRED and logged; bad device-signed input is a 400 with its reason; the owner device's command is obeyed")
    void panelCommandsInTrustMode() throws Exception {
        DeviceSigner owner = DeviceSigner.generate();
        lock = SimulatedLock.open(SERIAL, dir, true);
        lock.touch();
        lock.keys(List.of(Key.OK));
        for (int i = 0; i < 2; i++) {
            lock.keys(List.of(Key.D1, Key.D3, Key.D5, Key.D7, Key.D9, Key.D2, Key.OK));
        }
        lock.close();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData data = storage.load();
            Change bound = new Change.DeviceBound(new OwnerDevice(owner.deviceId(), owner.deviceKey(), owner.agreeKey(),
                    "Alice's phone", java.time.Instant.parse("2026-01-05T08:00:00Z"), OwnerDevice.DOOR));
            data.apply(bound);
            storage.persist(List.of(bound), data);
        }
        lock = SimulatedLock.open(SERIAL, dir, true);
        server = PanelServer.start(lock, 0);
        PanelClient panel = new PanelClient(server.baseUrl());

        String addMallory = LockCommands.write(new LockCommand.AddUser("Mallory", LockUserRole.ADMINISTRATOR, null, "582941"));
        PanelClient.Answer refused = panel.send("POST", "/command", addMallory);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("reason").asText()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");
        assertThat(last().reason()).isEqualTo("DEVICE_SIGNATURE_REQUIRED");

        String state = panel.send("GET", "/state", null).body();
        long events = lock.events(0).size();
        for (String[] bad : new String[][]{
                {"{\"type\":\"DEVICE_SIGNED\",\"signed\":\"kwdc1.not.atoken\"}", "MALFORMED"},
                {"{\"type\":\"DEVICE_SIGNED\"}", "MALFORMED"},
                {"{\"type\":\"DEVICE_SIGNED\",\"signed\":\"x\",\"chain\":\"kwdg1\"}", "MALFORMED_COMMAND"},
                {"{\"type\":\"DEVICE_SIGNED\",\"signed\":\"" + "a".repeat(LockCommands.MAX_BYTES) + "\"}", "MALFORMED_COMMAND"},
                {"{\"type\":\"REMOVE_DEVICE\",\"deviceId\":\"" + owner.deviceId() + "\"}", "DEVICE_SIGNATURE_REQUIRED"},
                {"{\"type\":\"REVOKE_GRANT\",\"revocation\":\"kwdr1.a.b\"}", "MALFORMED"},
        }) {
            PanelClient.Answer a = panel.send("POST", "/command", bad[0]);
            assertThat(a.status()).as(bad[0]).isEqualTo(400);
            assertThat(a.json().get("reason").asText()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(last().result()).as("logged: " + bad[0]).isEqualTo("REFUSED");
        }
        assertThat(lock.events(0)).hasSize((int) events + 6);
        assertThat(panel.send("GET", "/state", null).body()).isEqualTo(state);
        assertThat(lock.reportedState().users()).hasSize(1);

        String signed = owner.command(SERIAL, LockCommands.write(new LockCommand.AddUser("Bob", LockUserRole.USER, null)),
                lock.state().time(), Duration.ofMinutes(5));
        PanelClient.Answer obeyed = panel.send("POST", "/command",
                LockCommands.write(new LockCommand.DeviceSigned(signed, List.of())));
        assertThat(obeyed.status()).as(obeyed.body()).isEqualTo(200);
        assertThat(lock.reportedState().users()).extracting(u -> u.name()).contains("Bob");
        assertThat(last().kind()).isEqualTo(LockEvent.USER_ADDED);
        assertThat(last().detail()).contains("device " + owner.deviceId());
    }

    private LockEvent last() {
        List<LockEvent> all = lock.events(0);
        return all.get(all.size() - 1);
    }
}
