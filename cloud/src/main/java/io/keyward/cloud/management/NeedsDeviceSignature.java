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

    static boolean in(LockCommand command) {
        return switch (command) {
            case LockCommand.RemoteUnlock r -> true;
            case LockCommand.AddUser a -> true;
            case LockCommand.ReplacePasscode p -> true;
            case LockCommand.SetValidity v -> true;
            case LockCommand.StartEnrolment e -> true;
            case LockCommand.LiftLockout l -> true;
            case LockCommand.PairAccessory p -> true;
            case LockCommand.SetHomeMqtt h -> true;
            case LockCommand.RemoveDevice d -> true;
            case LockCommand.ChangeSetting s -> GUARDED_SETTINGS.contains(s.setting());
            default -> false;
        };
    }
}
