-- An alert is once per event and kind (was: once per event): a webhook endpoint disabled after failing
-- to deliver an event (WEBHOOK_DISABLED, docs/webhooks.md) points at that event, which may already
-- have raised its own alarm for the same account. Still once per event for the alarms themselves.
drop index alerts_once;
create unique index alerts_once on alerts (account_id, lock_id, seq, kind);
