-- Synchronized unlock (SPEC F1, F2; docs/cloud.md "Synchronized unlock"): opening lock_id from outside
-- also opens linked_lock_id, which relocks after its synchronization duration. One link per lock, one
-- direction; both locks have the same owner (checked when the link is made).
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

create table sync_links (
    lock_id        uuid primary key references locks (id) on delete cascade,
    linked_lock_id uuid not null references locks (id) on delete cascade,
    created_at     timestamp with time zone not null
);
create index sync_links_linked on sync_links (linked_lock_id);
