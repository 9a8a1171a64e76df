-- Issue 15, trust design §7: on a lock in trust mode a visitor's pairing code (SPEC E3) makes no cloud-signed
-- key. Redeeming it records the visitor's device as a request (its key, its id, who asked, when) on the invite
-- itself; an owner's or manager's device then signs a VISITOR grant (kwdg1) for that device with the invite's
-- period, and the invite is redeemed once the grant is stored (redeemed_at, redeemed_by, grant_id). One
-- request per invite: the code is claimed by the first account that redeems it. Runs on PostgreSQL and on H2
-- in PostgreSQL mode.
alter table bluetooth_invites add column requested_by uuid;
alter table bluetooth_invites add column requested_at timestamp with time zone;
alter table bluetooth_invites add column request_device_key varchar(300);
alter table bluetooth_invites add column request_device_id varchar(32);
alter table bluetooth_invites add column grant_id varchar(36);
alter table bluetooth_invites add constraint bluetooth_invites_requested_by foreign key (requested_by)
    references accounts (id) on delete set null;   -- the request goes, the code stays used
create index bluetooth_invites_request on bluetooth_invites (lock_id, request_device_id);
