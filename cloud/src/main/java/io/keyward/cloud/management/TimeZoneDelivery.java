package io.keyward.cloud.management;

import java.util.Optional;

import io.keyward.cloud.link.LockCameOnline;
import io.keyward.cloud.locks.Locks;
import io.keyward.protocol.command.LockCommand;
import io.keyward.protocol.command.Setting;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The home's time zone reaches the lock (SPEC B10, docs/people.md): the zone the app sent when the lock
 * was added is queued as the lock's TIME_ZONE setting when it comes online, unless the lock already
 * reports it or a change of it is waiting. A zone the owner sets later goes through the settings endpoint.
 */
@Component
class TimeZoneDelivery {

    private final Locks locks;
    private final CommandQueue commands;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    TimeZoneDelivery(Locks locks, CommandQueue commands, JdbcClient jdbc, ObjectMapper json) {
        this.locks = locks;
        this.commands = commands;
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventListener
    void cameOnline(LockCameOnline online) {
        Optional<String> wanted = locks.timeZone(online.lockId());
        Optional<Locks.Lock> lock = locks.byId(online.lockId());
        if (wanted.isEmpty() || lock.isEmpty() || wanted.get().equals(reported(lock.get()))) {
            return;
        }
        long waiting = jdbc.sql("""
                select count(*) from lock_commands where lock_id = :lock and status = 'PENDING' and body like :zone""")
                .param("lock", online.lockId()).param("zone", "%" + Setting.TIME_ZONE.name() + "%")
                .query(Long.class).single();
        if (waiting == 0) {
            commands.ask(online.lockId(), lock.get().ownerId(), null,
                    new LockCommand.ChangeSetting(Setting.TIME_ZONE, wanted.get()));
        }
    }

    private String reported(Locks.Lock lock) {
        if (lock.reported() == null) {
            return null;
        }
        JsonNode zone = json.readTree(lock.reported()).at("/settings/TIME_ZONE");
        return zone.isString() ? zone.asString() : null;
    }

}
