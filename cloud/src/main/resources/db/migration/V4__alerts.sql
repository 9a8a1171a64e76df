-- Alerts (SPEC H4): one row per alerting event and per account that hears it (the owner and every
-- account the lock was shared with when the event arrived), each read or unread on its own.
-- The rest of the event stays in events (lock_id, seq); the lock's name is joined at read time.
-- The unique key makes "once per event" hold even if two nodes raced to store the same event.

create table alerts (
    id          uuid primary key,
    account_id  uuid not null references accounts (id) on delete cascade,
    lock_id     uuid not null,
    seq         bigint not null,
    kind        varchar(60) not null,             -- TAMPER, DURESS, SYSTEM_LOCKED, LOW_BATTERY, ... DOORBELL
    occurred_at timestamp with time zone not null, -- the event's time on the lock
    user_no     integer,                          -- the lock user concerned (a duress unlock's), if any
    raised_at   timestamp with time zone not null, -- when the cloud raised it: the list's order
    read_at     timestamp with time zone,
    foreign key (lock_id, seq) references events (lock_id, seq) on delete cascade
);
create unique index alerts_once on alerts (account_id, lock_id, seq);
create index alerts_account on alerts (account_id, raised_at);
