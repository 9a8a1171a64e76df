-- Secrets at rest (issue 10 item 5, docs/security.md): sealed values (kws1:KEYID:base64url of nonce,
-- ciphertext and tag) are longer than the plain ones; io.keyward.cloud.secrets.SecretsUpgrade seals
-- the existing plain rows on start.
alter table locks alter column visitor_secret type varchar(300);
alter table pairing_claims alter column secret type varchar(400);
alter table visitor_codes alter column code type varchar(200);
