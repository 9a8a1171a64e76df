package io.keyward.cloud.camera;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;

import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.link.CameraMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SPEC D8: the doorbell's snapshots, stored by (lock, event seq) and read through an account's alert
 * of that event: the owner and every shared account (H3, H4) have one each; anyone else finds nothing.
 * A picture that does not decode as an image is dropped and logged; a lock keeps its newest
 * {@value #KEPT_PER_LOCK}.
 */
@Repository
class DoorbellSnapshots {

    static final int KEPT_PER_LOCK = 50;
    private static final Logger log = LoggerFactory.getLogger(DoorbellSnapshots.class);

    static {
        System.setProperty("java.awt.headless", "true"); // ImageIO on a server: no display
    }

    private final JdbcClient jdbc;
    private final Locks locks;
    private final Clock clock;

    DoorbellSnapshots(JdbcClient jdbc, Locks locks, Clock clock, CameraLink link) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.clock = clock;
        link.storeIn(this);
    }

    /** A snapshot from the lock, already checked as a JPEG within the size limit. */
    void received(String serial, CameraMessages.Picture picture) {
        UUID lockId = locks.bySerial(serial).map(Locks.Lock::id).orElse(null);
        if (lockId == null) {
            log.info("{}: dropped a doorbell snapshot of a lock that is not bound here", serial);
            return;
        }
        if (!decodes(picture.jpeg())) {
            log.warn("{}: dropped doorbell snapshot {}: not a picture that decodes", serial, picture.seq());
            return;
        }
        try {
            jdbc.sql("""
                    insert into doorbell_snapshots (lock_id, seq, taken_at, jpeg, received_at)
                    values (:lock, :seq, :at, :jpeg, :now)""")
                    .param("lock", lockId)
                    .param("seq", picture.seq())
                    .param("at", picture.at().atOffset(ZoneOffset.UTC))
                    .param("jpeg", picture.jpeg())
                    .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException again) {
            return; // a QoS 1 message delivered twice: kept once
        }
        jdbc.sql("""
                delete from doorbell_snapshots where lock_id = :lock and seq < (
                    select min(seq) from (select seq from doorbell_snapshots where lock_id = :lock
                                          order by seq desc limit :kept) newest)""")
                .param("lock", lockId).param("kept", KEPT_PER_LOCK).update();
    }

    /** The snapshot of the account's alert, if the alert is its own, its lock still its, and the picture here. */
    Optional<byte[]> ofAlert(UUID account, UUID alert) {
        return jdbc.sql("""
                select s.jpeg from alerts a
                join locks l on l.id = a.lock_id
                join doorbell_snapshots s on s.lock_id = a.lock_id and s.seq = a.seq
                where a.id = :alert and a.account_id = :account
                  and (l.owner_id = a.account_id
                       or exists (select 1 from shares sh where sh.lock_id = a.lock_id and sh.account_id = a.account_id))""")
                .param("alert", alert)
                .param("account", account)
                .query(byte[].class)
                .optional();
    }

    /** Whether the alert is one of the account's DOORBELL alerts (its picture may still be on the way). */
    boolean isDoorbellAlertOf(UUID account, UUID alert) {
        return jdbc.sql("select count(*) from alerts where id = :alert and account_id = :account and kind = 'DOORBELL'")
                .param("alert", alert).param("account", account).query(Long.class).single() > 0;
    }

    private static boolean decodes(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg)) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
