package io.keyward.cloud.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On every start, seals under the current key every stored secret that is still plain (written before
 * encryption) or sealed under an older key (after a rotation), so that after one start with a new key
 * the old one is no longer needed. Each value is opened first: a wrong key stops the start here, with
 * a message naming the row, before anything is rewritten. Rows are conditional-updated on their old
 * value, so two nodes starting at once do not overwrite each other's work.
 */
@Component
public class SecretsUpgrade {

    private static final Logger log = LoggerFactory.getLogger(SecretsUpgrade.class);

    /** A table's secret column and the column that names its row (the associated data). */
    private record Column(String table, String key, String secret) {
        String identity(String keyValue) {
            return RowIdentity.of(table, keyValue, secret);
        }
    }

    private static final Column[] COLUMNS = {
            new Column("signing_keys", "name", "private_key"),
            new Column("locks", "serial", "visitor_secret"),
            new Column("pairing_claims", "serial", "secret"),
            new Column("visitor_codes", "id", "code"),
            new Column("webhook_endpoints", "id", "secret"),
    };

    SecretsUpgrade(JdbcClient jdbc, SecretBox box, TransactionTemplate transaction) {
        int resealed = 0;
        for (Column column : COLUMNS) {
            resealed += transaction.execute(status -> upgrade(jdbc, box, column));
        }
        if (resealed > 0) {
            log.info("sealed {} stored secrets under the current secrets key", resealed);
        }
    }

    private static int upgrade(JdbcClient jdbc, SecretBox box, Column column) {
        var rows = jdbc.sql("select " + column.key() + ", " + column.secret() + " from " + column.table()
                        + " where " + column.secret() + " is not null")
                .query((rs, n) -> new Object[] {rs.getObject(1), rs.getString(2)}).list();
        int count = 0;
        for (Object[] row : rows) {
            String stored = ((String) row[1]).strip();
            String identity = column.identity(row[0].toString());
            if (box.isCurrent(stored)) {
                box.open(stored, identity); // the current key must open what it sealed
                continue;
            }
            String plain = box.open(stored, identity);
            count += jdbc.sql("update " + column.table() + " set " + column.secret() + " = :sealed where "
                            + column.key() + " = :key and " + column.secret() + " = :old")
                    .param("sealed", box.seal(plain, identity))
                    .param("key", row[0]).param("old", row[1]).update();
        }
        return count;
    }
}
