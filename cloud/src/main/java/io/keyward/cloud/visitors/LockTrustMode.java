package io.keyward.cloud.visitors;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 15 (trust design §6): whether a lock is in trust mode, from what it reported: its last kept state
 * lists at least one owner device ({@code ownerDevices}). The one place the visitor codes ask it. (Branch
 * trust-cloud keeps the same answer in the column locks.trust_mode; at the merge this reads that.)
 */
@Component
class LockTrustMode {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    LockTrustMode(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    boolean of(UUID lock) {
        String reported = jdbc.sql("select reported from locks where id = :lock").param("lock", lock)
                .query(String.class).optional().orElse(null);
        if (reported == null || reported.isBlank()) {
            return false; // never reported: as before issue 15
        }
        JsonNode devices = json.readTree(reported).get("ownerDevices");
        return devices != null && devices.isArray() && !devices.isEmpty();
    }
}
