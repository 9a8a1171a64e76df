-- Issue 15, trust design §2 (kwdg1, kwdr1) and §7: what the grants lists and checks need beside V41's
-- device_grants (token, holder, signer, role, end) and grant_revocations (kwdr1 tokens): the holder's key
-- and account (SPEC H3: a grant goes to a device a shared account registered, within its sharing role),
-- the grant's start and issue time, and the parent grant of a manager-signed chain. The cloud signs
-- nothing here; the lock checks every token itself. Runs on PostgreSQL and on H2 in PostgreSQL mode.
alter table device_grants add column holder_key varchar(200);
alter table device_grants add column account_id uuid;
alter table device_grants add column valid_from timestamp with time zone;
alter table device_grants add column issued_at timestamp with time zone;
alter table device_grants add column parent_id varchar(36);   -- the signer's own grant, when it is not an owner device
alter table device_grants add constraint device_grants_account foreign key (account_id)
    references accounts (id) on delete set null;
create index device_grants_stored on device_grants (lock_id, stored_at);
