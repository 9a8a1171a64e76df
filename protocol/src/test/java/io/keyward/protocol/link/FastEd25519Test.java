package io.keyward.protocol.link;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC C6: commands are signed with Ed25519. The cloud signs and the lock verifies with Bouncy
 * Castle (FastEd25519, issue 11 item 5) while keys stay the JDK's: a cloud or lock on either
 * implementation must keep working with the other, so the signatures are checked both ways.
 */
class FastEd25519Test {

    private static final Random RANDOM = new Random(11);

    @Test
    void signaturesAreTheJdksBytesAndEachSideAcceptsTheOthers() throws GeneralSecurityException {
        for (int i = 0; i < 50; i++) {
            KeyPair keys = CommandSigning.newKeyPair();
            byte[] message = new byte[RANDOM.nextInt(600)];
            RANDOM.nextBytes(message);

            byte[] bc = FastEd25519.sign(keys.getPrivate(), message);
            byte[] jdk = jdkSign(keys.getPrivate(), message);

            assertThat(bc).as("Ed25519 is deterministic: the same signature from both").isEqualTo(jdk);
            assertThat(jdkVerify(keys.getPublic(), message, bc)).as("the JDK accepts Bouncy Castle's").isTrue();
            assertThat(FastEd25519.verify(keys.getPublic(), message, jdk)).as("Bouncy Castle accepts the JDK's").isTrue();
        }
    }

    @Test
    void bothRefuseAChangedMessageAnotherKeyAndABrokenSignature() throws GeneralSecurityException {
        KeyPair keys = CommandSigning.newKeyPair();
        KeyPair other = CommandSigning.newKeyPair();
        byte[] message = "{\"type\":\"REMOTE_UNLOCK\"}".getBytes(StandardCharsets.UTF_8);
        byte[] signature = jdkSign(keys.getPrivate(), message);
        byte[] changed = message.clone();
        changed[3] ^= 1;
        byte[] flipped = signature.clone();
        flipped[40] ^= 1;

        assertThat(FastEd25519.verify(keys.getPublic(), changed, signature)).isFalse();
        assertThat(jdkVerify(keys.getPublic(), changed, signature)).isFalse();
        assertThat(FastEd25519.verify(other.getPublic(), message, signature)).isFalse();
        assertThat(jdkVerify(other.getPublic(), message, signature)).isFalse();
        assertThat(FastEd25519.verify(keys.getPublic(), message, flipped)).isFalse();
        assertThat(jdkVerify(keys.getPublic(), message, flipped)).isFalse();
        assertThat(FastEd25519.verify(keys.getPublic(), message, new byte[63])).isFalse();
        assertThat(FastEd25519.verify(keys.getPublic(), message, signature)).isTrue(); // the cached key is still right
    }

    @Test
    void aCommandSignedByTheCloudVerifiesWithTheKeyAsEncodedAtPairing() throws GeneralSecurityException {
        KeyPair keys = CommandSigning.newKeyPair();
        // the cloud keeps its key as PKCS#8 text, the lock gets the public half as X.509 text
        PrivateKey stored = CommandSigning.privateKey(CommandSigning.encode(keys.getPrivate()));
        PublicKey learnt = CommandSigning.publicKey(CommandSigning.encode(keys.getPublic()));
        SignedCommand command = CommandSigning.sign(stored, "KW-0001", "{\"type\":\"REMOTE_UNLOCK\"}", Instant.now(), 8);

        assertThat(CommandSigning.verify(learnt, command)).isTrue();
        assertThat(jdkVerify(learnt, command.signedBytes(), Base64.getDecoder().decode(command.signature()))).isTrue();
        assertThat(CommandSigning.verify(CommandSigning.newKeyPair().getPublic(), command)).isFalse();
        assertThat(CommandSigning.verify(learnt, command.withSignature("not base64 at all!"))).isFalse();
        assertThat(CommandSigning.verify(learnt, command.withSignature(null))).isFalse();
    }

    private static byte[] jdkSign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    private static boolean jdkVerify(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(message);
        return s.verify(signature);
    }
}
