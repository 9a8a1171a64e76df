-- A person's passcode changed in place (issue 13, docs/people.md "Changing the passcode"): like the
-- schedule's revision, a revision of the code, and per lock the one the lock confirmed and the one the
-- command in flight carries. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
alter table people add column passcode_revision bigint not null default 0;
alter table person_locks add column confirmed_passcode bigint not null default 0;
alter table person_locks add column command_passcode bigint;
