package io.keyward.protocol.bluetooth;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * An established Bluetooth session: AES-256-GCM records, one key per direction (HKDF-SHA256 over
 * the ECDH secret, salted with the transcript hash). A record is
 * {@code [version 1][type 4][counter: 8 bytes big-endian][ciphertext || 16-byte tag]}; the GCM nonce is
 * a 4-byte direction prefix then the counter, the additional data the 10-byte header. The sender
 * counts from 0; the receiver takes only a counter above the last one it accepted, so a replayed or
 * reordered record is refused. Any refusal closes the session (as in TLS): the peers start anew.
 */
public final class SecureSession {

    /** The largest plaintext one record carries. */
    public static final int MAX_PLAINTEXT = 16 * 1024;
    static final int HEADER_LENGTH = 10;
    private static final int TAG_BITS = 128;
    private static final int TAG_LENGTH = TAG_BITS / 8;
    static final int PHONE_PREFIX = 1;
    static final int LOCK_PREFIX = 2;

    private final BluetoothKey key;
    private final String chain;
    private final SecretKeySpec sendKey;
    private final SecretKeySpec receiveKey;
    private final int sendPrefix;
    private final int receivePrefix;
    private long sent;
    private long lastReceived = -1;
    private boolean closed;

    SecureSession(BluetoothKey key, String chain, byte[] sendKey, byte[] receiveKey, int sendPrefix, int receivePrefix) {
        this.key = key;
        this.chain = chain;
        this.sendKey = new SecretKeySpec(sendKey, "AES");
        this.receiveKey = new SecretKeySpec(receiveKey, "AES");
        this.sendPrefix = sendPrefix;
        this.receivePrefix = receivePrefix;
        Arrays.fill(sendKey, (byte) 0);
        Arrays.fill(receiveKey, (byte) 0);
    }

    /** The Bluetooth key the session runs under: who the phone is, for the lock (account, role, key id). */
    public BluetoothKey key() {
        return key;
    }

    /**
     * Issue 15: the device grant chain the session runs under ("~"-joined, leaf first), which the
     * lock checks again before each request (a grant revoked or its owner device removed
     * mid-session stops there); null when the session runs under a cloud-signed key.
     */
    public String chain() {
        return chain;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    public synchronized void close() {
        closed = true;
    }

    /** The record carrying plaintext to the peer. */
    public synchronized Outcome<byte[]> seal(byte[] plaintext) {
        if (closed || sent == Long.MAX_VALUE) {
            closed = true;
            return Outcome.refused(Refusal.CLOSED, "session closed");
        }
        if (plaintext == null || plaintext.length > MAX_PLAINTEXT) {
            return Outcome.refused(Refusal.MALFORMED, "no plaintext, or over " + MAX_PLAINTEXT + " bytes");
        }
        long counter = sent++;
        byte[] header = header(counter);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, sendKey, new GCMParameterSpec(TAG_BITS, nonce(sendPrefix, counter)));
            gcm.updateAAD(header);
            return Outcome.ok(Wire.concat(header, gcm.doFinal(plaintext)));
        } catch (GeneralSecurityException e) {
            closed = true;
            return Outcome.refused(Refusal.CLOSED, "cannot encrypt");
        }
    }

    /** The plaintext of a record from the peer: REPLAYED_RECORD, BAD_RECORD, MALFORMED or CLOSED otherwise. */
    public synchronized Outcome<byte[]> open(byte[] record) {
        if (closed) {
            return Outcome.refused(Refusal.CLOSED, "session closed");
        }
        if (!Wire.isHeader(record, Wire.RECORD) || record.length < HEADER_LENGTH + TAG_LENGTH
                || record.length > HEADER_LENGTH + MAX_PLAINTEXT + TAG_LENGTH) {
            return fail(Refusal.MALFORMED, "not a record");
        }
        long counter = ByteBuffer.wrap(record, 2, 8).getLong();
        if (counter < 0) {
            return fail(Refusal.MALFORMED, "record counter out of range");
        }
        if (counter <= lastReceived) {
            return fail(Refusal.REPLAYED_RECORD, "record " + counter + " after record " + lastReceived);
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, receiveKey, new GCMParameterSpec(TAG_BITS, nonce(receivePrefix, counter)));
            gcm.updateAAD(record, 0, HEADER_LENGTH);
            byte[] plaintext = gcm.doFinal(record, HEADER_LENGTH, record.length - HEADER_LENGTH);
            lastReceived = counter;
            return Outcome.ok(plaintext);
        } catch (AEADBadTagException e) {
            return fail(Refusal.BAD_RECORD, "record does not authenticate");
        } catch (GeneralSecurityException | RuntimeException e) {
            return fail(Refusal.BAD_RECORD, "record does not decrypt");
        }
    }

    private Outcome<byte[]> fail(Refusal reason, String detail) {
        closed = true;
        return Outcome.refused(reason, detail);
    }

    private static byte[] header(long counter) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(Wire.VERSION).put(Wire.RECORD).putLong(counter).array();
    }

    private static byte[] nonce(int prefix, long counter) {
        return ByteBuffer.allocate(12).putInt(prefix).putLong(counter).array();
    }
}
