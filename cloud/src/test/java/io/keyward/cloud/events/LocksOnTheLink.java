package io.keyward.cloud.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.keyward.cloud.TestLocks;
import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.broker.LockCredentials;
import io.keyward.cloud.events.EventIngestTest.LockClient;
import io.keyward.protocol.link.LinkMessages.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Locks on the real link for the ingest tests: each a row in locks, broker credentials and a {@link LockClient}. */
final class LocksOnTheLink implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");

    record Lock(UUID id, String serial, LockClient client) {
    }

    private final JdbcClient jdbc;
    private final BrokerEndpoint endpoint;
    private final LockCredentials credentials;
    private final List<LockClient> clients = new ArrayList<>();

    LocksOnTheLink(JdbcClient jdbc, BrokerEndpoint endpoint, LockCredentials credentials) {
        this.jdbc = jdbc;
        this.endpoint = endpoint;
        this.credentials = credentials;
    }

    Lock add(UUID owner) {
        UUID id = TestLocks.create(jdbc, owner);
        String serial = jdbc.sql("select serial from locks where id = :id").param("id", id).query(String.class).single();
        LockClient client = new LockClient(endpoint.lockUri(), serial, credentials.issue(serial));
        clients.add(client);
        return new Lock(id, serial, client);
    }

    static EventMessage unlock(long seq) {
        return new EventMessage(1, seq, T0.plusSeconds(seq), "UNLOCK", "PASSCODE", "OK", 1, "passcode-1", null, null, null);
    }

    static EventMessage tamper(long seq) {
        return new EventMessage(1, seq, T0.plusSeconds(seq), "ALARM", null, null, null, null, null, "TAMPER", null);
    }

    @Override
    public void close() {
        clients.forEach(LockClient::close);
    }
}
