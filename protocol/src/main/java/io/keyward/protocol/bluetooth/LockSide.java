package io.keyward.protocol.bluetooth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The lock's side of one Bluetooth session (one connection; a new connection gets a new LockSide).
 * Pure: byte arrays in and out, the lock's clock passed in. The lock checks, in this order: the
 * hello reads (MALFORMED), the token is the cloud's (FORGED_TOKEN), for this lock (WRONG_LOCK),
 * valid at the lock's clock (NOT_YET_VALID, EXPIRED), not revoked (REVOKED); then, after its own
 * fresh ephemeral key and nonce, the phone's signature over the transcript with the token's device
 * key (BAD_PROOF). Any refusal ends the handshake.
 *
 * Issue 15 (trust mode): the hello's token is either a cloud-signed Bluetooth key ({@code kwbk1.})
 * or a device grant chain ({@code kwdg1...~kwdg1...}, leaf first, at most two grants). A lock in
 * trust mode refuses every cloud key (CLOUD_KEY_NOT_TRUSTED, unread) and checks a chain with its
 * {@link GrantCheck} against its owner devices; a lock without owner devices takes cloud keys as
 * before and refuses a chain (its top signer can be no owner device: UNKNOWN_SIGNER). Either way the
 * proof of possession is the same, by the key's (the leaf's holder's) device key.
 */
public final class LockSide {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The longest token a hello carries: two grants of the longest and the "~" between them. */
    public static final int MAX_HELLO_TOKEN = 2 * SignedText.MAX_TOKEN_LENGTH + 1;
    /** Refusals of a chain given only once its signatures verified: the lock's log may name its leaf. */
    private static final java.util.Set<Refusal> AFTER_SIGNATURES =
            java.util.EnumSet.of(Refusal.NOT_YET_VALID, Refusal.EXPIRED, Refusal.REVOKED, Refusal.ROLE_NOT_ALLOWED);

    private enum State { NEW, WAITING_FOR_PROOF, DONE }

    private final String serial;
    private final PublicKey cloudKey;
    private final RevokedKeys revoked;
    private final boolean trustMode;
    private final GrantCheck grants;
    private Instant boundAt; // SPEC D7: cloud keys issued before it are an earlier binding's
    private String chain;
    private boolean grant;
    private State state = State.NEW;
    private BluetoothKey key;
    private BluetoothKey presented;
    private ECPublicKey phoneEphemeral;
    private KeyPair ephemeral;
    private byte[] transcript;

    /** serial: this lock's; cloudKey: the cloud's Ed25519 public key learned at pairing; revoked: the lock's set. */
    public LockSide(String serial, PublicKey cloudKey, RevokedKeys revoked) {
        this(serial, cloudKey, revoked, false, null);
    }

    /**
     * Issue 15: trustMode: the lock holds at least one owner device (cloud keys are refused);
     * grants: checks a device grant chain against the lock's owner devices (null: chains are
     * refused MALFORMED, as before issue 15).
     */
    public LockSide(String serial, PublicKey cloudKey, RevokedKeys revoked, boolean trustMode, GrantCheck grants) {
        this.serial = Objects.requireNonNull(serial, "serial");
        this.cloudKey = Objects.requireNonNull(cloudKey, "cloudKey");
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.trustMode = trustMode;
        this.grants = grants;
    }

    /**
     * SPEC D7: when the cloud bound the lock (null: not known); a cloud-signed key issued before it is refused
     * ISSUED_BEFORE_PAIRING. Set before the handshake starts.
     */
    public synchronized LockSide boundAt(Instant at) {
        this.boundAt = at;
        return this;
    }

    /** Takes message 1, the phone's hello, checks its token at now, and gives message 2, the lock's hello. */
    public synchronized Outcome<byte[]> onHello(byte[] hello, Instant now) {
        if (state != State.NEW) {
            return fail(Refusal.MALFORMED, "a hello out of turn");
        }
        state = State.DONE;
        try {
            if (!Wire.isHeader(hello, Wire.HELLO) || hello.length < Wire.HELLO_FIXED) {
                return fail(Refusal.MALFORMED, "not a hello");
            }
            ByteBuffer in = ByteBuffer.wrap(hello, 2, hello.length - 2);
            byte[] raw = new byte[DeviceKeys.RAW_LENGTH];
            in.get(raw);
            in.position(in.position() + Wire.NONCE_LENGTH);
            int tokenLength = Short.toUnsignedInt(in.getShort());
            if (tokenLength == 0 || tokenLength > MAX_HELLO_TOKEN || tokenLength != in.remaining()) {
                return fail(Refusal.MALFORMED, "token length does not match the hello");
            }
            byte[] tokenBytes = new byte[tokenLength];
            in.get(tokenBytes);
            for (byte b : tokenBytes) {
                if (b < 0x21 || b > 0x7e) {
                    return fail(Refusal.MALFORMED, "token is not printable ASCII");
                }
            }
            String token = new String(tokenBytes, StandardCharsets.US_ASCII);
            Outcome<BluetoothKey> checked = token.startsWith(BluetoothKey.PREFIX + ".")
                    ? cloudKey(token, now) : grantChain(token, now);
            if (!checked.isOk()) {
                return fail(checked.reason(), ((Outcome.Refused<BluetoothKey>) checked).detail());
            }
            phoneEphemeral = DeviceKeys.fromRaw(raw);
            if (phoneEphemeral == null) {
                return fail(Refusal.MALFORMED, "the phone's ephemeral key is not a P-256 point");
            }
            key = checked.value();
            ephemeral = DeviceKeys.newKeyPair();
            byte[] nonce = new byte[Wire.NONCE_LENGTH];
            RANDOM.nextBytes(nonce);
            byte[] lockHello = ByteBuffer.allocate(Wire.LOCK_HELLO_LENGTH).put(Wire.VERSION).put(Wire.LOCK_HELLO)
                    .put(DeviceKeys.raw((ECPublicKey) ephemeral.getPublic())).put(nonce).array();
            transcript = Wire.transcriptHash(hello, lockHello);
            state = State.WAITING_FOR_PROOF;
            return Outcome.ok(lockHello);
        } catch (RuntimeException e) {
            return fail(Refusal.MALFORMED, "the hello does not read");
        }
    }

