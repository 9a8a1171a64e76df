package io.keyward.cloud.secrets;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.keyward.cloud.CloudTest;
import io.keyward.cloud.PostgresStorage;
import io.keyward.cloud.TestLocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 5 on PostgreSQL: rows written in plain before sealing (a visitor code keyed by a uuid, a
 * lock's visitor secret, a pairing claim) are sealed by the start's upgrade, open to the same values, and
 * a second pass changes nothing.
 */
@PostgresStorage
@DisplayName("secrets at rest: plain rows sealed on start, on PostgreSQL")
class SecretsUpgradePostgresTest extends CloudTest {

    @Autowired
    SecretBox box;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void finding11_plainRowsAreSealedOnStart() {
        UUID owner = TestLocks.accountId(jdbc, signUp());
        UUID lock = TestLocks.create(jdbc, owner);
        String serial = jdbc.sql("select serial from locks where id = :id").param("id", lock).query(String.class).single();
        jdbc.sql("update locks set visitor_secret = 'plain-visitor-secret' where id = :id").param("id", lock).update();
        UUID code = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into visitor_codes (id, lock_id, kind, start_hour, variant, code, starts_at, ends_at, created_at)
                values (:id, :lock, 'ONE_TIME', 1, 0, '123456789012', :now, :now, :now)""")
                .param("id", code).param("lock", lock).param("now", now).update();

        new SecretsUpgrade(jdbc, box, transaction);

        String sealedCode = jdbc.sql("select code from visitor_codes where id = :id").param("id", code).query(String.class).single();
        String sealedSecret = jdbc.sql("select visitor_secret from locks where id = :id").param("id", lock).query(String.class).single();
        assertThat(sealedCode).startsWith(SecretBox.PREFIX);
        assertThat(sealedSecret).startsWith(SecretBox.PREFIX);
        assertThat(box.open(sealedCode, RowIdentity.visitorCode(code.toString()))).isEqualTo("123456789012");
        assertThat(box.open(sealedSecret, RowIdentity.visitorSecret(serial))).isEqualTo("plain-visitor-secret");

        new SecretsUpgrade(jdbc, box, transaction);
        assertThat(jdbc.sql("select code from visitor_codes where id = :id").param("id", code).query(String.class).single())
                .as("already sealed under the current key: left alone").isEqualTo(sealedCode);
    }
}
