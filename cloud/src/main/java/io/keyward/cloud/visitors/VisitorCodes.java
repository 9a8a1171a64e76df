package io.keyward.cloud.visitors;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.keyward.cloud.secrets.RowIdentity;
import io.keyward.cloud.secrets.SecretBox;
import io.keyward.protocol.visitor.CodeId;
import io.keyward.protocol.visitor.VisitorKind;
import io.keyward.protocol.visitor.VisitorSecret;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The visitor codes a lock's managers issued (SPEC E1, E2), and the lock's visitor secret they are made
 * from. The digits open the door: stored sealed (issue 10 item 5), opened only for the API's answer.
 */
@Repository
class VisitorCodes {

    /**
     * A stored code; {@code code} is sealed (see {@link #digits}), null for a code made in the app (issue 15:
     * madeInApp, the cloud never held its digits).
     */
    record Row(UUID id, String kind, long startHour, int variant, String code, OffsetDateTime startsAt,
               OffsetDateTime endsAt, String name, UUID createdBy, OffsetDateTime createdAt,
               OffsetDateTime revokedAt, boolean madeInApp) {

        CodeId codeId() {
            return new CodeId(VisitorKind.valueOf(kind), startHour, variant);
        }
    }

    /** A code to store: its digits in the clear, sealed on the way in. */
    record NewCode(UUID id, UUID lock, String kind, long startHour, int variant, String digits,
                   OffsetDateTime startsAt, OffsetDateTime endsAt, String name, UUID createdBy, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final SecretBox box;

    VisitorCodes(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** The variants issued already for this kind and start hour (each may be issued once). */
    Set<Integer> variantsTaken(UUID lock, String kind, long startHour) {
        return new HashSet<>(jdbc.sql("""
                        select variant from visitor_codes where lock_id = :lock and kind = :kind and start_hour = :start""")
                .param("lock", lock).param("kind", kind).param("start", startHour)
                .query(Integer.class).list());
    }

    /** @return false when the same variant was issued meanwhile by another request */
    boolean insert(NewCode c) {
        try {
            jdbc.sql("""
                    insert into visitor_codes (id, lock_id, kind, start_hour, variant, code, starts_at, ends_at, name,
                                               created_by, created_at)
                    values (:id, :lock, :kind, :startHour, :variant, :code, :startsAt, :endsAt, :name, :by, :now)""")
                    .param("id", c.id()).param("lock", c.lock()).param("kind", c.kind())
                    .param("startHour", c.startHour()).param("variant", c.variant())
                    .param("code", box.seal(c.digits(), RowIdentity.visitorCode(c.id().toString())))
                    .param("startsAt", c.startsAt()).param("endsAt", c.endsAt()).param("name", c.name())
                    .param("by", c.createdBy()).param("now", c.createdAt())
                    .update();
            return true;
        } catch (DuplicateKeyException issuedMeanwhile) {
            return false;
        }
    }

    /**
     * Issue 15 (trust design §5): a code an owner's device made in the app, by its id alone: no digits.
     *
     * @return false when this variant of the kind and start hour was made before (each opens a different door day)
     */
    boolean insertMadeInApp(UUID id, UUID lock, CodeId code, OffsetDateTime startsAt, OffsetDateTime endsAt,
                            String name, UUID by, OffsetDateTime now) {
        try {
            jdbc.sql("""
                    insert into visitor_codes (id, lock_id, kind, start_hour, variant, code, starts_at, ends_at, name,
                                               created_by, created_at, made_in_app)
                    values (:id, :lock, :kind, :startHour, :variant, null, :startsAt, :endsAt, :name, :by, :now, true)""")
                    .param("id", id).param("lock", lock).param("kind", code.kind().name())
                    .param("startHour", code.startHour()).param("variant", code.variant())
                    .param("startsAt", startsAt).param("endsAt", endsAt).param("name", name).param("by", by).param("now", now)
                    .update();
            return true;
        } catch (DuplicateKeyException madeBefore) {
            return false;
        }
    }

    /** Newest first. */
    List<Row> of(UUID lock) {
        return jdbc.sql("select * from visitor_codes where lock_id = :lock order by created_at desc, start_hour desc, id")
                .param("lock", lock).query(Row.class).list();
    }

    Optional<Row> find(UUID lock, UUID id) {
        return jdbc.sql("select * from visitor_codes where lock_id = :lock and id = :id")
                .param("lock", lock).param("id", id).query(Row.class).optional();
    }

    /**
     * When each visitor passcode of the lock first opened it, by the code's id as the lock's events name
     * it (UNLOCK, OK, VISITOR_PASSCODE, detail "ONE_TIME/8111/0"): what the lock reported, not a guess.
     */
    Map<String, OffsetDateTime> firstUses(UUID lock) {
        Map<String, OffsetDateTime> used = new HashMap<>();
        jdbc.sql("""
                select detail, min(occurred_at) as first_used from events
                where lock_id = :lock and kind = 'UNLOCK' and result = 'OK' and method = 'VISITOR_PASSCODE'
                  and detail is not null
                group by detail""")
                .param("lock", lock)
                .query((rs, n) -> Map.entry(rs.getString("detail"), rs.getObject("first_used", OffsetDateTime.class)))
                .list().forEach(e -> used.put(e.getKey(), e.getValue()));
        return used;
    }

    /** @return true when this call revoked it, false when it was revoked before */
    boolean revoke(UUID id, OffsetDateTime now) {
        return jdbc.sql("update visitor_codes set revoked_at = :now where id = :id and revoked_at is null")
                .param("now", now).param("id", id).update() == 1;
    }

    /** The code's digits, opened from their seal; null for a code made in the app (the cloud never had them). */
    String digits(Row r) {
        if (r.madeInApp() || r.code() == null) {
            return null;
        }
        return box.open(r.code().strip(), RowIdentity.visitorCode(r.id().toString()));
    }

    /** The lock's visitor secret, shared with it at pairing; empty for a lock paired before visitor passcodes. */
    Optional<VisitorSecret> secretOf(UUID lock) {
        String[] row = jdbc.sql("select serial, visitor_secret from locks where id = :lock").param("lock", lock)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional().orElse(new String[2]);
        String text = row[1] == null ? null : box.open(row[1], RowIdentity.visitorSecret(row[0]));
        return Optional.ofNullable(text).map(VisitorSecret::fromBase64Url);
    }
}
