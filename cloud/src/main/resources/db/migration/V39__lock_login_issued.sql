-- Issue 11 (a lock bound without a broker login never recovered): when the broker issued the lock's
-- login for its current binding. Null while the binding is committed but the broker has not answered.
-- Until the lock is seen on the broker after it (seen_at >= login_issued_at) the owner's next pairing of
-- that lock completes (with a fresh login) instead of "already yours". A lock bound before that the
-- cloud has seen on the broker had its login; one never seen may be one the defect stranded.
alter table locks add column login_issued_at timestamp with time zone;
update locks set login_issued_at = paired_at where seen_at is not null;
