-- Locks bound to accounts (SPEC A3), shares (H3), pairing claims, and the commands the cloud relays
-- to a lock (B2, D1, H6): the desired state is the reported state plus the pending commands in order.

create table locks (
    id              uuid primary key,
    serial          varchar(64) not null,
    name            varchar(100) not null,
    owner_id        uuid not null references accounts (id) on delete cascade,
    paired_at       timestamp with time zone not null,
    online          boolean not null default false,
    seen_at         timestamp with time zone,
    reported        text,                      -- the lock's last LockState report, JSON
    reported_as_of  bigint,                    -- its asOf: the lock's event sequence when taken
    reported_at     timestamp with time zone,
    desired_version bigint not null default 0  -- the version of the newest command asked for
);
create unique index locks_serial on locks (serial);
create index locks_owner on locks (owner_id);

create table shares (
    lock_id    uuid not null references locks (id) on delete cascade,
    account_id uuid not null references accounts (id) on delete cascade,
    role       varchar(10) not null,             -- MANAGER or MEMBER
    created_at timestamp with time zone not null,
    primary key (lock_id, account_id)
);
create index shares_account on shares (account_id);

-- An account has submitted a lock's pairing QR; the lock completes the claim by proving it knows the
-- QR's secret. The secret is kept only for the claim's few minutes.
create table pairing_claims (
    serial      varchar(64) primary key,
    secret      varchar(100) not null,
    account_id  uuid not null references accounts (id) on delete cascade,
    name        varchar(100) not null,
    expires_at  timestamp with time zone not null,
    outcome     varchar(300)                     -- null while waiting; PAIRED or the refusal's reason
);

-- Secrets of completed pairings, as SHA-256: a QR code works once.
create table used_pairing_secrets (
    secret_hash char(64) primary key,
    used_at     timestamp with time zone not null
);

create table lock_commands (
    id           uuid primary key,
    lock_id      uuid not null references locks (id) on delete cascade,
    version      bigint not null,
    body         text not null,                  -- the LockCommand as JSON
    requested_by uuid references accounts (id) on delete set null,
    requested_at timestamp with time zone not null,
    status       varchar(10) not null,           -- PENDING, APPLIED, REFUSED
    reason       varchar(100),
    message      varchar(300),
    result_user  integer,
    sent_at      timestamp with time zone,
    completed_at timestamp with time zone
);
create unique index lock_commands_version on lock_commands (lock_id, version);
create index lock_commands_pending on lock_commands (status, lock_id, version);

-- The cloud's Ed25519 key that signs every command to a lock (the lock learns the public half at
-- pairing). One row, shared by every node. At scale this belongs in a key store; see docs/cloud.md.
create table signing_keys (
    name        varchar(50) primary key,
    private_key text not null,
    public_key  text not null,
    created_at  timestamp with time zone not null
);
