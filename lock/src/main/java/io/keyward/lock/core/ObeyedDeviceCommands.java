package io.keyward.lock.core;

import java.time.Instant;

/**
 * Issue 15, docs/trust.md §2 kwdc1: the ids of device-signed commands the lock obeyed, kept until each
 * command expires. Unlike the cloud envelope's nonces (RAM, SignedCommandCheck) they are stored: a
 * management command may live 7 days, so a restart must not let a copy of it be obeyed again. Bounded:
 * with {@link #MAX_HELD} live ids held a new command is refused BUSY (it may be sent again later).
 */
final class ObeyedDeviceCommands {

    static final int MAX_HELD = 1024;

    private final Effects fx;

    ObeyedDeviceCommands(Effects fx) {
        this.fx = fx;
    }

    /** REPLAYED when this id was obeyed and has not expired, BUSY when the memory is full, else null. */
    String refusal(String commandId) {
        forgetExpired();
        if (fx.data().obeyedDeviceCommands().containsKey(commandId)) {
            return "REPLAYED";
        }
        return fx.data().obeyedDeviceCommands().size() >= MAX_HELD ? "BUSY" : null;
    }

    /** Remembers the id until the command expires: stored in the same step as what it did. */
    void obeyed(String commandId, Instant expiresAt) {
        fx.commit(new Change.DeviceCommandObeyed(commandId, expiresAt));
    }

    /** Forgets the ids of commands expired by now (refused EXPIRED from then on anyway). */
    void forgetExpired() {
        Instant now = fx.now();
        if (fx.data().obeyedDeviceCommands().values().stream().anyMatch(until -> !now.isBefore(until))) {
            fx.commit(new Change.DeviceCommandsPruned(now));
        }
    }
}
