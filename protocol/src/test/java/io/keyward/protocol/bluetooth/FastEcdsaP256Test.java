package io.keyward.protocol.bluetooth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Devices sign with ECDSA P-256 (SPEC C5 Bluetooth proofs, issue 15's tokens); the lock and the cloud
 * verify with Bouncy Castle (FastEcdsaP256) while WebCrypto and any JDK sign and verify the standard
 * way: each must accept the other's signatures and refuse the same bad ones.
 */
class FastEcdsaP256Test {

    private static final Random RANDOM = new Random(15);
    private static final KeyPair KEYS = DeviceKeys.newKeyPair();
    private static final byte[] MESSAGE = "keyward-device-command-v1\nKW-0001".getBytes(StandardCharsets.UTF_8);
    private static final BigInteger N = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    @Test
    void eachSideAcceptsTheOthersSignatures() throws GeneralSecurityException {
        for (int i = 0; i < 40; i++) {
            KeyPair keys = DeviceKeys.newKeyPair();
            byte[] message = new byte[RANDOM.nextInt(600)];
            RANDOM.nextBytes(message);

            byte[] bc = FastEcdsaP256.sign(keys.getPrivate(), message);
            assertThat(bc).hasSize(64);
            assertThat(jdkVerify(keys.getPublic(), message, bc)).as("the JDK accepts Bouncy Castle's").isTrue();
            assertThat(FastEcdsaP256.verify(keys.getPublic(), message, jdkSign(keys.getPrivate(), message)))
                    .as("Bouncy Castle accepts the JDK's").isTrue();
        }
    }

    @Test
    void signingIsDeterministicAsRfc6979Says() {
        assertThat(FastEcdsaP256.sign(KEYS.getPrivate(), MESSAGE)).isEqualTo(FastEcdsaP256.sign(KEYS.getPrivate(), MESSAGE));
    }

    @Test
    void bothRefuseAChangedMessageAnotherKeyAndSignaturesOutOfRange() throws GeneralSecurityException {
        byte[] signature = jdkSign(KEYS.getPrivate(), MESSAGE);
        byte[] changed = MESSAGE.clone();
        changed[3] ^= 1;
        PublicKey other = DeviceKeys.newKeyPair().getPublic();

        assertBothRefuse(KEYS.getPublic(), changed, signature);
        assertBothRefuse(other, MESSAGE, signature);
        assertBothRefuse(KEYS.getPublic(), MESSAGE, rs(BigInteger.ZERO, s(signature)));
        assertBothRefuse(KEYS.getPublic(), MESSAGE, rs(r(signature), BigInteger.ZERO));
        assertBothRefuse(KEYS.getPublic(), MESSAGE, rs(N, s(signature)));
        assertBothRefuse(KEYS.getPublic(), MESSAGE, rs(r(signature), N));
        assertBothRefuse(KEYS.getPublic(), MESSAGE, rs(r(signature), s(signature).add(N)));
        assertThat(FastEcdsaP256.verify(KEYS.getPublic(), MESSAGE, Arrays.copyOf(signature, 63))).isFalse();
        assertThat(FastEcdsaP256.verify(KEYS.getPublic(), MESSAGE, signature)).as("the kept key is still right").isTrue();
    }

    @Test
    void theOtherHalfOfSIsAcceptedByBothAsEcdsaAllows() throws GeneralSecurityException {
        byte[] signature = jdkSign(KEYS.getPrivate(), MESSAGE);
        byte[] mirrored = rs(r(signature), N.subtract(s(signature)));
        assertThat(jdkVerify(KEYS.getPublic(), MESSAGE, mirrored)).isTrue();
        assertThat(FastEcdsaP256.verify(KEYS.getPublic(), MESSAGE, mirrored)).isTrue();
    }

    @Property(tries = 300)
    void anyChangedByteOfAValidSignatureIsRefusedByBoth(@ForAll("positions") int position, @ForAll("flips") int flip)
            throws GeneralSecurityException {
        byte[] signature = FastEcdsaP256.sign(KEYS.getPrivate(), MESSAGE);
        signature[position] ^= (byte) flip;
        assertBothRefuse(KEYS.getPublic(), MESSAGE, signature);
    }

    @Property(tries = 200)
    void randomSignaturesAreJudgedAlikeByBoth(@ForAll("signatures") byte[] signature) throws GeneralSecurityException {
        assertThat(FastEcdsaP256.verify(KEYS.getPublic(), MESSAGE, signature))
                .isEqualTo(jdkVerify(KEYS.getPublic(), MESSAGE, signature));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 63);
    }

    @Provide
    Arbitrary<Integer> flips() {
        return Arbitraries.integers().between(1, 255);
    }

    @Provide
    Arbitrary<byte[]> signatures() {
        return Arbitraries.bytes().array(byte[].class).ofSize(64);
    }

    private static void assertBothRefuse(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        assertThat(jdkVerify(key, message, signature)).as("the JDK refuses").isFalse();
        assertThat(FastEcdsaP256.verify(key, message, signature)).as("Bouncy Castle refuses").isFalse();
    }

    private static BigInteger r(byte[] signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    }

    private static BigInteger s(byte[] signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    }

    /** r||s as 32 bytes each (a value of 2^256 or more keeps its low 32 bytes). */
    private static byte[] rs(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        put(r, out, 0);
        put(s, out, 32);
        return out;
    }

    private static void put(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.mod(BigInteger.ONE.shiftLeft(256)).toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }

    private static byte[] jdkSign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    private static boolean jdkVerify(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key);
        s.update(message);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }
}
