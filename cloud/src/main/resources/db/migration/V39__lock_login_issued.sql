-- Issue 11 (a lock bound without a broker login never recovered): when the broker confirmed the lock's
-- login for its current binding. Null while the binding is committed but the broker has not answered:
-- the owner's next pairing of that lock then completes (with a fresh login) instead of "already yours",
-- and the app's wait for the pairing does not report it added. A lock bound before that the cloud has
-- seen on the broker had its login; one never seen may be one the defect stranded, and pairs again.
alter table locks add column login_issued_at timestamp with time zone;
update locks set login_issued_at = paired_at where seen_at is not null;
