package io.keyward.lock.shell;

import io.keyward.lock.core.Credential;
import io.keyward.lock.core.HomeMqtt;
import io.keyward.lock.core.LockData;
import io.keyward.lock.core.LockUser;
import io.keyward.lock.core.LockView;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.link.LinkMessages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lock's reported state for the cloud, from its view and data; credentials by id only (SPEC B9). */
final class ReportedState {

    private ReportedState() {
    }

    /**
     * radio: the base URL of the lock's simulated Bluetooth radio, or null when unknown; lockKey, lockKeyMac:
     * its identity key and that key's MAC under the visitor secret (issue 15, design §9), or null.
     */
    static LinkMessages.LockState of(LockView v, LockData data, String radio, String homeStatus, String lockKey,
                                     String lockKeyMac) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            settings.put(s.name(), data.setting(s));
        }
        List<LinkMessages.User> users = data.users().values().stream().map(u -> user(u, data)).toList();
        return new LinkMessages.LockState(1, true, data.nextSeq() - 1, v.batteryPercent(), v.batteryLow(),
                bolt(v), v.door(), v.lockedFromInside(), v.lockoutActive(), settings, users,
                enrolment(v.enrolment()), radio, data.accessories().stream()
                        .map(a -> new LinkMessages.Accessory(a.id(), a.kind().name(), a.name())).toList(),
                homeMqtt(data.homeMqtt(), homeStatus), data.ownerDevices().stream()
                        .map(d -> new LinkMessages.OwnerDevice(d.deviceId(), d.name(), d.boundAt(), d.how())).toList(),
                lockKey, lockKeyMac);
    }

    /** Home MQTT as stored, never its password (docs/home-assistant.md); status: what the home link says now. */
    private static LinkMessages.HomeMqtt homeMqtt(HomeMqtt home, String status) {
        if (home == null) {
            return new LinkMessages.HomeMqtt(false, null, 0, null, false, false, LinkMessages.HomeMqtt.OFF);
        }
        return new LinkMessages.HomeMqtt(true, home.host(), home.port(), home.username(), home.passwordSet(),
                home.allowUnlock(), status);
    }

    /** LOCKED, UNLOCKED, or JAMMED once the motor gave up (issue 12): the app says so, not a guess at where. */
    static String bolt(LockView v) {
        return v.boltJammed() ? "JAMMED" : v.boltLocked() ? "LOCKED" : "UNLOCKED";
    }

    private static LinkMessages.Enrolment enrolment(LockView.EnrolmentView e) {
        return e == null ? null : new LinkMessages.Enrolment(e.user(), e.kind(), e.duress(), e.step(), e.steps());
    }

    private static LinkMessages.User user(LockUser u, LockData data) {
        List<LinkMessages.Credential> credentials = data.credentials().stream()
                .filter(c -> c.user() == u.id())
                .map(ReportedState::credential)
                .toList();
        return new LinkMessages.User(u.id(), u.name(), u.role().name(),
                u.validity() == null ? null : u.validity().from(), u.validity() == null ? null : u.validity().until(),
                credentials);
    }

    private static LinkMessages.Credential credential(Credential c) {
        return new LinkMessages.Credential(c.id(), c.kind().name(), c.duress());
    }
}
