package io.keyward.cloud.sharing;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The invitations table (V35): shares by email waiting for the account to exist or to follow the link. */
@Repository
class Invitations {

    enum Status { PENDING, ACCEPTED, WITHDRAWN }

    /** An invitation as the owner's list shows it (never its token). */
    record Invitation(UUID id, UUID lockId, String email, AccountRole role, OffsetDateTime createdAt,
                      OffsetDateTime expiresAt, Status status) {

        boolean expiredAt(OffsetDateTime now) {
            return !expiresAt.isAfter(now);
        }
    }

    /** What a link shows to whoever holds it: which lock, which email, and whether it still works. */
    record Found(UUID id, UUID lockId, String lockName, UUID ownerId, String email, AccountRole role,
                 OffsetDateTime expiresAt, Status status, UUID acceptedBy) {
    }

    private static final String COLUMNS = "i.id, i.lock_id, i.email, i.role, i.created_at, i.expires_at, i.status";

    private final JdbcClient jdbc;

    Invitations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @throws org.springframework.dao.DuplicateKeyException when an invitation for this email is pending on the lock
     */
    void add(UUID id, UUID lock, String email, AccountRole role, String tokenHash, UUID invitedBy,
             OffsetDateTime now, OffsetDateTime expires) {
        jdbc.sql("""
                insert into invitations (id, lock_id, email, role, token_hash, invited_by, created_at, expires_at,
                                         status, pending_email)
                values (:id, :lock, :email, :role, :hash, :by, :now, :expires, 'PENDING', :email)""")
                .param("id", id).param("lock", lock).param("email", email).param("role", role.name())
                .param("hash", tokenHash).param("by", invitedBy).param("now", now).param("expires", expires)
                .update();
    }

    /** Pending ones past their expiry stop holding the email's place, so a new invitation may be made. */
    void closeExpired(UUID lock, String email, OffsetDateTime now) {
        jdbc.sql("""
                update invitations set pending_email = null
                where lock_id = :lock and pending_email = :email and expires_at <= :now""")
                .param("lock", lock).param("email", email).param("now", now)
                .update();
    }

    /** Pending and not expired, oldest first: what the owner's sharing list shows beside the shares. */
    List<Invitation> pending(UUID lock, OffsetDateTime now) {
        return jdbc.sql("select " + COLUMNS + " from invitations i where i.lock_id = :lock and i.status = 'PENDING'"
                        + " and i.expires_at > :now order by i.created_at, i.email")
                .param("lock", lock).param("now", now)
                .query(Invitation.class)
                .list();
    }

    /** Pending and not expired invitations to an email, on any lock (a new account with that email takes them). */
    List<Invitation> pendingFor(String email, OffsetDateTime now) {
        return jdbc.sql("select " + COLUMNS + " from invitations i where i.pending_email = :email and i.status = 'PENDING'"
                        + " and i.expires_at > :now order by i.created_at")
                .param("email", email).param("now", now)
                .query(Invitation.class)
                .list();
    }

    Optional<Found> byToken(String tokenHash) {
        return jdbc.sql("""
                select i.id, i.lock_id, l.name as lock_name, l.owner_id, i.email, i.role, i.expires_at, i.status,
                       i.accepted_by
                from invitations i join locks l on l.id = i.lock_id
                where i.token_hash = :hash""")
                .param("hash", tokenHash)
                .query(Found.class)
                .optional();
    }

    /** Ends a pending invitation; false when it was not pending (accepted or withdrawn meanwhile: single use). */
    boolean end(UUID id, Status status, UUID acceptedBy, OffsetDateTime now) {
        return jdbc.sql("""
                update invitations set status = :status, ended_at = :now, accepted_by = :by, pending_email = null
                where id = :id and status = 'PENDING'""")
                .param("status", status.name()).param("now", now).param("by", acceptedBy).param("id", id)
                .update() == 1;
    }

    /** Withdraws a pending invitation of this lock; false when there is none by that id. */
    boolean withdraw(UUID lock, UUID id, OffsetDateTime now) {
        return jdbc.sql("""
                update invitations set status = 'WITHDRAWN', ended_at = :now, pending_email = null
                where id = :id and lock_id = :lock and status = 'PENDING' and expires_at > :now""")
                .param("now", now).param("id", id).param("lock", lock)
                .update() == 1;
    }

    /** A new link for a pending invitation: the old token stops working. */
    boolean renewToken(UUID lock, UUID id, String tokenHash, OffsetDateTime now) {
        return jdbc.sql("""
                update invitations set token_hash = :hash
                where id = :id and lock_id = :lock and status = 'PENDING' and expires_at > :now""")
                .param("hash", tokenHash).param("id", id).param("lock", lock).param("now", now)
                .update() == 1;
    }

    Optional<Invitation> find(UUID lock, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from invitations i where i.id = :id and i.lock_id = :lock")
                .param("id", id).param("lock", lock)
                .query(Invitation.class)
                .optional();
    }
}
