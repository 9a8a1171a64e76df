package io.keyward.lock.core;

import io.keyward.protocol.command.PasscodeDigits;

/**
 * The rules every passcode a person chooses must follow (SPEC A2). Pure functions of the digits;
 * the check against passcodes already on the lock lives in {@link PasscodeBook}.
 */
public final class PasscodeRules {

    public static final int MIN_DIGITS = PasscodeDigits.MIN_DIGITS;
    public static final int MAX_DIGITS = PasscodeDigits.MAX_DIGITS;
    /** Anti-peeping input may be at most this long (SPEC C3). */
    public static final int MAX_TYPED = 20;

    /** Why a passcode is not allowed; each has a voice-prompt-friendly reason code. */
    public enum Violation {
        NOT_DIGITS, TOO_SHORT, TOO_LONG, REPEATED_DIGIT, CONSECUTIVE_DIGITS, ALREADY_ON_LOCK, OVERLAPS_EXISTING
    }

    private PasscodeRules() {
    }

    /** The first rule the passcode breaks, or null when it follows them all (the rule is protocol's, shared with the cloud). */
    public static Violation check(String passcode) {
        PasscodeDigits.Problem problem = PasscodeDigits.problem(passcode);
        return problem == null ? null : Violation.valueOf(problem.name());
    }
}
