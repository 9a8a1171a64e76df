package io.keyward.lock.core;

import io.keyward.lock.prompts.Prompt;
import io.keyward.protocol.command.CommandReply;
import io.keyward.protocol.command.Setting;
import io.keyward.protocol.event.UnlockMethod;
import io.keyward.protocol.visitor.CodeId;
import io.keyward.protocol.visitor.SeenCodes;
import io.keyward.protocol.visitor.VisitorCode;
import io.keyward.protocol.visitor.VisitorCodeCheck;
import io.keyward.protocol.visitor.VisitorKind;
import io.keyward.protocol.visitor.VisitorSecret;

import java.util.Optional;

/**
 * Offline visitor passcodes (E1, E2, E4; docs/visitor-passcodes.md): 12 typed digits that are no
 * enrolled passcode are looked up in the codes the visitor secret makes for this hour; the table of
 * codes seen keeps one-time codes used and revoked codes refused.
 */
final class VisitorAccess {

    static final int DIGITS = 12;                                        // E1, E2
    static final UnlockMethod METHOD = UnlockMethod.VISITOR_PASSCODE;

    private final Effects fx;
    private final PowerAndBolt power;
    private final Unlocking unlocking;
    private final Keypad keypad;

    VisitorAccess(Effects fx, PowerAndBolt power, Unlocking unlocking, Keypad keypad) {
        this.fx = fx;
        this.power = power;
        this.unlocking = unlocking;
        this.keypad = keypad;
    }

    /** Whether typed digits that opened nothing else are looked up as a visitor code. */
    boolean mayBeVisitorCode(String digits) {
        return digits.length() == DIGITS && validSecret(fx.data().visitorSecret());
    }

    static boolean validSecret(String text) {
        if (text == null) {
            return false;
        }
        try {
            VisitorSecret.fromBase64Url(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Exactly 12 typed digits that are no enrolled passcode: a visitor code is looked for (no anti-peeping
     * scan, see docs/visitor-passcodes.md). Every refusal looks the same on the panel as a wrong passcode
     * and counts toward the lockout (D1); only the event names the outcome.
     */
    void attempt(String digits) {
        LockData data = fx.data();
        if (!data.hasAdministrator() || unlocking.lockedOut()) {
            unlocking.passcode(null); // A1, D1: refused as any passcode, before the code is even looked at
            return;
        }
        if (fx.now().isBefore(VisitorCode.EPOCH) || VisitorCode.hourOf(fx.now()) < data.visitorHour()) {
            refused(null, "VISITOR_CLOCK_BEHIND"); // the table is only good with a clock that never ran back
            return;
        }
        long hour = VisitorCode.hourOf(fx.now());
        VisitorCodeCheck.Result r = VisitorCodeCheck.check(VisitorSecret.fromBase64Url(data.visitorSecret()), fx.now(),
                digits, data.seenCodes());
        if (r.outcome() == VisitorCodeCheck.Outcome.UNKNOWN) {
            keepSeenCodes(r, hour);
            unlocking.refuse(UnlockMethod.PASSCODE, null, "WRONG_CREDENTIAL", Prompt.VERIFICATION_FAILED);
            unlocking.failedVerification();
        } else if (r.opens() && data.flag(Setting.PRIVACY_MODE)) {
            refused(r.id(), "PRIVACY_MODE"); // D4, E4: the code is not used up
        } else if (r.opens()) {
            keepSeenCodes(r, hour);
            power.unlock(Event.unlock(METHOD).ok().detail(codeId(r.id())));
            keypad.show(Unlocking.OPENED);
        } else if (r.accepted()) {
            keepSeenCodes(r, hour);
            fx.record(Event.ok(LockEvent.VISITOR_CODE_REVOKED).method(METHOD).detail(codeId(r.id().target())));
            fx.speak(Prompt.OPERATION_SUCCESSFUL);
        } else {
            keepSeenCodes(r, hour);
            refused(r.id(), "VISITOR_" + r.outcome().name());
        }
    }

    /**
     * E1, E2: a revocation by sync (the cloud's link, or an app's) puts the code in the seen-codes table as
     * revoked, for as long as it could still open; a code past its end needs nothing remembered.
     */
    CommandReply revokedBySync(String code) {
        CodeId id = parseCodeId(code);
        if (id == null || id.kind() == VisitorKind.REVOKE) {
            return CommandReply.refused("BAD_VISITOR_CODE", "a visitor code is named ONE_TIME/hour/variant or PERIODIC/hour/variant");
        }
        LockData data = fx.data();
        if (data.visitorSecret() == null) {
            return CommandReply.refused("NO_VISITOR_SECRET", "this lock has no visitor passcodes");
        }
        if (fx.now().isBefore(VisitorCode.EPOCH)) {
            return CommandReply.refused("VISITOR_CLOCK_BEHIND", "the lock's clock is not set");
        }
        long hour = Math.max(VisitorCode.hourOf(fx.now()), data.visitorHour());
        SeenCodes seen = data.seenCodes().pruned(hour);
        long keepUntil = seen.keepUntilForRevoked(id);
        if (keepUntil > hour) {
            Optional<SeenCodes> revoked = seen.withRevoked(id, keepUntil);
            if (revoked.isEmpty()) {
                return CommandReply.refused("VISITOR_TABLE_FULL", "the lock's table of visitor codes is full");
            }
            fx.commit(new Change.VisitorCodesSeen(hour, revoked.get().entries()));
        }
        fx.record(Event.ok(LockEvent.VISITOR_CODE_REVOKED).detail(codeId(id)));
        return CommandReply.ok();
    }

    /** KIND/startHour/variant, as {@link #codeId} writes it; null when it does not read. */
    static CodeId parseCodeId(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length != 3 || !parts[1].matches("[0-9]{1,9}") || !parts[2].matches("[0-9]{1,9}")) {
            return null;
        }
        try {
            return new CodeId(VisitorKind.valueOf(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A visitor code's id in events: kind/start hour/variant, as the cloud lists it. */
    static String codeId(CodeId id) {
        return id.kind() + "/" + id.startHour() + "/" + id.variant();
    }

    private void keepSeenCodes(VisitorCodeCheck.Result r, long hour) {
        if (!r.seen().equals(fx.data().seenCodes())) {
            fx.commit(new Change.VisitorCodesSeen(hour, r.seen().entries()));
        }
    }

    /** Refused like a wrong passcode on the panel (same prompt and screen); the event says why. */
    private void refused(CodeId id, String reason) {
        fx.record(Event.unlock(METHOD).refused(reason).detail(id == null ? null : codeId(id)));
        fx.speak(Prompt.VERIFICATION_FAILED);
        keypad.show("WRONG_CREDENTIAL");
        unlocking.failedVerification();
    }
}
