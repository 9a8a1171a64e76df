package io.keyward.lock.bluetooth;

import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.LockSide;
import io.keyward.protocol.bluetooth.Outcome;
import io.keyward.protocol.bluetooth.RadioRequest;
import io.keyward.protocol.bluetooth.RadioResponse;
import io.keyward.protocol.bluetooth.Refusal;
import io.keyward.protocol.bluetooth.RevokedKeys;
import io.keyward.protocol.bluetooth.SecureSession;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One lock's simulated Bluetooth radio (SPEC C5, E3; docs/bluetooth.md): the connections phones
 * open to it, each running the protocol's {@link LockSide} handshake and then a {@link SecureSession}.
 * The cryptography runs here, in the shell; what the lock does with a refusal or a request goes
 * through its core ({@link Host}). At most {@link #MAX_CONNECTIONS} connections are open (a new one
 * drops the oldest); one idle for {@link #IDLE} by the lock's clock is closed; all are dropped when
 * the lock loses power or is reset. Thread-safe: the table under this object's monitor (never held
 * while calling the host), each connection's protocol steps under its own.
 */
public final class BluetoothRadio {

    public static final int MAX_CONNECTIONS = 8;
    public static final Duration IDLE = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the radio needs of its lock. */
    public interface Host {
        Instant now();

        boolean powered();

        String serial();

        /** A copy of the lock's revoked keys. */
        RevokedKeys revokedKeys();

        /**
         * The lock's side of a new connection (issue 15: in trust mode cloud keys are refused and
         * device grant chains checked against the owner devices); null when the lock is not paired.
         */
        LockSide newLockSide();

        /**
         * Logs a refused handshake or record (key: the verified key it carried, or null; grant: it
         * is a device grant's leaf, not a cloud key).
         */
        void refused(Refusal reason, BluetoothKey key, boolean grant, String detail);

        /** What the lock answers to one request under key (chain: the session's device grant chain, null for a cloud key). */
        RadioResponse request(BluetoothKey key, String chain, RadioRequest request);

        /** A record that opened but holds no request: logged and answered MALFORMED. */
        void malformedRequest(BluetoothKey key, String reason);
    }

    /** What one radio call answers: 200 with a connection id and/or a message, or an error status. */
    public record Answer(int status, String connection, byte[] message, String reason, String error) {

        static Answer ok(String connection, byte[] message) {
            return new Answer(200, connection, message, null, null);
        }

        static Answer refused(Refusal reason, String error) {
            return new Answer(403, null, null, reason.name(), error);
        }

        static Answer noConnection() {
            return new Answer(404, null, null, null, "no such connection");
        }

        static Answer unreachable(String error) {
            return new Answer(503, null, null, null, error);
        }
    }

    private final Host host;
    private final Map<String, Connection> connections = new LinkedHashMap<>(); // oldest first
    private volatile boolean inRange = true;

    public BluetoothRadio(Host host) {
        this.host = Objects.requireNonNull(host);
    }

    // ------------------------------------------------------------------ range and connections

    /** Whether phones are within range (the simulation's switch); out of range drops every connection. */
    public void inRange(boolean inRange) {
        this.inRange = inRange;
        if (!inRange) {
            dropAll();
        }
    }

    public boolean inRange() {
        return inRange;
    }

    /** Open connections (idle ones past {@link #IDLE} are closed first). */
    public int connections() {
        Instant now = host.now();
        synchronized (this) {
            expire(now);
            return connections.size();
        }
    }

    /** Power loss or factory reset: every connection is gone. */
    public synchronized void dropAll() {
        connections.values().forEach(Connection::close);
        connections.clear();
    }

    // ------------------------------------------------------------------ the three messages

    /** Message 1: a new connection and the lock's hello, or the handshake's refusal. */
    public Answer hello(byte[] hello) {
        Answer unreachable = unreachable();
        if (unreachable != null) {
            return unreachable;
        }
        LockSide side = host.newLockSide();
        if (side == null) {
            host.refused(Refusal.NOT_PAIRED, null, false, "the lock is not paired with a cloud");
            return Answer.refused(Refusal.NOT_PAIRED, "the lock is not paired: it cannot check Bluetooth keys");
        }
        Instant now = host.now();
        Outcome<byte[]> lockHello = side.onHello(hello, now);
        if (!lockHello.isOk()) {
            return refuse(lockHello, side.presented(), side.presentedGrant());
        }
        String id = newId();
        synchronized (this) {
            expire(now);
            while (connections.size() >= MAX_CONNECTIONS) {
                Iterator<Connection> oldest = connections.values().iterator();
                oldest.next().close();
                oldest.remove();
            }
            connections.put(id, new Connection(side, now));
        }
        return Answer.ok(id, lockHello.value());
    }

