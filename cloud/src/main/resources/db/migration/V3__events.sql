-- Every event a lock reports (SPEC C9, H5), stored once per (lock, sequence number): the lock resends
-- what was not acknowledged, and the primary key absorbs the copies (insert ... on conflict do nothing).
-- The primary key's index also serves "newest first" (read backwards), with its cursor seq < :before,
-- so no second index on (lock_id, seq desc) is kept: it would only double the cost of every insert.
-- Columns are named occurred_at / user_no rather than at / user, which are keywords in SQL dialects.

create table events (
    lock_id     uuid not null references locks (id) on delete cascade,
    seq         bigint not null,                  -- the lock's sequence number, never reused
    occurred_at timestamp with time zone not null, -- the lock's clock
    kind        varchar(40) not null,             -- UNLOCK, LOCK, ALARM, DOORBELL ... (events.EventKinds)
    method      varchar(40),                      -- FACE, FINGERPRINT, PASSCODE, REMOTE, MECHANICAL_KEY ...
    result      varchar(20),                      -- OK or REFUSED
    user_no     integer,                          -- the lock user's number on the lock
    credential  varchar(40),                      -- passcode-1, fingerprint-2: an id, never a template (B9)
    reason      varchar(100),                     -- why it was refused
    alarm       varchar(60),                      -- for kind ALARM: TAMPER, DURESS, SYSTEM_LOCKED ...
    detail      varchar(1000),
    received_at timestamp with time zone not null, -- the cloud's clock: when it arrived
    primary key (lock_id, seq)
);
