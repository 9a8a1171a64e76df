package io.keyward.lock.core;

import io.keyward.protocol.command.LockCommand.CredentialKind;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keyed hashing of passcodes under the lock's secret, and anti-peeping verification over the
 * hashes (SPEC C3): every run of 6-10 digits inside what was typed is hashed and looked up, so the
 * lock never needs a passcode in the clear. 20 typed digits give at most 65 runs, so 65 HMACs.
 */
public final class PasscodeBook {

    private static final int HASH_BYTES = 16;

    private PasscodeBook() {
    }

    /** HMAC-SHA256 of the digits under the lock's secret, truncated to 128 bits, base64. */
    public static String hash(String secret, String digits) {
        return hash(mac(secret), digits);
    }

    private static String hash(Mac mac, String digits) {
        byte[] full = mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, HASH_BYTES));
    }

    private static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A new passcode credential: its hash and the hashes of its proper inner runs of 6+ digits. */
    public static Credential credential(String secret, String id, int user, boolean duress, String digits) {
        Mac mac = mac(secret);
        List<String> inner = new ArrayList<>();
        for (String run : runs(digits)) {
            if (run.length() < digits.length()) {
                inner.add(hash(mac, run));
            }
        }
        return new Credential(id, user, CredentialKind.PASSCODE, duress, hash(mac, digits), inner, null, null);
    }

    /**
     * Refuses a new passcode equal to one on the lock, containing one, or contained in one (A2 and,
     * beyond it, anti-peeping: overlapping passcodes would open as the wrong user).
     */
    public static PasscodeRules.Violation checkAgainst(String secret, String digits, List<Credential> existing) {
        Mac mac = mac(secret);
        String whole = hash(mac, digits);
        Set<String> runs = new HashSet<>();
        for (String run : runs(digits)) {
            runs.add(hash(mac, run));
        }
        for (Credential c : existing) {
            if (c.kind() != CredentialKind.PASSCODE) {
                continue;
            }
            if (c.passcodeHash().equals(whole)) {
                return PasscodeRules.Violation.ALREADY_ON_LOCK;
            }
            if (runs.contains(c.passcodeHash()) || c.innerHashes().contains(whole)) {
                return PasscodeRules.Violation.OVERLAPS_EXISTING;
            }
        }
        return null;
    }

    /** The passcode credential found as a contiguous run of what was typed (C3), or null. */
    public static Credential find(String secret, String typed, List<Credential> credentials) {
        if (typed.length() < PasscodeRules.MIN_DIGITS || typed.length() > PasscodeRules.MAX_TYPED) {
            return null;
        }
        java.util.Map<String, Credential> byHash = new java.util.HashMap<>();
        for (Credential c : credentials) {
            if (c.kind() == CredentialKind.PASSCODE) {
                byHash.put(c.passcodeHash(), c);
            }
        }
        Mac mac = mac(secret);
        for (String run : runs(typed)) {
            Credential found = byHash.get(hash(mac, run));
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Every contiguous run of 6 to 10 digits of the input, longest first. */
    static List<String> runs(String digits) {
        List<String> out = new ArrayList<>();
        for (int len = Math.min(PasscodeRules.MAX_DIGITS, digits.length()); len >= PasscodeRules.MIN_DIGITS; len--) {
            for (int start = 0; start + len <= digits.length(); start++) {
                out.add(digits.substring(start, start + len));
            }
        }
        return out;
    }
}
