package io.keyward.lock.core;

import io.keyward.protocol.bluetooth.KeyRole;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;

import java.util.EnumSet;
import java.util.Set;

/**
 * Issue 15, docs/trust.md §3: what a command needs in trust mode (the lock holds an owner device), so
 * that the cloud alone cannot open a door. What opens a path to the door needs an owner's device's
 * signature; what only takes access away, or opens nothing, stays cloud-signed as before.
 */
final class DeviceSignatureRule {

    /** What a command needs in trust mode. */
    enum Need {
        /** Cloud-signed as today: it takes access away or opens no path. */
        NOTHING(null),
        /** A remote unlock: a kwdc1 from an OWNER, MANAGER or MEMBER. */
        UNLOCKER(EnumSet.of(KeyRole.OWNER, KeyRole.MANAGER, KeyRole.MEMBER)),
        /** Management that opens a path: a kwdc1 from an OWNER or MANAGER. */
        MANAGER(EnumSet.of(KeyRole.OWNER, KeyRole.MANAGER)),
        /** REMOVE_DEVICE: a kwdc1 from an owner device itself (chain empty), not a grant holder. */
        OWNER_DEVICE(EnumSet.of(KeyRole.OWNER)),
        /** SYNC_UNLOCK: no device signs it; in trust mode it needs the linked lock's own statement (design §9). */
        DEVICE_LINK(EnumSet.noneOf(KeyRole.class)),
        /** Binding brings its own proof, the bind secret the lock showed (§4). */
        OWN_PROOF(null);

        private final Set<KeyRole> roles;

        Need(Set<KeyRole> roles) {
            this.roles = roles;
        }

        /** Whether a device signature is what this command needs in trust mode. */
        boolean needsDevice() {
            return roles != null;
        }

        /** Whether a signer with this role (its chain's leaf; OWNER for an owner device) may sign it. */
        boolean allows(KeyRole role) {
            return roles == null || roles.contains(role);
        }
    }

    /** The settings that open a path to the door or lower its guard (§3): any value needs a device. */
    private static final Set<Setting> GUARDED_SETTINGS = EnumSet.of(Setting.REMOTE_UNLOCK,
            Setting.SYNCHRONIZED_UNLOCK, Setting.PRIVACY_MODE, Setting.TRIAL_AND_ERROR_LOCK);

    private DeviceSignatureRule() {
    }

    static Need of(LockCommand command) {
        if (command instanceof LockCommand.RemoteUnlock) {
            return Need.UNLOCKER;
        }
        if (command instanceof LockCommand.SyncUnlock) {
            return Need.DEVICE_LINK;
        }
        if (command instanceof LockCommand.RemoveDevice) {
            return Need.OWNER_DEVICE;
        }
        if (command instanceof LockCommand.ChangeSetting c) {
            return GUARDED_SETTINGS.contains(c.setting()) ? Need.MANAGER : Need.NOTHING;
        }
        if (command instanceof LockCommand.AddUser || command instanceof LockCommand.ReplacePasscode
                || command instanceof LockCommand.SetValidity || command instanceof LockCommand.StartEnrolment
                || command instanceof LockCommand.LiftLockout || command instanceof LockCommand.PairAccessory
                || command instanceof LockCommand.SetHomeMqtt
                || command instanceof LockCommand.LinkLock) { // design §9: the key this lock will open for

            return Need.MANAGER;
        }
        if (command instanceof LockCommand.BindDevice) {
            return Need.OWN_PROOF;
        }
        return Need.NOTHING;
    }

    /** Whether a command arriving without a device signature must be refused on this lock now. */
    static boolean refusedUnsigned(LockCommand command, boolean trustMode) {
        return trustMode && of(command).needsDevice();
    }
}
