package io.keyward.protocol.bluetooth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Constants and shared steps of the Bluetooth protocol v1 (see docs/bluetooth.md). */
final class Wire {

    static final byte VERSION = 1;
    static final byte HELLO = 1;
    static final byte LOCK_HELLO = 2;
    static final byte PROOF = 3;
    static final byte RECORD = 4;

    static final int NONCE_LENGTH = 16;
    static final int HELLO_FIXED = 2 + DeviceKeys.RAW_LENGTH + NONCE_LENGTH + 2;
    static final int LOCK_HELLO_LENGTH = 2 + DeviceKeys.RAW_LENGTH + NONCE_LENGTH;
    static final int PROOF_LENGTH = 2 + DeviceKeys.SIGNATURE_LENGTH;

    static final byte[] TRANSCRIPT_LABEL = ascii("keyward-bluetooth-v1 transcript");
    static final byte[] PROOF_LABEL = ascii("keyward-bluetooth-v1 proof");
    static final byte[] PHONE_TO_LOCK = ascii("keyward-bluetooth-v1 phone to lock");
    static final byte[] LOCK_TO_PHONE = ascii("keyward-bluetooth-v1 lock to phone");

    private Wire() {
    }

    /** SHA-256 over the label, the phone's hello and the lock's hello, exactly as they travelled. */
    static byte[] transcriptHash(byte[] hello, byte[] lockHello) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(TRANSCRIPT_LABEL);
            sha.update(hello);
            sha.update(lockHello);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What the device key signs: the proof label then the transcript hash. */
    static byte[] proofInput(byte[] transcriptHash) {
        return concat(PROOF_LABEL, transcriptHash);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static boolean isHeader(byte[] message, byte type) {
        return message != null && message.length >= 2 && message[0] == VERSION && message[1] == type;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
