-- Synchronized unlock linking (SPEC F1; docs/cloud.md "Synchronized unlock"): a new link is PENDING until
-- an administrator credential of the linked lock opens it before confirm_before; then ACTIVE. Only ACTIVE
-- links relay (F2). Links made before F1 existed stay ACTIVE. Runs on PostgreSQL and H2 (PostgreSQL mode).

alter table sync_links add column status varchar(16) default 'ACTIVE' not null;
alter table sync_links add column confirm_before timestamp with time zone;
alter table sync_links add column confirmed_at timestamp with time zone;
