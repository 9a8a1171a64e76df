-- Issue 15, trust design §2 (kwdg1, kwdr1) and §7: grants of a lock, as an owner's or manager's device
-- signed them, and their revocations. The cloud relays and lists them; it signs none of them, and the
-- lock checks every one itself. A shared account's device waits in account_devices (V40) until a grant
-- for it is stored here. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
create table device_grants (
    grant_id    varchar(36) primary key,          -- the uuid inside the token
    lock_id     uuid not null references locks (id) on delete cascade,
    token       varchar(2048) not null,           -- kwdg1., verbatim
    holder_id   varchar(22) not null,             -- deviceId of the holder key
    holder_key  varchar(200) not null,
    account_id  uuid references accounts (id) on delete set null,  -- the account whose device holds it
    role        varchar(10) not null,             -- OWNER, MANAGER, MEMBER or VISITOR
    valid_from  timestamp with time zone not null,
    valid_until timestamp with time zone not null,  -- exclusive
    issued_at   timestamp with time zone not null,
    signer_id   varchar(22) not null,             -- deviceId of the signer
    parent_id   varchar(36),                      -- the signer's own grant, when the signer is not an owner device
    stored_by   uuid references accounts (id) on delete set null,
    stored_at   timestamp with time zone not null,
    revoked_at  timestamp with time zone,
    revoked_by  uuid references accounts (id) on delete set null,
    revocation  varchar(2048)                     -- the kwdr1. token, once revoked
);
create index device_grants_lock on device_grants (lock_id, stored_at);
create index device_grants_holder on device_grants (lock_id, holder_id);
