-- Invitations (SPEC H3, issue 14 item 4): every share by email is recorded as an invitation with a
-- link the owner sends; an account that exists is shared at once (the invitation is then accepted at
-- once), one that does not gets the share when it signs up with that email or follows the link.
-- The link's token is kept only as SHA-256: the database alone cannot make a working link.
create table invitations (
    id            uuid primary key,
    lock_id       uuid not null references locks (id) on delete cascade,
    email         varchar(254) not null,            -- normalized (trimmed, lower case)
    role          varchar(10) not null,             -- MANAGER or MEMBER
    token_hash    varchar(64) not null,
    invited_by    uuid not null references accounts (id) on delete cascade,
    created_at    timestamp with time zone not null,
    expires_at    timestamp with time zone not null,
    status        varchar(10) not null,             -- PENDING, ACCEPTED, WITHDRAWN
    ended_at      timestamp with time zone,
    accepted_by   uuid references accounts (id) on delete set null,
    -- the email while PENDING, null after: one pending invitation per lock and email (NULLs never clash)
    pending_email varchar(254)
);
create unique index invitations_token on invitations (token_hash);
create unique index invitations_one_pending on invitations (lock_id, pending_email);
create index invitations_email on invitations (pending_email);
