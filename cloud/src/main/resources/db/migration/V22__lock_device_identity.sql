-- SPEC A3 (docs/security.md): the lock's device identity key (Ed25519, base64 X.509), recorded at its first
-- binding; only the same device may later take the serial to another account or fetch its login again.
alter table locks add column device_key varchar(100);

-- SPEC A3: several accounts may hold an open claim for one serial (anyone can make a QR for a known
-- serial); the lock's proof picks the claim whose secret it knows, so a competing claim never
-- displaces the owner's. Rebuilt rather than altered: dropping a primary key is named differently on
-- H2 and PostgreSQL.
create table pairing_claims_by_secret (
    serial      varchar(64) not null,
    secret      varchar(400) not null, -- sealed at rest (V19)
    account_id  uuid not null references accounts (id) on delete cascade,
    name        varchar(100) not null,
    expires_at  timestamp with time zone not null,
    outcome     varchar(300),
    primary key (serial, secret)
);
insert into pairing_claims_by_secret (serial, secret, account_id, name, expires_at, outcome)
    select serial, secret, account_id, name, expires_at, outcome from pairing_claims;
drop table pairing_claims;
alter table pairing_claims_by_secret rename to pairing_claims;
