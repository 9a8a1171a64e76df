-- Doorbell snapshots (SPEC D8): the camera's picture taken when 🔔 was pressed, keyed by the lock and
-- the DOORBELL event's sequence number, so each alert of that event (one per account, H4) finds it.
-- No foreign key to events: the picture and the event travel on different topics and either may come
-- first. At most 44 KiB each (checked before storing; the brokers take packets of 64 KiB), and only the newest 50 of a lock are kept.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

create table doorbell_snapshots (
    lock_id     uuid not null references locks (id) on delete cascade,
    seq         bigint not null,
    taken_at    timestamp with time zone not null, -- on the lock's clock
    jpeg        bytea not null,
    received_at timestamp with time zone not null,
    primary key (lock_id, seq)
);
