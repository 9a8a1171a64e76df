-- The home's time zone (issue 13 item 1, docs/people.md, SPEC B10): the IANA id the owner asked for, or
-- the app's zone when the lock was added; the lock stores its own TIME_ZONE setting and reports it, and
-- the API shows the lock's report first. Null: none asked for (the lock's own, else UTC).
alter table locks add column time_zone varchar(64);
alter table pairing_claims add column time_zone varchar(64);
