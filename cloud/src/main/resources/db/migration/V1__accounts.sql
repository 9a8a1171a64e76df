-- Accounts, their sign-in sessions and API tokens, and failed sign-ins.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

create table accounts (
    id            uuid primary key,
    email         varchar(254) not null,     -- trimmed and lower-cased before it gets here
    display_name  varchar(100) not null,
    password_hash varchar(200) not null,     -- Argon2id, self-describing ($argon2id$v=19$m=...)
    created_at    timestamp with time zone not null
);
create unique index accounts_email on accounts (email);

-- Only a SHA-256 of the cookie value is stored: a copy of this table does not let anyone sign in.
create table sessions (
    id_hash     char(64) primary key,
    account_id  uuid not null references accounts (id) on delete cascade,
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null
);
create index sessions_account on sessions (account_id);

-- Bearer tokens for API clients; as for sessions, only the SHA-256 of the secret is kept.
create table api_tokens (
    id          uuid primary key,
    account_id  uuid not null references accounts (id) on delete cascade,
    name        varchar(100) not null,
    token_hash  char(64) not null,
    created_at  timestamp with time zone not null
);
create unique index api_tokens_hash on api_tokens (token_hash);
create index api_tokens_account on api_tokens (account_id);

-- One row per failed sign-in, keyed by subject ('account:<email>' or 'address:<ip>'). Kept in the
-- database, not in memory, so that the limits hold across every node behind the load balancer.
create table sign_in_failures (
    subject    varchar(300) not null,
    failed_at  timestamp with time zone not null
);
create index sign_in_failures_subject on sign_in_failures (subject, failed_at);
