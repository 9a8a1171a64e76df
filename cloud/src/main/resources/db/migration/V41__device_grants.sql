-- Issue 15 (trust design §7): the cloud relays what the owner's devices sign. device_grants: kwdg1 tokens as a
-- device signed them, so another device of the account (or a shared member's) can fetch its chain;
-- grant_revocations: kwdr1 tokens, sent to the lock (REVOKE_GRANT) and listed for apps to carry over Bluetooth.
-- The lock checks every signature itself; these rows grant nothing without the holder's private key.
create table device_grants (
    lock_id     uuid not null references locks (id) on delete cascade,
    grant_id    varchar(36) not null,
    holder_id   varchar(22) not null,
    signer_id   varchar(22) not null,
    role        varchar(16) not null,
    valid_until timestamp with time zone not null,
    token       varchar(2048) not null,
    stored_by   uuid references accounts (id) on delete set null,
    stored_at   timestamp with time zone not null,
    primary key (lock_id, grant_id)
);
create index device_grants_holder on device_grants (lock_id, holder_id);

create table grant_revocations (
    lock_id     uuid not null references locks (id) on delete cascade,
    grant_id    varchar(36) not null,
    grant_until timestamp with time zone not null,
    token       varchar(2048) not null,
    revoked_by  uuid references accounts (id) on delete set null,
    revoked_at  timestamp with time zone not null,
    primary key (lock_id, grant_id)
);
