-- Nothing a lock sends as an event is lost (SPEC H5, issue 10 finding 1). The columns are wide enough
-- for what the lock's own model writes (its kinds, methods, results and alarms are short codes, a
-- credential is an id, a reason a code, detail its own words, a few hundred characters); a longer
-- field (another firmware, a bug, or a detail echoing a forged command's id of up to the link's
-- 16 KiB) is stored cut, ending in "…", and the row says which fields were cut and how long they were
-- (truncated, e.g. "alarm:366"), never refused.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

alter table events alter column kind set data type varchar(100);
alter table events alter column method set data type varchar(100);
alter table events alter column result set data type varchar(100);
alter table events alter column credential set data type varchar(200);
alter table events alter column reason set data type varchar(200);
alter table events alter column alarm set data type varchar(100);
alter table events alter column detail set data type varchar(4000);
alter table events add column truncated varchar(200);

-- An alarm's alert is named by its alarm (alerts.AlertRaiser): as wide as events.alarm.
alter table alerts alter column kind set data type varchar(100);

-- Messages from locks that were logged and dropped because they do not read at all (not JSON, the
-- wrong fields or types, an event with no kind, time or sequence number): one row per lock and topic,
-- counted, with the latest reason and the first bytes of the latest such message, so that a drop is
-- visible in the database and not only in a log (docs/link.md). Nothing here is acknowledged.
create table link_drops (
    serial      varchar(64) not null,
    topic       varchar(20) not null,
    drops       bigint not null,
    first_at    timestamp with time zone not null,
    last_at     timestamp with time zone not null,
    last_reason varchar(300) not null,
    last_sample varchar(300) not null,
    primary key (serial, topic)
);
