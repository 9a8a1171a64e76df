package io.keyward.cloud.management;

import java.util.Map;
import java.util.UUID;

import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.stereotype.Service;

/**
 * Binding and removing a lock's owner devices through the cloud (issue 15, trust design §4). The cloud only
 * carries them: a bind is proven by the bind secret the lock showed at its door (the cloud never sees it), a
 * removal by another owner device's signature. Both go straight to the online lock and are waited for, never
 * queued: a bind secret lives minutes, and a person at the door wants the answer now.
 */
@Service
class OwnerDevices {

    /** Its command ids are not UUIDs, so the queue never mistakes the lock's reply for a queued command's. */
    static final String BIND_PREFIX = "bind-";

    private final LockResets resets;
    private final DirectCommands direct;

    OwnerDevices(LockResets resets, DirectCommands direct) {
        this.resets = resets;
        this.direct = direct;
    }

    /** The lock's answer data (deviceId, sealedVisitorSecret, mac); throws LockRefused (409) with the lock's reason. */
    Map<String, String> bind(UUID lockId, LockCommand.BindDevice bind) {
        Locks.Target lock = resets.bound(lockId);
        LinkMessages.Reply answer = direct.call(lock, BIND_PREFIX + UUID.randomUUID(), LockCommands.write(bind));
        refusedUnless(answer);
        return answer.data() == null ? Map.of() : answer.data();
    }

    /** Sends the owner device's signed REMOVE_DEVICE; throws 428 without one, 400 for one of another command, 409 refused. */
    void remove(UUID lockId, String deviceId, DeviceSignature signature) {
        Locks.Target lock = resets.bound(lockId);
        // always a device's command, whatever the cloud last heard of the lock's trust mode
        DeviceSignedCommands.Outgoing out = DeviceSignedCommands.outgoing(lock.serial(), true,
                new LockCommand.RemoveDevice(deviceId), signature.command(), signature.chain());
        refusedUnless(direct.call(lock, out.id().toString(), LockCommands.write(out.command())));
    }

    private static void refusedUnless(LinkMessages.Reply answer) {
        if (!answer.accepted()) {
            throw new LockRefused(answer.reason(), null);
        }
    }
}
