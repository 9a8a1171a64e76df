package io.keyward.lock.core;

import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The nonce memory of {@link SignedCommandCheck} (SPEC C6): a nonce is refused while its command lives,
 * and forgotten once it expired, in the order of expiry, whatever the order the commands came in
 * (issue 11 item 5 keeps them by expiry instead of scanning all of them on every command).
 */
class SignedCommandCheckTest {

    private static final String SERIAL = "KW-NONCES";
    private static final KeyPair CLOUD = CommandSigning.newKeyPair();
    private static final String CLOUD_KEY = CommandSigning.encode(CLOUD.getPublic());
    private static final Instant START = Instant.parse("2026-12-06T02:00:00Z");

    private static SignedCommand command(Instant issued, long lifetimeSeconds) {
        return CommandSigning.sign(CLOUD.getPrivate(), SERIAL, "{\"type\":\"RemoteUnlock\",\"account\":\"a\"}", issued,
                lifetimeSeconds);
    }

    @Test
    void aNonceIsRefusedWhileItsCommandLivesAndForgottenInTheOrderOfExpiry() {
        SignedCommandCheck check = new SignedCommandCheck(START);
        SignedCommand longLived = command(START, 20);
        SignedCommand shortLived = command(START.plusSeconds(1), 2);
        assertNull(check.refusal(longLived, SERIAL, CLOUD_KEY, START));
        assertNull(check.refusal(shortLived, SERIAL, CLOUD_KEY, START.plusSeconds(1)));

        // 5 s on: the short-lived command expired (and would be refused as such), the long-lived one still lives
        Instant later = START.plusSeconds(5);
        assertEquals("REPLAYED", check.refusal(longLived, SERIAL, CLOUD_KEY, later));
        assertEquals("EXPIRED", check.refusal(shortLived, SERIAL, CLOUD_KEY, later));
    }

    @Test
    void expiredNoncesFreeTheMemory() {
        SignedCommandCheck check = new SignedCommandCheck(START);
        for (int i = 0; i < SignedCommandCheck.MAX_NONCES; i++) {
            // lifetimes 1 to 10 s, so expiry and arrival orders differ
            assertNull(check.refusal(command(START, 1 + i % 10), SERIAL, CLOUD_KEY, START));
        }
        assertEquals("BUSY", check.refusal(command(START, 10), SERIAL, CLOUD_KEY, START));

        // after 5 s the commands of 1-5 s are gone: half the memory is free again, and no more than that
        Instant later = START.plusSeconds(5);
        for (int i = 0; i < SignedCommandCheck.MAX_NONCES / 2; i++) {
            assertNull(check.refusal(command(later, 10), SERIAL, CLOUD_KEY, later), "command " + i);
        }
        assertEquals("BUSY", check.refusal(command(later, 10), SERIAL, CLOUD_KEY, later));
    }
}
