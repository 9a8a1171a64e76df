package io.keyward.cloud.link;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;

import io.keyward.protocol.link.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts the messages from locks that were dropped because they do not read at all (docs/link.md,
 * issue 10 finding 1): one row of {@code link_drops} per lock and topic, with the latest reason and the
 * first bytes of the latest such message, so a drop is visible in the database and not only in the log.
 */
@Component
class LinkDrops {

    private static final Logger log = LoggerFactory.getLogger(LinkDrops.class);

    private static final int TEXT_MAX = 300;

    private final JdbcClient jdbc;
    private final Clock clock;

    LinkDrops(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A message that does not read is logged and counted, never acknowledged (it names no event to ack);
     * {@code count} such messages of one lock and topic at once (an event batch adds its drops in one go,
     * so a lock sending rubbish costs one write per batch, not one per message). A failure to count is
     * logged: the drop itself stands.
     */
    void dropped(String serial, Topics.Kind kind, String reason, byte[] payload, int count) {
        String topic = kind.name().toLowerCase();
        if (count == 1) {
            log.warn("{}: dropped a malformed {} message: {}", serial, topic, reason);
        } else {
            log.warn("{}: dropped {} malformed {} messages, the last: {}", serial, count, topic, reason);
        }
        try {
            record(serial, kind, reason, payload, count);
        } catch (RuntimeException e) {
            log.warn("{}: could not count the dropped {} message: {}", serial, topic, e.toString());
        }
    }

    /** Adds drops. Portable upsert (H2 and PostgreSQL): update, else insert, else (a race) update. */
    void record(String serial, Topics.Kind topic, String reason, byte[] payload, int count) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String why = text(reason == null ? "unreadable" : reason);
        String sample = text(new String(payload, StandardCharsets.UTF_8));
        String name = topic.name().toLowerCase();
        if (update(serial, name, why, sample, now, count) == 0 && insert(serial, name, why, sample, now, count) == 0) {
            update(serial, name, why, sample, now, count);
        }
    }

    private int update(String serial, String topic, String reason, String sample, OffsetDateTime now, int count) {
        return jdbc.sql("""
                update link_drops set drops = drops + :count, last_at = :now, last_reason = :reason, last_sample = :sample
                where serial = :serial and topic = :topic""")
                .param("count", count).param("now", now).param("reason", reason).param("sample", sample)
                .param("serial", serial).param("topic", topic)
                .update();
    }

    private int insert(String serial, String topic, String reason, String sample, OffsetDateTime now, int count) {
        return jdbc.sql("""
                insert into link_drops (serial, topic, drops, first_at, last_at, last_reason, last_sample)
                values (:serial, :topic, :count, :now, :now, :reason, :sample)
                on conflict do nothing""")
                .param("serial", serial).param("topic", topic).param("count", count).param("now", now)
                .param("reason", reason).param("sample", sample)
                .update();
    }

    /** Cut to the column, without NUL (PostgreSQL refuses it in text). */
    private static String text(String s) {
        String clean = s.replace('\0', '\uFFFD');
        return clean.length() <= TEXT_MAX ? clean : clean.substring(0, TEXT_MAX - 1) + "…";
    }
}
