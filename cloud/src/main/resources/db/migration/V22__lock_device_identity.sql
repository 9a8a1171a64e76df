-- SPEC A3 (docs/security.md): the lock's device identity key (Ed25519, base64 X.509), recorded at its first
-- binding; only the same device may later take the serial to another account or fetch its login again.
alter table locks add column device_key varchar(100);