    /** Message 3: the phone's proof; the session is up, or the connection is closed. */
    public Answer proof(String id, byte[] proof) {
        return onConnection(id, c -> {
            Outcome<SecureSession> session = c.closed ? Outcome.refused(Refusal.CLOSED, "closed") : c.side.onProof(proof);
            if (!session.isOk()) {
                remove(id);
                return session.reason() == Refusal.CLOSED ? Answer.noConnection()
                        : refuse(session, c.side.key(), c.side.presentedGrant());
            }
            c.session = session.value();
            return Answer.ok(null, null);
        });
    }

    /** A record with one request: the record with the lock's response; a bad record closes the connection. */
    public Answer record(String id, byte[] record) {
        return onConnection(id, c -> {
            if (c.closed) {
                return Answer.noConnection();
            }
            if (c.session == null) {
                remove(id);
                return refuse(Outcome.refused(Refusal.MALFORMED, "a record before the proof"), c.side.key(),
                        c.side.presentedGrant());
            }
            Outcome<byte[]> plaintext = c.session.open(record);
            if (!plaintext.isOk()) {
                remove(id);
                return refuse(plaintext, c.session.key(), c.session.chain() != null);
            }
            RadioResponse response = respond(c.session, plaintext.value());
            Outcome<byte[]> sealed = c.session.seal(response.toBytes());
            if (!sealed.isOk() || response.endsSession()) {
                remove(id); // the key no longer admits the phone: answered, then the session ends
            }
            return sealed.isOk() ? Answer.ok(null, sealed.value())
                    : Answer.refused(sealed.reason(), "the lock cannot answer on this connection");
        });
    }

    /**
     * Runs a step of an open connection, one step at a time per connection; out of range or an
     * unknown connection answers as the radio would, without touching any session.
     */
    private Answer onConnection(String id, Function<Connection, Answer> step) {
        Answer unreachable = unreachable();
        if (unreachable != null) {
            return unreachable;
        }
        Connection c = connection(id);
        if (c == null) {
            return Answer.noConnection();
        }
        synchronized (c) {
            return step.apply(c);
        }
    }

    private RadioResponse respond(SecureSession session, byte[] plaintext) {
        BluetoothKey key = session.key();
        RadioRequest request;
        try {
            request = RadioRequest.parse(plaintext);
        } catch (RadioRequest.Malformed e) {
            host.malformedRequest(key, e.getMessage());
            return RadioResponse.refused(Refusal.MALFORMED.name(), e.getMessage());
        }
        return host.request(key, session.chain(), request);
    }

    // ------------------------------------------------------------------ helpers

    private Answer unreachable() {
        if (!inRange) {
            return Answer.unreachable("out of Bluetooth range");
        }
        if (!host.powered()) {
            return Answer.unreachable("the lock has no power: its radio is off");
        }
        return null;
    }

    private Answer refuse(Outcome<?> refused, BluetoothKey key, boolean grant) {
        String detail = refused instanceof Outcome.Refused<?> r ? r.detail() : null;
        host.refused(refused.reason(), key, grant, detail);
        // issue 15: a grant's refusal answers the design's code (FORGED); a cloud key's as before (FORGED_TOKEN)
        String reason = grant ? refused.reason().code() : refused.reason().name();
        return new Answer(403, null, null, reason, "refused: " + (detail == null ? reason : detail));
    }

    /** The open connection with this id, its idle clock restarted; null when unknown, closed or idle too long. */
    private Connection connection(String id) {
        if (id == null) {
            return null;
        }
        Instant now = host.now();
        synchronized (this) {
            expire(now);
            Connection c = connections.get(id);
            if (c != null) {
                c.lastUsed = now;
            }
            return c;
        }
    }

    private synchronized void remove(String id) {
        Connection c = connections.remove(id);
        if (c != null) {
            c.close();
        }
    }

    private void expire(Instant now) {
        for (Iterator<Connection> it = connections.values().iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (!now.isBefore(c.lastUsed.plus(IDLE))) {
                c.close();
                it.remove();
            }
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One phone's connection: its handshake, then its session. */
    private static final class Connection {
        final LockSide side;
        volatile Instant lastUsed;
        volatile SecureSession session;
        volatile boolean closed;

        Connection(LockSide side, Instant now) {
            this.side = side;
            this.lastUsed = now;
        }

        void close() {
            closed = true;
            SecureSession s = session;
            if (s != null) {
                s.close();
            }
        }
    }
}
