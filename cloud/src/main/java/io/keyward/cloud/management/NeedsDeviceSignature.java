package io.keyward.cloud.management;

import java.util.EnumSet;
import java.util.Set;

import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;

/**
 * The trust design's §3 table as the cloud applies it (issue 15): which commands a lock in trust mode obeys
 * only device-signed. The lock enforces the same table itself; the cloud uses it to refuse early (428) rather
 * than send what the lock will refuse. Commands that only take access away stay cloud-signed.
 */
final class NeedsDeviceSignature {

    /** The settings that open a path to the door or weaken its defences (any value). */
    static final Set<Setting> GUARDED_SETTINGS = EnumSet.of(Setting.REMOTE_UNLOCK, Setting.SYNCHRONIZED_UNLOCK,
            Setting.PRIVACY_MODE, Setting.TRIAL_AND_ERROR_LOCK);

    private NeedsDeviceSignature() {
    }

    /** The commands that need a device in trust mode whatever they carry. */
    private static final Set<Class<? extends LockCommand>> ALWAYS = Set.of(LockCommand.RemoteUnlock.class,
            LockCommand.AddUser.class, LockCommand.ReplacePasscode.class, LockCommand.SetValidity.class,
            LockCommand.StartEnrolment.class, LockCommand.LiftLockout.class, LockCommand.PairAccessory.class,
            LockCommand.SetHomeMqtt.class, LockCommand.RemoveDevice.class,
            LockCommand.LinkLock.class); // design §9: the key the lock will open for


    static boolean in(LockCommand command) {
        if (command instanceof LockCommand.ChangeSetting s) {
            return GUARDED_SETTINGS.contains(s.setting());
        }
        return ALWAYS.contains(command.getClass());
    }
}
