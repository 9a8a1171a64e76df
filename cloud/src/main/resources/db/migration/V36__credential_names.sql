-- Issue 14: a name per credential ("left index finger"), given in the app. The lock knows a credential
-- only by its id (fingerprint-1); the name is the cloud's, per lock, lock user and credential id. It is
-- dropped when the lock reports the credential or its user deleted, so a reused id starts unnamed.
create table credential_names (
    lock_id     uuid not null references locks (id) on delete cascade,
    user_no     integer not null,
    credential  varchar(20) not null,
    name        varchar(40) not null,
    named_by    uuid references accounts (id) on delete set null,
    named_at    timestamp with time zone not null,
    primary key (lock_id, user_no, credential)
);
