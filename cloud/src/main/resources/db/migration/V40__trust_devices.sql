-- Issue 15 (docs/trust.md; trust design §6, §7): the cloud alone cannot open a door.
-- trust_mode: the lock's last kept report listed at least one owner device (its ownerDevices); then the
-- commands of the design's §3 table need a device's signature, and the cloud refuses them early (428).
-- The list itself is read from the report (locks.reported), this flag only keeps the check one column.
alter table locks add column trust_mode boolean default false not null;

-- An account's devices (trust design §7): a browser profile's or a Java client's P-256 keys, registered so
-- that an owner's or manager's device can later sign a grant for a shared member's device. Public keys only.
create table account_devices (
    account_id    uuid not null references accounts (id) on delete cascade,
    device_id     varchar(22) not null,
    device_key    varchar(200) not null,
    agree_key     varchar(200) not null,
    name          varchar(40) not null,
    registered_at timestamp with time zone not null,
    primary key (account_id, device_id)
);
