-- Offline visitor passcodes (SPEC E1, E2; docs/visitor-passcodes.md). The cloud makes each lock's visitor
-- secret when it binds the lock and sends it in the pairing grant; the lock checks codes with it offline.
-- The issued codes are kept so the app can list and revoke them; the lock needs no list.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

alter table locks add column visitor_secret varchar(100);   -- base64url, 256 bits; null: paired before V5

create table visitor_codes (
    id          uuid primary key,
    lock_id     uuid not null references locks (id) on delete cascade,
    kind        varchar(10) not null,           -- ONE_TIME or PERIODIC
    start_hour  bigint not null,                -- whole hours since 2026-01-01T00:00Z (the code's CodeId)
    variant     integer not null,               -- one-time: serial; periodic: duration class * 2 + serial
    code        char(12) not null,              -- the digits the visitor types
    starts_at   timestamp with time zone not null,
    ends_at     timestamp with time zone not null,  -- the effective end (one-time: start + 6 h)
    name        varchar(100),                   -- the visitor, as the issuer wrote it
    created_by  uuid references accounts (id) on delete set null,
    created_at  timestamp with time zone not null,
    revoked_at  timestamp with time zone
);
create unique index visitor_codes_variant on visitor_codes (lock_id, kind, start_hour, variant);
create index visitor_codes_lock on visitor_codes (lock_id, created_at);
