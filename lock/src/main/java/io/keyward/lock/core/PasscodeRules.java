package io.keyward.lock.core;

/**
 * The rules every passcode a person chooses must follow (SPEC A2). Pure functions of the digits;
 * the check against passcodes already on the lock lives in {@link PasscodeBook}.
 */
public final class PasscodeRules {

    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 10;
    /** Anti-peeping input may be at most this long (SPEC C3). */
    public static final int MAX_TYPED = 20;

    /** Why a passcode is not allowed; each has a voice-prompt-friendly reason code. */
    public enum Violation {
        NOT_DIGITS, TOO_SHORT, TOO_LONG, REPEATED_DIGIT, CONSECUTIVE_DIGITS, ALREADY_ON_LOCK, OVERLAPS_EXISTING
    }

    private PasscodeRules() {
    }

    /** The first rule the passcode breaks, or null when it follows them all. */
    public static Violation check(String passcode) {
        if (passcode == null || passcode.isEmpty() || !passcode.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Violation.NOT_DIGITS;
        }
        if (passcode.length() < MIN_DIGITS) {
            return Violation.TOO_SHORT;
        }
        if (passcode.length() > MAX_DIGITS) {
            return Violation.TOO_LONG;
        }
        if (allSteps(passcode, 0)) {
            return Violation.REPEATED_DIGIT;
        }
        if (allSteps(passcode, 1) || allSteps(passcode, -1)) {
            return Violation.CONSECUTIVE_DIGITS;
        }
        return null;
    }

    /** Whether every digit is the previous one plus step (no wrap-around: 890123 is allowed). */
    private static boolean allSteps(String digits, int step) {
        for (int i = 1; i < digits.length(); i++) {
            if (digits.charAt(i) - digits.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }
}
