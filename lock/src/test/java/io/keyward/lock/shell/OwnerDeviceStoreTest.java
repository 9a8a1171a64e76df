package io.keyward.lock.shell;

import io.keyward.lock.core.Change;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.OwnerDevice;
import io.keyward.lock.storage.FileRecordStore;
import io.keyward.protocol.bluetooth.DeviceKeys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock's store of owner devices (issue 15, trust design §4): applied like every change, kept across
 * restarts (journal and snapshot alike), and wiped by a factory reset (SPEC D7).
 */
class OwnerDeviceStoreTest {

    @TempDir
    Path dir;

    static OwnerDevice device(String name, String how) throws Exception {
        String key = DeviceKeys.encode(DeviceKeys.newKeyPair().getPublic());
        String agree = DeviceKeys.encode(DeviceKeys.newKeyPair().getPublic());
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(Base64.getUrlDecoder().decode(key));
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        return new OwnerDevice(id, key, agree, name, Instant.parse("2026-12-06T05:00:00Z"), how);
    }

    @Test
    @DisplayName("issue 15: no owner device, no trust mode; bound devices are listed in order and keyed by id")
    void bindAndRemove() throws Exception {
        LockData data = new LockData();
        assertThat(data.trustMode()).isFalse();
        assertThat(data.ownerDeviceKey("nobody")).isNull();
        OwnerDevice alice = device("Alice's phone", OwnerDevice.PAIRING_QR);
        OwnerDevice bob = device("Bob's phone", OwnerDevice.DOOR);
        data.apply(new Change.DeviceBound(alice));
        data.apply(new Change.DeviceBound(bob));
        assertThat(data.trustMode()).isTrue();
        assertThat(data.ownerDevices()).containsExactly(alice, bob);
        assertThat(data.ownerDevice(bob.deviceId())).contains(bob);
        assertThat(data.ownerDevice(null)).isEmpty();
        assertThat(DeviceKeys.encode(data.ownerDeviceKey(alice.deviceId()))).isEqualTo(alice.deviceKey());
        assertThat(data.ownerDeviceKey(alice.deviceId())).isSameAs(data.ownerDeviceKey(alice.deviceId())); // cached

        data.apply(new Change.DeviceRemoved(alice.deviceId()));
        assertThat(data.ownerDevices()).containsExactly(bob);
        assertThat(data.ownerDeviceKey(alice.deviceId())).isNull();
        data.apply(new Change.DeviceRemoved(bob.deviceId()));
        assertThat(data.trustMode()).isFalse();
    }

    @Test
    @DisplayName("issue 15: owner devices survive a restart, from the journal and from a compacted snapshot")
    void persisted() throws Exception {
        OwnerDevice alice = device("Alice's phone", OwnerDevice.PAIRING_QR);
        OwnerDevice bob = device("手机 二", OwnerDevice.DOOR);
        LockData live = new LockData();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            for (Change c : List.of(new Change.DeviceBound(alice), new Change.DeviceBound(bob))) {
                live.apply(c);
                storage.persist(List.of(c), live);
            }
        }
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData reopened = storage.load();
            assertThat(reopened.ownerDevices()).containsExactly(alice, bob);
            assertThat(LockStorage.canonical(reopened)).isEqualTo(LockStorage.canonical(live));
        }
        LockData fromSnapshot = new LockData();
        live.asChanges().forEach(fromSnapshot::apply);
        assertThat(fromSnapshot.ownerDevices()).containsExactly(alice, bob);
        assertThat(LockStorage.canonical(fromSnapshot)).isEqualTo(LockStorage.canonical(live));
    }

    @Test
    @DisplayName("SPEC D7: a factory reset forgets every owner device, on disk too")
    void factoryResetClears() throws Exception {
        LockData live = new LockData();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            Change bound = new Change.DeviceBound(device("Alice's phone", OwnerDevice.PAIRING_QR));
            live.apply(bound);
            storage.persist(List.of(bound), live);
            Change reset = new Change.FactoryReset("new-secret");
            live.apply(reset);
            storage.persist(List.of(reset), live);
        }
        assertThat(live.trustMode()).isFalse();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            LockData reopened = storage.load();
            assertThat(reopened.ownerDevices()).isEmpty();
            assertThat(reopened.trustMode()).isFalse();
        }
    }

    @Test
    @DisplayName("design §9: linked locks survive a restart (journal and snapshot, after the owner devices); binding the first "
            + "owner device forgets links made before trust mode; a factory reset (D7) forgets them")
    void linkedLocks() throws Exception {
        String keyA = io.keyward.protocol.trust.LockKey.encode(io.keyward.protocol.link.CommandSigning.newKeyPair().getPublic());
        LockData live = new LockData();
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            for (Change c : List.of(new Change.LockLinked("KW-OLD", keyA), new Change.DeviceBound(device("Alice's phone", OwnerDevice.PAIRING_QR)))) {
                live.apply(c);
                storage.persist(List.of(c), live);
            }
            assertThat(live.linkedLocks()).as("the cloud's word alone is no link in trust mode").isEmpty();
            for (Change c : List.of(new Change.LockLinked("KW-A", keyA), new Change.LockLinked("KW-B", keyA),
                    new Change.LockUnlinked("KW-B"), new Change.DeviceBound(device("Bob's phone", OwnerDevice.DOOR)))) {
                live.apply(c);
                storage.persist(List.of(c), live);
            }
        }
        assertThat(live.linkedLocks()).as("a second owner device keeps the links").containsExactly(java.util.Map.entry("KW-A", keyA));
        try (LockStorage storage = new LockStorage(FileRecordStore.open(dir))) {
            assertThat(storage.load().linkedLocks()).containsExactly(java.util.Map.entry("KW-A", keyA));
        }
        LockData fromSnapshot = new LockData();
        live.asChanges().forEach(fromSnapshot::apply);
        assertThat(fromSnapshot.linkedLocks()).containsExactly(java.util.Map.entry("KW-A", keyA));
        assertThat(LockStorage.canonical(fromSnapshot)).isEqualTo(LockStorage.canonical(live));
        live.apply(new Change.FactoryReset("new-secret"));
        assertThat(live.linkedLocks()).isEmpty();
    }
}
