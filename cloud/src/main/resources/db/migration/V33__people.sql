-- People across locks (issue 13 items 2-3, docs/people.md, SPEC B11). Runs unchanged on PostgreSQL and
-- on H2 in PostgreSQL mode.

-- The key of each owner's passcode hashes (HMAC-SHA256), sealed (secrets.SecretBox): the cloud compares
-- a new person's code with the others' without keeping any code in the clear.
create table people_keys (
    owner_id   uuid primary key references accounts (id) on delete cascade,
    hash_key   varchar(300) not null
);

create table people (
    id               uuid primary key,
    owner_id         uuid not null references accounts (id) on delete cascade,
    name             varchar(40) not null,
    contact          varchar(200),
    passcode_hash    varchar(64),          -- HMAC under people_keys.hash_key: conflicts between people
    passcode_sealed  varchar(500),         -- the code itself, sealed, only until every lock confirmed it
    validity         varchar(2000),        -- the schedule as JSON (LockCommand.Validity), null: always
    revision         bigint not null,      -- raised by every change of the schedule
    removing         boolean not null default false,
    created_at       timestamp with time zone not null
);
create index people_owner on people (owner_id);

-- One row per person and lock: the lock user the lock made for the person, and the sync state as the
-- lock's answers left it. command_id: the one command in flight for this row (the next waits for it).
create table person_locks (
    person_id          uuid not null references people (id) on delete cascade,
    lock_id            uuid not null references locks (id) on delete cascade,
    lock_user          integer,              -- null until the lock added the user
    state              varchar(16) not null, -- ON_LOCK, PENDING, FAILED
    reason             varchar(100),         -- FAILED: the lock's (or the cloud's) reason code
    message            varchar(300),
    since              timestamp with time zone not null,
    confirmed_version  bigint,               -- the lock's command version that confirmed the person
    confirmed_revision bigint not null default 0,
    command_id         uuid,
    command_revision   bigint,
    command_kind       varchar(16),          -- SENDING (claimed, being queued), ADD, SCHEDULE, REMOVE
    command_at         timestamp with time zone,
    removing           boolean not null default false,
    added_at           timestamp with time zone not null,
    primary key (person_id, lock_id)
);
create index person_locks_lock on person_locks (lock_id);
create index person_locks_command on person_locks (command_id);
