package io.keyward.cloud.locks;

import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.keyward.cloud.broker.BrokerEndpoint;
import io.keyward.cloud.broker.LockCredentials;
import io.keyward.cloud.signing.CloudSigningKey;
import io.keyward.protocol.pairing.DeviceIdentity;
import io.keyward.protocol.pairing.PairingPayload;
import io.keyward.protocol.pairing.PairingProof;
import io.keyward.protocol.visitor.VisitorSecret;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC A3, the cloud's half of the pairing handshake (protocol {@link PairingProof}): an account
 * claims a lock with the text of its pairing QR; the lock, still in pairing mode, proves it knows the
 * QR's one-time secret and receives the cloud's signing key and its own broker login. The account
 * becomes the owner. Refused with a reason: an expired or used code, a lock with no administrator,
 * a lock still bound to another account.
 */
@Service
class Pairing {

    static final String PAIRED = "PAIRED";
    /** Open claims one serial may have at once (each needs an account and a QR of its own). */
    static final int MAX_OPEN_CLAIMS = 20;

    record Claim(String serial, String secret, UUID accountId, String name, OffsetDateTime expiresAt, String outcome) {
    }

    private final JdbcClient jdbc;
    private final Locks locks;
    private final LockCredentials credentials;
    private final BrokerEndpoint broker;
    private final CloudSigningKey signingKey;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SecretBox box;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Pairing.class);

    Pairing(JdbcClient jdbc, Locks locks, LockCredentials credentials, BrokerEndpoint broker,
            CloudSigningKey signingKey, TransactionTemplate transaction, Clock clock, SecretBox box) {
        this.box = box;
        this.jdbc = jdbc;
        this.locks = locks;
        this.credentials = credentials;
        this.broker = broker;
        this.signingKey = signingKey;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The account submits a pairing code; the lock completes the claim by itself. Returns the serial. */
    String claim(UUID account, String code, String name, String timeZone) {
        PairingPayload payload = parse(code);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!payload.expires().isAfter(now.toInstant())) {
            throw new ResponseStatusException(HttpStatus.GONE,
                    "this pairing code has expired: hold SET for 3 s to show a new one");
        }
        if (used(payload.secret())) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "this pairing code was used already");
        }
        locks.bySerial(payload.serial()).filter(lock -> lock.ownerId().equals(account))
                .filter(lock -> locks.resetAt(lock.id()).isEmpty()) // D7: a reset lock is added again
                .filter(lock -> loginConfirmed(lock.serial())) // issue 11: bound, but its login never used
                .ifPresent(mine -> {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "this lock is already yours");
        });
        transaction.executeWithoutResult(status -> {
            // the account's own earlier claim and expired ones go; other accounts' open claims stay (the
            // lock's proof picks the one whose secret it knows), up to a bound per serial
            jdbc.sql("delete from pairing_claims where serial = :serial and (account_id = :account or expires_at <= :now)")
                    .param("serial", payload.serial()).param("account", account).param("now", now).update();
            long open = jdbc.sql("select count(*) from pairing_claims where serial = :serial")
                    .param("serial", payload.serial()).query(Long.class).single();
            if (open >= MAX_OPEN_CLAIMS) {
                throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS,
                        "too many accounts are adding this lock right now: try again in a few minutes");
            }
            jdbc.sql("""
                    insert into pairing_claims (serial, secret, account_id, name, expires_at, time_zone)
                    values (:serial, :secret, :account, :name, :expires, :zone)""")
                    .param("zone", timeZone)
                    .param("serial", payload.serial())
                    .param("secret", box.seal(payload.secret(), RowIdentity.pairingSecret(payload.serial())))
                    .param("account", account)
                    .param("name", name == null || name.isBlank() ? payload.serial() : name.strip())
                    .param("expires", payload.expires().atOffset(ZoneOffset.UTC))
                    .update();
        });
        return payload.serial();
    }

    /**
     * The claim's outcome: empty while the lock has not answered, PAIRED, or why it was refused. PAIRED
     * once bound, before the broker issued the lock's login: waiting for that too made the app's wait
     * (20 s) run out under a pairing fleet on a loaded machine (FleetStormTest); a login that never
     * comes is mended by pairing again (issue 11, {@link #claim}).
     */
    Optional<String> outcome(String serial, UUID account) {
        return jdbc.sql("select outcome from pairing_claims where serial = :serial and account_id = :account")
                .param("serial", serial).param("account", account)
                .query(String.class).optional();
    }

    /**
     * Whether the lock's login for its current binding was issued (V39) and used: the lock was seen on the
     * broker since. A login issued whose answer never reached the lock (its request timed out) strands it
     * as surely as one never issued: both are paired again by the owner (issue 11).
     */
    private boolean loginConfirmed(String serial) {
        return jdbc.sql("select count(*) from locks where serial = :serial and login_issued_at is not null and seen_at >= login_issued_at")
                .param("serial", serial).query(Long.class).single() > 0;
    }

    /** The lock's request: a grant once an account has claimed it and the proof holds. */
    PairingProof.Grant complete(String serial, PairingProof.Request request) {
        List<Claim> claims = currentClaims(serial);
        if (claims.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no account has claimed this lock yet");
        }
        Claim claim = claims.stream().filter(c -> PairingProof.verify(c.secret(), serial, request.proof())).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN,
                        "the proof does not match the claimed pairing code"));
        if (request.deviceKey() != null
                && !DeviceIdentity.verify(request.deviceKey(), serial, request.proof(), request.deviceSignature())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the lock's device signature does not verify");
        }
        if (PAIRED.equals(claim.outcome()) && !sameDevice(serial, request)) {
            // someone else who read the QR: a fresh login would lock the real lock out, and the visitor secret open it
            throw new ResponseStatusException(HttpStatus.CONFLICT, "this lock was paired by another device");
        }
        if (!PAIRED.equals(claim.outcome())) {
            String refusal = transaction.execute(status -> bind(claim, request));
            if (refusal != null) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, refusal);
            }
        }
        // also when PAIRED already: the lock did not get (or lost) the answer, so it gets a fresh login
        // and the visitor secret made when it was bound (E1, E2)
        // and D7: when this binding was made, so the lock refuses the Bluetooth keys signed before it (an earlier binding's)
        Optional<Binding> binding = jdbc.sql("select visitor_secret, paired_at from locks where serial = :serial")
                .param("serial", serial).query(Binding.class).optional();
        String visitorSecret = box.open(binding.map(Binding::visitorSecret).orElse(null), RowIdentity.visitorSecret(serial));
        Long boundAt = binding.map(b -> b.pairedAt().toInstant().toEpochMilli()).orElse(null);
        return new PairingProof.Grant(signingKey.publicKey(), broker.lockUri(), issueLogin(serial), visitorSecret, boundAt);
    }

    /** What the grant tells the lock of its binding: the sealed visitor secret and when it was bound. */
    private record Binding(String visitorSecret, OffsetDateTime pairedAt) {
    }

    /**
     * The lock's broker login, after its binding committed. When the broker does not issue it (down, or
     * too slow), the binding stays without a login: the lock may ask again with the same code, and the
     * owner's next pairing of it completes (issue 11), so a lock is never stranded bound but unable to connect.
     */
    private String issueLogin(String serial) {
        String password;
        try {
            password = credentials.issue(serial);
        } catch (IllegalStateException brokerFailed) {
            log.warn("pairing {}: the broker did not issue the lock's login", serial, brokerFailed);
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                    "the broker did not issue this lock's login: try again");
        }
        jdbc.sql("update locks set login_issued_at = :now where serial = :serial")
                .param("now", OffsetDateTime.now(clock)).param("serial", serial).update();
        return password;
    }

    /** Binds the lock to the claiming account; returns the refusal, or null when bound. */
    private String bind(Claim claim, PairingProof.Request request) {
        String refusal = refusal(claim, request);
        if (refusal != null) {
            setOutcome(claim, refusal);
            return refusal;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        Optional<Locks.Lock> existing = locks.bySerial(claim.serial());
        if (existing.isPresent() && !existing.get().ownerId().equals(claim.accountId())) {
            // a factory-reset lock in new hands: the old binding, its shares and history go
            locks.delete(existing.get().id());
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            locks.insert(new Locks.Lock(UUID.randomUUID(), claim.serial(), claim.name(), claim.accountId(), now,
                    false, null, null, null, null, 0));
        }
        locks.clearReset(claim.serial()); // D7: bound again
        if (!request.linked()) {
            // D7: a lock that holds no binding (new, or reset) starts a new one now: the Bluetooth keys signed
            // before it are refused by the lock. A linked lock paired again keeps its binding and its keys.
            jdbc.sql("update locks set paired_at = :now where serial = :serial").param("now", now)
                    .param("serial", claim.serial()).update();
        }
        // issue 11: this binding has no broker login until the broker confirms one (issueLogin)
        jdbc.sql("update locks set login_issued_at = null where serial = :serial").param("serial", claim.serial()).update();
        // SPEC B10: the home's zone the app sent when the lock was added (management sends it to the lock)
        jdbc.sql("""
                update locks set time_zone = (select c.time_zone from pairing_claims c
                                              where c.serial = :serial and c.account_id = :account)
                where serial = :serial and exists (select 1 from pairing_claims c
                      where c.serial = :serial and c.account_id = :account and c.time_zone is not null)""")
                .param("serial", claim.serial()).param("account", claim.accountId()).update();
        if (request.deviceKey() != null) {
            // the first key seen for this binding (refusal() made sure it is the recorded one if any)
            jdbc.sql("update locks set device_key = :key where serial = :serial and device_key is null")
                    .param("key", request.deviceKey()).param("serial", claim.serial()).update();
        }
        // E1, E2: every binding gets a fresh visitor secret (a reset lock forgot the old one)
        jdbc.sql("update locks set visitor_secret = :secret where serial = :serial")
                .param("secret", box.seal(VisitorSecret.generate().toBase64Url(), RowIdentity.visitorSecret(claim.serial())))
                .param("serial", claim.serial()).update();
        jdbc.sql("delete from visitor_codes where lock_id in (select id from locks where serial = :serial)")
                .param("serial", claim.serial()).update(); // codes of the old secret open nothing any more
        jdbc.sql("insert into used_pairing_secrets (secret_hash, used_at) values (:hash, :now)")
                .param("hash", sha256(claim.secret())).param("now", now).update();
        setOutcome(claim, PAIRED);
        refuseOtherClaims(claim);
        return null;
    }

    private String refusal(Claim claim, PairingProof.Request request) {
        if (!request.administrator()) {
            return "the lock has no administrator: create one on the lock first";
        }
        if (used(claim.secret())) {
            return "this pairing code was used already";
        }
        boolean takenByAnother = locks.bySerial(claim.serial())
                .filter(lock -> !lock.ownerId().equals(claim.accountId())).isPresent();
        // A3: a lock bound to another account changes hands only once reset ("linked": false), and only if the
        // request comes from the same device as the binding (anyone can send "linked": false for a public serial)
        if (takenByAnother && (request.linked() || !sameDevice(claim.serial(), request))) {
            return "this lock is bound to another account: its owner must remove it, or the lock be reset";
        }
        // the owner's pairing again of a lock bound to them (issue 11: its login was never issued) comes from
        // the device the binding recorded, or someone who read the QR could take the new login and visitor secret
        if (locks.bySerial(claim.serial()).isPresent() && !sameDevice(claim.serial(), request)) {
            return "this lock was paired by another device";
        }
        return null;
    }

    /**
     * Whether the request comes from the device the lock's binding recorded. A binding made before
     * locks had device keys (none recorded) accepts any: the gap closes at that lock's next pairing.
     */
    private boolean sameDevice(String serial, PairingProof.Request request) {
        Optional<String> recorded = jdbc.sql("select device_key from locks where serial = :serial")
                .param("serial", serial).query(String.class).optional();
        return recorded.isEmpty() || recorded.get().equals(request.deviceKey());
    }

    private List<Claim> currentClaims(String serial) {
        return jdbc.sql("select * from pairing_claims where serial = :serial and expires_at > :now")
                .param("serial", serial).param("now", OffsetDateTime.now(clock))
                .query(Claim.class).list().stream()
                .map(c -> new Claim(c.serial(), box.open(c.secret(), RowIdentity.pairingSecret(c.serial())), c.accountId(),
                        c.name(), c.expiresAt(), c.outcome()))
                .toList();
    }

    private void setOutcome(Claim claim, String outcome) {
        // by account: an account holds at most one claim per serial (claim() drops its earlier one), and the
        // secret column holds the sealed form, which differs from the claim's opened secret
        jdbc.sql("update pairing_claims set outcome = :outcome where serial = :serial and account_id = :account")
                .param("outcome", outcome).param("serial", claim.serial()).param("account", claim.accountId()).update();
    }

    /** The lock paired with one claim: the other accounts' open claims of that serial end now. */
    private void refuseOtherClaims(Claim paired) {
        jdbc.sql("""
                update pairing_claims set outcome = :outcome
                where serial = :serial and account_id <> :account and outcome is null""")
                .param("outcome", "the lock was paired with another account's code")
                .param("serial", paired.serial()).param("account", paired.accountId()).update();
    }

    private boolean used(String secret) {
        return jdbc.sql("select count(*) from used_pairing_secrets where secret_hash = :hash")
                .param("hash", sha256(secret)).query(Long.class).single() > 0;
    }

    /** A pasted text that is no pairing code at all (issue 14: once said twice, "not a ...: not a ..."). */
    static final String NOT_A_CODE = "this is not a Keyward pairing code: scan the QR code the lock shows in pairing mode";
    /** A pairing code cut short in copying (issue 14: once "pairing code expiry is not a number"). */
    static final String INCOMPLETE = "the pairing code is incomplete: copy the whole text of the lock's QR code";
    static final String NEWER = "this pairing code is from a newer lock than this cloud knows";

    /** One plain sentence per way a code can be wrong; the parser's own reason is for logs, not people. */
    private static PairingPayload parse(String code) {
        String text = code == null ? "" : code.strip();
        try {
            return PairingPayload.parse(text);
        } catch (IllegalArgumentException e) {
            String reason = String.valueOf(e.getMessage());
            // a code naming one of the service's own MQTT names (threat 43), or not ours at all: not a lock's code
            String words = !text.startsWith("keyward://pair?") || reason.contains("reserved") || reason.contains("not a Keyward")
                    ? NOT_A_CODE
                    : reason.contains("version") ? NEWER : INCOMPLETE;
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, words);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