    /** A cloud-signed Bluetooth key: as before issue 15, unless the lock is in trust mode. */
    private Outcome<BluetoothKey> cloudKey(String token, Instant now) {
        if (trustMode) {
            return Outcome.refused(Refusal.CLOUD_KEY_NOT_TRUSTED,
                    "the lock trusts its owner devices' grants, not keys the cloud alone signed");
        }
        Outcome<BluetoothKey> verified = BluetoothKey.verify(token, cloudKey);
        if (!verified.isOk()) {
            return verified;
        }
        presented = verified.value();
        return presented.admits(serial, now, revoked, boundAt);
    }

    /** A device grant chain, checked against the lock's owner devices (issue 15, design §2). */
    private Outcome<BluetoothKey> grantChain(String token, Instant now) {
        if (grants == null) {
            return Outcome.refused(Refusal.MALFORMED, "not a Bluetooth key");
        }
        grant = true;
        Outcome<BluetoothKey> checked = grants.check(token, serial, now, revoked);
        if (checked.isOk()) {
            presented = checked.value();
            chain = token;
        } else if (AFTER_SIGNATURES.contains(checked.reason())) {
            presented = grants.leaf(token);
        }
        return checked;
    }

    /**
     * Takes message 3, the phone's proof of possession of the token's device key over this
     * session's transcript: the session, or BAD_PROOF (a proof from another session, such as a
     * recorded exchange played again, never verifies: this lock's ephemeral key and nonce are new).
     */
    public synchronized Outcome<SecureSession> onProof(byte[] proof) {
        if (state != State.WAITING_FOR_PROOF) {
            return fail(Refusal.MALFORMED, "a proof out of turn");
        }
        state = State.DONE;
        try {
            if (!Wire.isHeader(proof, Wire.PROOF) || proof.length != Wire.PROOF_LENGTH) {
                return fail(Refusal.MALFORMED, "not a proof");
            }
            ECPublicKey device = key.devicePublicKey();
            if (device == null || !DeviceKeys.verify(device, Wire.proofInput(transcript),
                    Arrays.copyOfRange(proof, 2, proof.length))) {
                return fail(Refusal.BAD_PROOF, "key " + key.keyId() + ": the proof does not verify");
            }
            byte[] secret = DeviceKeys.agree(ephemeral.getPrivate(), phoneEphemeral);
            SecureSession session = new SecureSession(key, chain,
                    Hkdf.derive(transcript, secret, Wire.LOCK_TO_PHONE, 32),
                    Hkdf.derive(transcript, secret, Wire.PHONE_TO_LOCK, 32),
                    SecureSession.LOCK_PREFIX, SecureSession.PHONE_PREFIX);
            Arrays.fill(secret, (byte) 0);
            ephemeral = null;
            return Outcome.ok(session);
        } catch (GeneralSecurityException | RuntimeException e) {
            return fail(Refusal.MALFORMED, "the proof does not agree a key");
        }
    }

    /**
     * The key the hello carried once its signature verified as the cloud's, even when the lock then
     * refused it (WRONG_LOCK, NOT_YET_VALID, EXPIRED, REVOKED): for the lock's event log. For a
     * grant chain, its leaf once the chain's signatures verified (NOT_YET_VALID, EXPIRED, REVOKED,
     * ROLE_NOT_ALLOWED). Else null.
     */
    public synchronized BluetoothKey presented() {
        return presented;
    }

    /** Whether the hello carried a device grant chain (issue 15), so {@link #presented()} is a grant's leaf. */
    public synchronized boolean presentedGrant() {
        return grant;
    }

    /** The verified Bluetooth key of the phone once its hello passed, else null. */
    public synchronized BluetoothKey key() {
        return key;
    }

    private <T> Outcome<T> fail(Refusal reason, String detail) {
        state = State.DONE;
        ephemeral = null;
        return Outcome.refused(reason, detail);
    }
}
