package io.keyward.cloud.bluetooth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

import io.keyward.cloud.grants.VisitorRequests;
import io.keyward.protocol.bluetooth.BluetoothKey;
import io.keyward.protocol.bluetooth.KeyRole;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * SPEC E3: the owner's pairing codes for visitors, stored as their SHA-256 only, and their redemption
 * into a VISITOR key (once, within 24 hours, inside the code's period); on a lock in trust mode into a
 * visitor's request instead, which an owner's or manager's device answers with a grant (issue 15, trust
 * design §7; {@link InviteVisitorRequests}). See BluetoothInvitesController.
 */
@Service
class BluetoothInvites {

    /** A code to store; {@code code} in the clear, only its hash is kept. */
    record NewInvite(UUID id, UUID lock, String code, String name, OffsetDateTime validFrom,
                     OffsetDateTime validUntil, OffsetDateTime expiresAt, UUID createdBy, OffsetDateTime createdAt) {

        @Override
        public String toString() {
            return "NewInvite[id=" + id + ", code=(secret)]";
        }
    }

    private record Row(UUID id, UUID lockId, OffsetDateTime validFrom, OffsetDateTime validUntil,
                       OffsetDateTime expiresAt, OffsetDateTime redeemedAt, UUID requestedBy, String requestDeviceKey) {
    }

    /**
     * What redeeming a code gave: a cloud-signed key (key), or on a lock in trust mode the visitor's request,
     * waiting for an owner's or manager's device to sign its grant (request; issue 15, trust design §7).
     */
    record Redemption(BluetoothKeys.Row key, VisitorRequests.Request request) {
    }

    private final JdbcClient jdbc;
    private final BluetoothKeys keys;
    private final TransactionTemplate transaction;
    private final Clock clock;

    private final io.keyward.cloud.locks.Locks locks;
    private final io.keyward.cloud.locks.LockResets resets;
    private final InviteVisitorRequests requests;

    BluetoothInvites(JdbcClient jdbc, BluetoothKeys keys, TransactionTemplate transaction, Clock clock,
                     io.keyward.cloud.locks.Locks locks, io.keyward.cloud.locks.LockResets resets,
                     InviteVisitorRequests requests) {
        this.locks = locks;
        this.resets = resets;
        this.requests = requests;
        this.jdbc = jdbc;
        this.keys = keys;
        this.transaction = transaction;
        this.clock = clock;
    }

    void add(NewInvite invite) {
        jdbc.sql("""
                insert into bluetooth_invites (id, lock_id, code_hash, name, valid_from, valid_until, expires_at,
                                               created_by, created_at)
                values (:id, :lock, :hash, :name, :from, :until, :expires, :by, :now)""")
                .param("id", invite.id()).param("lock", invite.lock()).param("hash", hash(invite.code()))
                .param("name", invite.name()).param("from", invite.validFrom()).param("until", invite.validUntil())
                .param("expires", invite.expiresAt()).param("by", invite.createdBy()).param("now", invite.createdAt())
                .update();
    }

    /**
     * Turns a (normalised) code into a VISITOR key for the account's device, with the code's period; on a lock
     * in trust mode into the visitor's request instead (the same account and device asking again get the same
     * request). Refusals: 404 unknown code, 409 used already (or asked for by another visitor or device), 410
     * expired or its period over.
     */
    Redemption redeem(String code, UUID account, String device) {
        return transaction.execute(status -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            Row invite = jdbc.sql("""
                    select id, lock_id, valid_from, valid_until, expires_at, redeemed_at, requested_by, request_device_key
                    from bluetooth_invites where code_hash = :hash""").param("hash", hash(code)).query(Row.class).optional()
                    .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such pairing code"));
            resets.requireBound(invite.lockId()); // D7: a reset lock forgot this cloud; nothing redeemed opens it
            if (invite.redeemedAt() != null) {
                throw used();
            }
            if (invite.requestedBy() != null) {
                if (invite.requestedBy().equals(account) && device.equals(invite.requestDeviceKey())) {
                    return new Redemption(null, requests.of(invite.id()).orElseThrow());
                }
                throw used();
            }
            if (!invite.expiresAt().isAfter(now)) {
                throw new ResponseStatusException(HttpStatus.GONE,
                        "this pairing code has expired (24 hours to redeem): ask the owner for a new one");
            }
            if (!invite.validUntil().isAfter(now)) {
                throw new ResponseStatusException(HttpStatus.GONE, "this pairing code's period is over");
            }
            if (locks.trustMode(invite.lockId())) {
                // issue 15: a cloud-signed key would not open it; the owner's device grants this device instead
                if (!requests.claim(invite.id(), account, device, now)) {
                    throw used();
                }
                return new Redemption(null, requests.of(invite.id()).orElseThrow());
            }
            int claimed = jdbc.sql("""
                    update bluetooth_invites set redeemed_at = :now, redeemed_by = :me
                    where id = :id and redeemed_at is null""")
                    .param("now", now).param("me", account).param("id", invite.id()).update();
            if (claimed != 1) {
                throw used();
            }
            BluetoothKeys.Row issued = keys.issue(invite.lockId(), account, device, KeyRole.VISITOR,
                    invite.validFrom().toInstant(), invite.validUntil().toInstant(), invite.id());
            jdbc.sql("update bluetooth_invites set key_id = :key where id = :id")
                    .param("key", issued.id()).param("id", invite.id()).update();
            return new Redemption(issued, null);
        });
    }

    /** The name the owner gave the invite a key came from, if any. */
    String nameOf(UUID inviteId) {
        return jdbc.sql("select name from bluetooth_invites where id = :id")
                .param("id", inviteId).query(String.class).optional().orElse(null);
    }

    private static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("keyward-bluetooth-invite " + code).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of Java", e);
        }
    }

    private static ResponseStatusException used() {
        return new ResponseStatusException(HttpStatus.CONFLICT, "this pairing code was used already");
    }
}
