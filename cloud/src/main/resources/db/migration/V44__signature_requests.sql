-- Issue 15 (docs/trust-cloud.md "Signature requests", docs/people.md "On a protected lock"): a command the
-- cloud would queue itself for a lock in trust mode (people across locks: ADD_USER, SET_VALIDITY,
-- REPLACE_PASSCODE), which the lock obeys only signed on an owner's device, waits here until a device signs
-- exactly it. The body is the command's LockCommands JSON, its secret (a passcode) sealed with
-- secrets.SecretBox under "signature_requests/<id>/body.<field>". Runs on PostgreSQL and on H2 in PostgreSQL mode.
create table signature_requests (
    id          uuid primary key,
    lock_id     uuid not null references locks (id) on delete cascade,
    account_id  uuid not null references accounts (id) on delete cascade,
    body        varchar(4000) not null,
    created_at  timestamp with time zone not null
);
create index signature_requests_lock on signature_requests (lock_id);

-- A person's row waiting for a signature (PENDING, why SIGNATURE): the request, and the schedule's and the
-- code's revisions and the kind (ADD, SCHEDULE, PASSCODE) of the command it holds, as command_* do for a
-- command in flight.
alter table person_locks add column signature_id uuid;
alter table person_locks add column signature_revision bigint;
alter table person_locks add column signature_passcode bigint;
alter table person_locks add column signature_kind varchar(16);
