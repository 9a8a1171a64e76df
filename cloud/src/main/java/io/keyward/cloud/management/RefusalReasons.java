package io.keyward.cloud.management;

import java.util.Locale;
import java.util.Map;

/**
 * The one table of the lock's refusal codes in plain words (docs/cloud.md, "Status codes and
 * refusals"). A refusal answers 409 with the code in {@code reason} and these words in {@code error};
 * a later issue shows only the words in the app and translates them, keyed by the same codes. A code
 * missing here (a newer lock's) is shown readably rather than dropped.
 */
public final class RefusalReasons {

    static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("BAD_KIND", "the lock does not know that kind"),
            Map.entry("BAD_NAME", "the name is empty, too long or has characters the lock cannot show"),
            Map.entry("BAD_ROLE", "a lock user is an administrator or a user"),
            Map.entry("BAD_SETTING", "the lock has no such setting"),
            Map.entry("BAD_VALIDITY", "the validity period is not one the lock accepts"),
            Map.entry("BAD_VALUE", "the lock does not accept that value"),
            Map.entry("BAD_VISITOR_CODE", "no such visitor passcode"),
            Map.entry("BUSY", "the lock is busy with another enrolment"),
            Map.entry("DURESS_FULL", "this user already has a duress credential of that kind"),
            Map.entry("DURESS_NOT_ALLOWED", "only a fingerprint or a passcode can be a duress credential"),
            Map.entry("FORGED", "the command's signature did not verify"),
            Map.entry("LAST_ADMINISTRATOR", "the last administrator cannot be deleted"),
            Map.entry("LOCK_FULL", "the lock holds no more of these"),
            Map.entry("LOCK_REMOVED", "the lock was removed from the cloud"),
            Map.entry("MALFORMED_COMMAND", "the lock could not read the command"),
            Map.entry("NO_ADMINISTRATOR", "the lock has no administrator yet: create one at the lock first"),
            Map.entry("NO_ENROLMENT", "no enrolment is under way"),
            Map.entry("NO_VISITOR_SECRET", "this lock has no visitor passcodes"),
            Map.entry("NOT_PAIRED", "the lock is not paired with this cloud"),
            Map.entry("NOT_SIGNED", "the command was not signed by the cloud"),
            Map.entry("PASSCODE_ALREADY_ON_LOCK", "someone on this lock already has that passcode"),
            Map.entry("PASSCODE_CONSECUTIVE_DIGITS", "a passcode cannot be consecutive digits, such as 123456"),
            Map.entry("PASSCODE_NOT_DIGITS", "a passcode is digits only"),
            Map.entry("PASSCODE_OVERLAPS_EXISTING", "the passcode contains, or is contained in, one already on this lock"),
            Map.entry("PASSCODE_REPEATED_DIGIT", "a passcode cannot be one digit repeated, such as 111111"),
            Map.entry("PASSCODE_TOO_LONG", "a passcode has at most 10 digits"),
            Map.entry("PASSCODE_TOO_SHORT", "a passcode has at least 6 digits"),
            Map.entry("PRIVACY_MODE", "the lock is in privacy mode"),
            Map.entry("REMOTE_UNLOCK_OFF", "remote unlock is switched off in the lock's settings"),
            Map.entry("REPLAYED", "the command was already used"),
            Map.entry("SYNCHRONIZED_UNLOCK_OFF", "synchronized unlock is switched off in the lock's settings"),
            Map.entry("TOO_MANY_ACCESSORIES", "the lock has as many accessories of that kind as it takes"),
            Map.entry("UNKNOWN_ACCESSORY", "no such accessory"),
            Map.entry("UNKNOWN_COMMAND", "the lock does not know this command (older firmware?)"),
            Map.entry("UNKNOWN_CREDENTIAL", "no such credential for this user"),
            Map.entry("UNKNOWN_USER", "no such lock user"),
            Map.entry("USER_GONE", "the lock user was deleted on the lock itself"),
            Map.entry("UNPOWERED", "the lock has no power"),
            Map.entry("USER_FULL", "this user has as many credentials of that kind as a user may have"),
            Map.entry("VISITOR_CLOCK_BEHIND", "the lock's clock is not set"),
            Map.entry("VISITOR_TABLE_FULL", "the lock's table of visitor passcodes is full"),
            Map.entry("ALREADY_BOUND", "this device is already one of the lock's owner devices"),
            Map.entry("BAD_BIND_PROOF", "the lock did not accept the binding: scan the lock's QR again (it is valid for minutes, once)"),
            Map.entry("BAD_DEVICE_KEY", "the device's keys are not P-256 public keys"),
            Map.entry("BAD_DEVICE_COMMAND", "the device-signed command is not valid"),
            Map.entry("CHAIN_TOO_LONG", "the device's grant was passed on too many times"),
            Map.entry("CLOUD_KEY_NOT_TRUSTED", "the lock only takes keys signed on an owner's device"),
            Map.entry("DEVICE_LINK_REQUIRED", "synchronized unlock of a lock in trust mode needs the linked lock's own signed word"),
            Map.entry("DEVICE_SIGNATURE_REQUIRED", "the lock only obeys this when it is signed on an owner's device"),
            Map.entry("EXPIRED", "the command or grant has expired"),
            Map.entry("LAST_OWNER_DEVICE", "the lock's last owner device cannot be removed; bind another at the door first"),
            Map.entry("MALFORMED", "the lock could not read the device's signed command or grant"),
            Map.entry("NOT_YET_VALID", "the device's grant is not valid yet"),
            Map.entry("REVOKED", "the device's grant was revoked"),
            Map.entry("ROLE_NOT_ALLOWED", "the device's role does not allow this"),
            Map.entry("TOO_MANY_DEVICES", "the lock holds as many owner devices as it takes (8)"),
            Map.entry("UNKNOWN_DEVICE", "the lock has no such owner device"),
            Map.entry("UNKNOWN_SIGNER", "the device that signed is not one the lock trusts (removed, or never bound)"),
            Map.entry("WRONG_LOCK", "the command was for another lock"),
            Map.entry("TOO_MANY_LINKS", "the lock follows as many linked locks as it takes (4): unlink one first"),
            Map.entry("BAD_LOCK_KEY", "the linked lock's key is not one the lock can use"),
            Map.entry("BAD_SERIAL", "the linked lock's serial is not one the lock accepts"),
            Map.entry("NOT_LINKED", "no owner's device linked this lock to the lock that was opened"));

    private RefusalReasons() {
    }

    /** The plain words for a lock's refusal code; an unknown code readably ("SOME_CODE" as "some code"). */
    public static String words(String reason) {
        if (reason == null || reason.isBlank()) {
            return "the lock refused";
        }
        String known = WORDS.get(reason);
        return known != null ? known : reason.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
