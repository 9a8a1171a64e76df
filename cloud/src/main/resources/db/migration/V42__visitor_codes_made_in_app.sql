-- Issue 15 (trust design §5): once a lock holds an owner device it makes a new visitor secret the cloud
-- never learns, and the owner's devices make its visitor codes in the app. The cloud keeps such a code's
-- id (kind, start hour, variant), period and name so the list and revoking work, and never its digits:
-- the cloud must not hold a code that opens. made_in_app rows have no code, and the check says so.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

alter table visitor_codes alter column code drop not null;
alter table visitor_codes add column made_in_app boolean default false not null;
alter table visitor_codes add constraint visitor_codes_app_no_digits check (made_in_app = false or code is null);
alter table visitor_codes add constraint visitor_codes_cloud_digits check (made_in_app = true or code is not null);
