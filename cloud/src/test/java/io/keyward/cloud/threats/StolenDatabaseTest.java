package io.keyward.cloud.threats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.keyward.cloud.Api;
import io.keyward.cloud.CloudTest;
import io.keyward.cloud.H2Storage;
import io.keyward.cloud.TestLocks;
import io.keyward.protocol.visitor.VisitorSecret;
import io.keyward.protocol.link.CommandSigning;
import io.keyward.protocol.pairing.PairingPayload;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 10 finding 11 (d) and item 5: someone with a copy of the database (its tables read directly)
 * learns no secret from it: the cloud's Ed25519 signing key, a lock's pairing secret and visitor secret
 * are sealed; and the data files are the owner's alone (folders 0700, files 0600).
 */
@H2Storage
@DisplayName("finding 11: a stolen database holds no plain secret; data files are owner-only")
class StolenDatabaseTest extends CloudTest {

    @Test
    void finding11_stolenDatabaseHoldsNoPlainSigningKeyOrPairingSecret() {
        String session = signIn(signUp());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String serial = "KW-STOLEN-" + Long.toHexString(System.nanoTime());
        String code = new PairingPayload(serial, secret, clock.instant().plusSeconds(300)).encode();
        Api.Response claimed = api.postJson("/api/locks", Api.json(Map.of("pairingCode", code, "name", "Front door")),
                "Cookie", "KW_SESSION=" + session, "X-Keyward", "1");
        assertThat(claimed.status()).as(claimed.toString()).isLessThan(300);

        List<String> privateKeys = jdbc.sql("select private_key from signing_keys").query(String.class).list();
        assertThat(privateKeys).isNotEmpty();
        for (String stored : privateKeys) {
            assertThatThrownBy(() -> CommandSigning.privateKey(stored))
                    .as("signing_keys.private_key must not be a usable private key").isInstanceOf(RuntimeException.class);
        }
        String storedSecret = jdbc.sql("select secret from pairing_claims where serial = :serial").param("serial", serial)
                .query(String.class).single();
        assertThat(storedSecret).doesNotContain(secret);
        assertThat(dump()).as("no cell of any table holds the pairing secret").noneMatch(cell -> cell.contains(secret));
        System.out.println("finding 11: stolen database: " + dump().size() + " cells read, no plain secret");
    }

    @Test
    void finding11_stolenDatabaseHoldsNoVisitorCode() {
        String email = signUp();
        String session = signIn(email);
        UUID lock = TestLocks.create(jdbc, TestLocks.accountId(jdbc, email));
        // as a pairing from before sealing left it: a plain visitor secret, still usable
        jdbc.sql("update locks set visitor_secret = :s where id = :id").param("s", VisitorSecret.generate().toBase64Url())
                .param("id", lock).update();
        Api.Response issued = api.postJson("/api/locks/" + lock + "/visitor-codes",
                Api.json(Map.of("kind", "ONE_TIME", "start", clock.instant().toString(), "name", "Cleaner")),
                "Cookie", "KW_SESSION=" + session, "X-Keyward", "1");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String code = issued.json().get("code").asString();
        assertThat(dump()).as("no cell of any table holds the visitor code").noneMatch(cell -> cell.contains(code));
        Api.Response listed = api.get("/api/locks/" + lock + "/visitor-codes", "Cookie", "KW_SESSION=" + session);
        assertThat(listed.body()).as("the owner still sees the code").contains(code);
    }

    @Test
    void finding11_dataFilesAreOwnerOnly() throws Exception {
        Path cloud = H2Storage.Initializer.dataDir().resolve("cloud");
        List<String> open = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> all = Files.walk(cloud)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
                checked++;
                if (modes.stream().anyMatch(m -> m.name().startsWith("GROUP") || m.name().startsWith("OTHERS"))) {
                    open.add(path + " " + java.nio.file.attribute.PosixFilePermissions.toString(modes));
                }
            }
        }
        assertThat(checked).as("files under " + cloud).isGreaterThan(1);
        assertThat(open).as("readable by others").isEmpty();
        System.out.println("finding 11: " + checked + " data files and folders owner-only");
    }

    /** Every text cell of every table, as a thief with the file would read it. */
    private List<String> dump() {
        List<String> cells = new ArrayList<>();
        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema = current_schema()"
                + " and table_type in ('BASE TABLE', 'TABLE')").query(String.class).list();
        for (String table : tables) {
            jdbc.sql("select * from " + table).query(rs -> {
                int columns = rs.getMetaData().getColumnCount();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    if (value != null) {
                        cells.add(value.toString());
                    }
                }
            });
        }
        return cells;
    }
}
