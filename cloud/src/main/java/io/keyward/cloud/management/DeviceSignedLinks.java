package io.keyward.cloud.management;

import java.util.UUID;

import io.keyward.cloud.locks.LockResets;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.LockCommands;
import io.keyward.protocol.link.LinkMessages;
import org.springframework.stereotype.Service;

/**
 * A LINK_LOCK signed on an owner's device (issue 15, trust design §9) for the sync package: checked as every
 * device-signed command is ({@link DeviceSignedCommands}: 428 without a signature, 400 when it is not the
 * LINK_LOCK the cloud would send), then sent straight to the online lock and waited for, like REMOVE_DEVICE:
 * the person linking sees the lock's answer (409 LOCK_OFFLINE, or the lock's refusal), and the cloud stores
 * a link only once the lock holds it.
 */
@Service
public class DeviceSignedLinks {

    private final LockResets resets;
    private final DirectCommands direct;

    DeviceSignedLinks(LockResets resets, DirectCommands direct) {
        this.resets = resets;
        this.direct = direct;
    }

    /** Sends the device's LINK_LOCK to the lock; throws 428/400 (TrustRefused) or 409 (LockRefused, LOCK_OFFLINE). */
    public void link(UUID lockId, LockCommand.LinkLock built, DeviceSignature signature) {
        Locks.Target lock = resets.bound(lockId);
        DeviceSignedCommands.Outgoing out = DeviceSignedCommands.outgoing(lock.serial(), true, built,
                signature.command(), signature.chain());
        LinkMessages.Reply answer = direct.call(lock, out.id().toString(), LockCommands.write(out.command()));
        if (!answer.accepted()) {
            throw new LockRefused(answer.reason(), null);
        }
    }
}
