package io.keyward.cloud.devices;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The account_devices table (V40): each account's devices, by their public keys only (issue 15, trust design §7). */
@Repository
class AccountDevices {

    /** At most this many devices per account: a person's phones and browsers, not a fleet. */
    static final int MAX_PER_ACCOUNT = 20;

    record Device(String deviceId, String deviceKey, String agreeKey, String name, OffsetDateTime registeredAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AccountDevices(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Registers the device, or, for one already registered (the same deviceId, so the same signing key), keeps
     * it and takes the name and agreement key given now. True when it is new.
     */
    boolean register(UUID account, Device device) {
        int updated = jdbc.sql("""
                update account_devices set agree_key = :agreeKey, name = :name
                where account_id = :account and device_id = :deviceId""")
                .param("agreeKey", device.agreeKey()).param("name", device.name())
                .param("account", account).param("deviceId", device.deviceId()).update();
        if (updated == 1) {
            return false;
        }
        try {
            jdbc.sql("""
                insert into account_devices (account_id, device_id, device_key, agree_key, name, registered_at)
                values (:account, :deviceId, :deviceKey, :agreeKey, :name, :at)""")
                .param("account", account).param("deviceId", device.deviceId()).param("deviceKey", device.deviceKey())
                .param("agreeKey", device.agreeKey()).param("name", device.name()).param("at", OffsetDateTime.now(clock))
                .update();
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return false; // registered at the same moment by another request: the same device
        }
        return true;
    }

    long count(UUID account) {
        return jdbc.sql("select count(*) from account_devices where account_id = :account").param("account", account)
                .query(Long.class).single();
    }

    List<Device> of(UUID account) {
        return jdbc.sql("""
                select device_id, device_key, agree_key, name, registered_at from account_devices
                where account_id = :account order by registered_at, device_id""")
                .param("account", account)
                .query((rs, row) -> new Device(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }
}
