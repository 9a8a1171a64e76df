package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.B64;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.link.CommandSigning;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 15, trust design §9: a lock's signed statement that it was opened from outside (kwsu1), and its key's MAC. */
@DisplayName("design §9: kwsu1 sync statements and the lock key's MAC")
class SyncStatementTest {

    static final KeyPair LOCK_A = CommandSigning.newKeyPair();
    static final KeyPair OTHER = CommandSigning.newKeyPair();
    static final Instant AT = Instant.parse("2026-12-06T08:00:00.123Z");
    static final String ID = "0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
    static final SyncStatement STATEMENT = new SyncStatement("KW-A", ID, AT, "PASSCODE");

    @Test
    @DisplayName("§9 signed by A's Ed25519 key: the exact payload lines, decode and verify give the statement back")
    void signAndVerify() {
        String token = STATEMENT.sign(LOCK_A.getPrivate());
        assertThat(token).startsWith("kwsu1.");
        String payload = new String(B64.decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(payload).isEqualTo("keyward-sync-unlock-v1\nKW-A\n" + ID + "\n" + AT.toEpochMilli() + "\nPASSCODE");
        assertThat(SyncStatement.decode(token).value()).isEqualTo(STATEMENT);
        assertThat(SyncStatement.verify(token, LOCK_A.getPublic()).value()).isEqualTo(STATEMENT);
        assertThat(STATEMENT.expiresAt()).isEqualTo(AT.plusSeconds(30));
    }

    @Test
    @DisplayName("§9 FORGED: another lock's key, or any field changed and signed again by another key")
    void forged() {
        String token = STATEMENT.sign(LOCK_A.getPrivate());
        assertThat(SyncStatement.verify(token, OTHER.getPublic()).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        String other = new SyncStatement("KW-A", ID, AT, "PASSCODE").sign(OTHER.getPrivate());
        assertThat(SyncStatement.verify(other, LOCK_A.getPublic()).reason()).isEqualTo(Refusal.FORGED_TOKEN);
        // A's signature over one statement moved onto another payload
        String[] parts = token.split("\\.");
        String later = new SyncStatement("KW-A", ID, AT.plusSeconds(60), "PASSCODE").sign(OTHER.getPrivate());
        String spliced = "kwsu1." + later.split("\\.")[1] + "." + parts[2];
        assertThat(SyncStatement.verify(spliced, LOCK_A.getPublic()).reason()).isEqualTo(Refusal.FORGED_TOKEN);
    }

    @Test
    @DisplayName("§9 strict: MALFORMED for another prefix, too few lines, an upper-case id, a method from inside, a bad time")
    void malformed() {
        assertThat(SyncStatement.decode(null).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(SyncStatement.decode("").reason()).isEqualTo(Refusal.MALFORMED);
        String token = STATEMENT.sign(LOCK_A.getPrivate());
        assertThat(SyncStatement.decode("kwdc1" + token.substring(5)).reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(SyncStatement.decode(token + "=").reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(signedPayload("keyward-sync-unlock-v1\nKW-A\n" + ID + "\n1").reason()).isEqualTo(Refusal.MALFORMED);
        assertThat(signedPayload("keyward-sync-unlock-v1\nKW-A\n" + ID.toUpperCase() + "\n1\nPASSCODE").reason())
                .isEqualTo(Refusal.MALFORMED);
        assertThat(signedPayload("keyward-sync-unlock-v1\nKW-A\n" + ID + "\n1\nINSIDE_HANDLE").reason())
                .isEqualTo(Refusal.MALFORMED);
        assertThat(signedPayload("keyward-sync-unlock-v1\nKW-A\n" + ID + "\n1\nSYNCHRONIZED").reason())
                .isEqualTo(Refusal.MALFORMED);
        assertThat(signedPayload("keyward-sync-unlock-v1\nKW-A\n" + ID + "\n01\nPASSCODE").reason())
                .isEqualTo(Refusal.MALFORMED);
        assertThat(signedPayload("keyward-sync-unlock-v1\nKW-A\n" + ID + "\n1\nPASSCODE\nextra").reason())
                .isEqualTo(Refusal.MALFORMED);
        assertThat(signedPayload("keyward-sync-unlock-v2\nKW-A\n" + ID + "\n1\nPASSCODE").reason())
                .isEqualTo(Refusal.MALFORMED);
        assertThatThrownBy(() -> new SyncStatement("KW-A", ID, AT, "MECHANICAL_KEY"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("§9 EXPIRED at 30 s old (not at 29.999 s), BAD_VALIDITY more than 5 s ahead (not at 5 s)")
    void validity() {
        assertThat(STATEMENT.admits(AT).isOk()).isTrue();
        assertThat(STATEMENT.admits(AT.plusMillis(29_999)).isOk()).isTrue();
        assertThat(STATEMENT.admits(AT.plusSeconds(30)).reason()).isEqualTo(Refusal.EXPIRED);
        assertThat(STATEMENT.admits(AT.plusSeconds(31)).reason()).isEqualTo(Refusal.EXPIRED);
        assertThat(STATEMENT.admits(AT.minusSeconds(5)).isOk()).isTrue();
        assertThat(STATEMENT.admits(AT.minusSeconds(6)).reason()).isEqualTo(Refusal.BAD_VALIDITY);
    }

    @Test
    @DisplayName("§9 lockKey: canonical b64u SPKI of an Ed25519 key; its MAC verifies only with the same secret, serial and key")
    void lockKeyAndMac() {
        String key = LockKey.encode(LOCK_A.getPublic());
        assertThat(LockKey.decode(key)).isEqualTo(LOCK_A.getPublic());
        assertThat(LockKey.isKey(key + "A")).isFalse();
        assertThat(LockKey.isKey(CommandSigning.encode(LOCK_A.getPublic()))).as("standard base64 with padding").isFalse();
        assertThat(LockKey.isKey(null)).isFalse();
        assertThat(LockKey.isKey(B64.encode(new byte[44]))).isFalse();
        String mac = LockKey.mac("visitor-secret", "KW-A", key);
        assertThat(LockKey.verifyMac(mac, "visitor-secret", "KW-A", key)).isTrue();
        assertThat(LockKey.verifyMac(mac, "another-secret", "KW-A", key)).isFalse();
        assertThat(LockKey.verifyMac(mac, "visitor-secret", "KW-B", key)).isFalse();
        assertThat(LockKey.verifyMac(mac, "visitor-secret", "KW-A", LockKey.encode(OTHER.getPublic()))).isFalse();
        assertThat(LockKey.verifyMac(null, "visitor-secret", "KW-A", key)).isFalse();
        // the exact bytes: HMAC-SHA256(UTF-8 of the secret text, "keyward-lock-key-v1\n" + serial + "\n" + lockKey)
        assertThat(mac).isEqualTo(B64.encode(io.keyward.protocol.bluetooth.Hkdf.hmac(
                "visitor-secret".getBytes(StandardCharsets.UTF_8),
                ("keyward-lock-key-v1\nKW-A\n" + key).getBytes(StandardCharsets.UTF_8))));
    }

    /** A payload signed by A as it is: the reader must refuse it for its text, not its signature. */
    static io.keyward.protocol.bluetooth.Outcome<SyncStatement> signedPayload(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        String token = "kwsu1." + B64.encode(bytes) + "." + B64.encode(sign(LOCK_A.getPrivate(), bytes));
        return SyncStatement.verify(token, LOCK_A.getPublic());
    }

    static byte[] sign(PrivateKey key, byte[] payload) {
        try {
            java.security.Signature s = java.security.Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(payload);
            return s.sign();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fresh(Instant at) {
        return new SyncStatement("KW-A", UUID.randomUUID().toString(), at, "FINGERPRINT").sign(LOCK_A.getPrivate());
    }
}
