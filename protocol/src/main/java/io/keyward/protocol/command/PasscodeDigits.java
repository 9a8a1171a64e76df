package io.keyward.protocol.command;

/**
 * The rules every passcode a person chooses must follow (SPEC A2), as pure functions of the digits:
 * checked by the lock on its keypad and on ADD_USER, and by the cloud before a person's passcode is sent
 * anywhere (docs/people.md), so both refuse the same codes with the same words.
 */
public final class PasscodeDigits {

    public static final int MIN_DIGITS = 6;
    public static final int MAX_DIGITS = 10;

    /** The A2 rules, each a reason code the lock's refusal carries as {@code PASSCODE_} + its name. */
    public enum Problem { NOT_DIGITS, TOO_SHORT, TOO_LONG, REPEATED_DIGIT, CONSECUTIVE_DIGITS }

    private PasscodeDigits() {
    }

    /** The first rule the passcode breaks, or null when it follows them all. */
    public static Problem problem(String passcode) {
        if (passcode == null || passcode.isEmpty() || !passcode.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Problem.NOT_DIGITS;
        }
        if (passcode.length() < MIN_DIGITS) {
            return Problem.TOO_SHORT;
        }
        if (passcode.length() > MAX_DIGITS) {
            return Problem.TOO_LONG;
        }
        if (allSteps(passcode, 0)) {
            return Problem.REPEATED_DIGIT;
        }
        if (allSteps(passcode, 1) || allSteps(passcode, -1)) {
            return Problem.CONSECUTIVE_DIGITS;
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
