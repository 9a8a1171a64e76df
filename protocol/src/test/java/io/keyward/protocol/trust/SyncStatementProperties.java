package io.keyward.protocol.trust;

import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.Refusal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Property tests of the kwsu1 sync statement (issue 15, trust design §9): total reader, tamper-evident. */
class SyncStatementProperties {

    private static final String TOKEN = SyncStatementTest.STATEMENT.sign(SyncStatementTest.LOCK_A.getPrivate());
    private static final String CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/~ \n";

    @Property(tries = 500)
    @Label("§9 decode and verify never throw, whatever the text: a refusal or a statement")
    void neverThrows(@ForAll String text) {
        assertThatCode(() -> {
            Outcome<SyncStatement> d = SyncStatement.decode(text);
            Outcome<SyncStatement> v = SyncStatement.verify(text, SyncStatementTest.LOCK_A.getPublic());
            Outcome<SyncStatement> prefixed = SyncStatement.verify("kwsu1." + text, SyncStatementTest.LOCK_A.getPublic());
            assertThat(d.isOk() || d.reason() == Refusal.MALFORMED).isTrue();
            assertThat(v.isOk() || prefixed.isOk()).as("a random text is never A's statement").isFalse();
        }).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    @Label("§9 any single character of a signed statement changed: verify refuses it (MALFORMED or FORGED)")
    void oneCharacterChanged(@ForAll @IntRange(min = 0, max = 1000) int at, @ForAll @IntRange(min = 0, max = 1000) int with) {
        int i = at % TOKEN.length();
        char pick = CHARS.charAt(with % CHARS.length());
        char c = pick == TOKEN.charAt(i) ? CHARS.charAt((with + 1) % CHARS.length()) : pick;
        String changed = TOKEN.substring(0, i) + c + TOKEN.substring(i + 1);
        assertThat(SyncStatement.verify(changed, SyncStatementTest.LOCK_A.getPublic()).reason())
                .as("%s at %d", c, i).isIn(Refusal.MALFORMED, Refusal.FORGED_TOKEN);
    }

    @Property(tries = 200)
    @Label("§9 any valid statement survives its text form and verifies only under its own lock's key")
    void roundTrip(@ForAll @LongRange(min = 0, max = 999_999_999_999_999L) long millis,
                   @ForAll @IntRange(min = 0, max = 5) int method) {
        String m = new String[] {"FACE", "FINGERPRINT", "PASSCODE", "VISITOR_PASSCODE", "REMOTE", "BLUETOOTH"}[method];
        SyncStatement s = new SyncStatement("KW-" + millis % 10_000, UUID.randomUUID().toString(), Instant.ofEpochMilli(millis), m);
        String token = s.sign(SyncStatementTest.LOCK_A.getPrivate());
        assertThat(SyncStatement.decode(token).value()).isEqualTo(s);
        assertThat(SyncStatement.verify(token, SyncStatementTest.LOCK_A.getPublic()).value()).isEqualTo(s);
        assertThat(SyncStatement.verify(token, SyncStatementTest.OTHER.getPublic()).reason()).isEqualTo(Refusal.FORGED_TOKEN);
    }
}
