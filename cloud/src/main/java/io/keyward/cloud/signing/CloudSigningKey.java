package io.keyward.cloud.signing;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.security.KeyPair;

import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRevocation;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.link.SignedCommand;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The cloud's Ed25519 key that signs every command to a lock (SPEC C6). Made on the first start and
 * kept in the database, so every node signs with the same key and a restart does not orphan the
 * locks that learnt its public half at pairing. The private half is sealed with the secrets key, which
 * is kept outside the database (secrets.SecretBox, docs/security.md): a copy of the database alone
 * cannot sign.
 */
@Component
public class CloudSigningKey {

    /**
     * How long a signed unlock (remote, C6, or synchronized, F2) is valid after signing: enough for a
     * round trip over a slow link, too short to keep.
     */
    public static final long UNLOCK_LIFETIME_SECONDS = 8;

    private static final String NAME = "commands";

    private final String publicKey;
    private final PrivateKey privateKey;
    private final Clock clock;

    CloudSigningKey(JdbcClient jdbc, Clock clock, SecretBox box) {
        this.clock = clock;
        KeyPair fresh = CommandSigning.newKeyPair();
        // Two nodes starting at once both try; the first row wins and both read it back.
        jdbc.sql("""
                insert into signing_keys (name, private_key, public_key, created_at)
                values (:name, :privateKey, :publicKey, :now) on conflict do nothing""")
                .param("name", NAME)
                .param("privateKey", box.seal(CommandSigning.encode(fresh.getPrivate()), RowIdentity.signingKey(NAME)))
                .param("publicKey", CommandSigning.encode(fresh.getPublic()))
                .param("now", OffsetDateTime.now(clock))
                .update();
        var row = jdbc.sql("select private_key, public_key from signing_keys where name = :name")
                .param("name", NAME)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
        this.privateKey = CommandSigning.privateKey(box.open(row[0], RowIdentity.signingKey(NAME)));
        this.publicKey = row[1];
    }

    /** The public half, as the lock receives it at pairing (base64 X.509). */
    public String publicKey() {
        return publicKey;
    }

    /** A command for one lock, signed now, valid for lifetimeSeconds, with the given id and a fresh nonce. */
    public SignedCommand sign(String serial, String id, String commandJson, long lifetimeSeconds) {
        return CommandSigning.sign(privateKey, serial, id, commandJson, clock.instant(), lifetimeSeconds);
    }

    /** A Bluetooth key (SPEC C5, E3) signed with the same key: the lock already trusts it from pairing. */
    public String sign(BluetoothKey key) {
        return key.sign(privateKey);
    }

    /** A Bluetooth key's revocation (SPEC E3), signed so that any app may carry it to the lock. */
    public String sign(KeyRevocation revocation) {
        return revocation.sign(privateKey);
    }
}
