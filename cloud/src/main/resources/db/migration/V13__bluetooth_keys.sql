-- Bluetooth keys (SPEC C5, E3; docs/bluetooth.md, "Keys in the cloud and the app"). The cloud signs each
-- key (kwbk1.) with its Ed25519 command key for one account's device; the lock checks it offline. A
-- revoked key keeps its signed revocation (kwrv1.), which the cloud queues to the lock as a command and
-- every app carries to the lock over Bluetooth.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

create table bluetooth_keys (
    id          varchar(32) primary key,        -- the key id inside the token: 128 random bits, base64url (22)
    lock_id     uuid not null references locks (id) on delete cascade,
    account_id  uuid not null references accounts (id) on delete cascade,
    device_key  varchar(200) not null,          -- P-256 SPKI, base64url
    role        varchar(10) not null,           -- OWNER, MANAGER, MEMBER or VISITOR
    valid_from  timestamp with time zone not null,
    valid_until timestamp with time zone not null,   -- exclusive
    issued_at   timestamp with time zone not null,
    token       varchar(2048) not null,
    invite_id   uuid,                           -- the pairing code it was redeemed from (visitors)
    revoked_at  timestamp with time zone,
    revoked_by  uuid references accounts (id) on delete set null,
    revocation  varchar(1000)                   -- the signed kwrv1. token, once revoked
);
create index bluetooth_keys_lock on bluetooth_keys (lock_id, issued_at);
create index bluetooth_keys_account on bluetooth_keys (account_id, issued_at);

-- The owner's one-time pairing codes for visitors (E3). Only a SHA-256 of the code is kept: the code is
-- a bearer secret, shown once to the owner.
create table bluetooth_invites (
    id          uuid primary key,
    lock_id     uuid not null references locks (id) on delete cascade,
    code_hash   varchar(64) not null unique,    -- hex SHA-256 of the normalised code
    name        varchar(100),
    valid_from  timestamp with time zone not null,   -- the visitor key's period
    valid_until timestamp with time zone not null,
    expires_at  timestamp with time zone not null,   -- redeem before this (24 h after creation)
    created_by  uuid references accounts (id) on delete set null,
    created_at  timestamp with time zone not null,
    redeemed_at timestamp with time zone,
    redeemed_by uuid references accounts (id) on delete set null,
    key_id      varchar(32)
);
create index bluetooth_invites_lock on bluetooth_invites (lock_id, created_at);
