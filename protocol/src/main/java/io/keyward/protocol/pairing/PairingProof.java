package io.keyward.protocol.pairing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * How a lock proves to the cloud that it is the lock whose pairing QR an account submitted: an
 * HMAC-SHA256 under the one-time secret of the QR, so the secret itself never travels from the lock.
 *
 * The handshake (SPEC A3): the app posts the QR text to {@code POST /api/locks}; the lock, while in
 * pairing mode, posts {@code {"proof": ..., "administrator": true}} to {@code POST /api/pairing/{serial}}
 * and, once the account's claim is there, receives the cloud's public key and its own broker login.
 */
public final class PairingProof {

    private PairingProof() {
    }

    public static String of(String secret, String serial) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] proof = mac.doFinal(("keyward-pairing-v1|" + serial).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(proof);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time check of a proof. */
    public static boolean verify(String secret, String serial, String proof) {
        return proof != null && MessageDigest.isEqual(of(secret, serial).getBytes(StandardCharsets.US_ASCII),
                proof.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * What the lock sends. administrator: the lock has one (pairing needs it). linked: the lock
     * still holds a cloud binding, that is, it was not factory-reset since it was last paired; the
     * cloud then refuses an account other than its owner (a take-over), while a reset lock may be
     * bound anew by whoever holds it (SPEC A3). deviceKey and deviceSignature: the lock's
     * {@link DeviceIdentity}, which decides whether "linked: false" comes from that very lock.
     */
    public record Request(String proof, boolean administrator, boolean linked, String deviceKey, String deviceSignature) {

        /** A request without a device identity (an older lock): it can never take over a lock bound with one. */
        public Request(String proof, boolean administrator, boolean linked) {
            this(proof, administrator, linked, null, null);
        }
    }

    /**
     * What the cloud answers once the account's claim is there. visitorSecret: the lock's visitor
     * passcode secret (base64url, {@code io.keyward.protocol.visitor.VisitorSecret}, SPEC E1, E2), made by
     * the cloud when it binds the lock; a lock reading a grant without it (an older cloud) pairs all the
     * same and simply takes no visitor codes. boundAt: when the cloud bound the lock to its account, in
     * milliseconds since the epoch on the cloud's clock (SPEC D7): the lock refuses every cloud-signed
     * Bluetooth key issued before it, so keys of an earlier binding (before a factory reset) open nothing;
     * null from an older cloud.
     */
    public record Grant(String cloudPublicKey, String brokerUri, String brokerPassword, String visitorSecret, Long boundAt) {

        /** The broker password and the visitor secret: never in a log (issue 10 item 5). */
        @Override
        public String toString() {
            return "Grant[cloudPublicKey=" + cloudPublicKey + ", brokerUri=" + brokerUri + ", brokerPassword=(secret), visitorSecret=(secret)]";
        }


        public Grant(String cloudPublicKey, String brokerUri, String brokerPassword) {
            this(cloudPublicKey, brokerUri, brokerPassword, null, null);
        }
    }
}
