-- SPEC D7, issue 10 finding 3: when the lock was factory-reset at the door (it said so on its link
-- before leaving). A reset lock forgot this cloud: it is shown as reset, refuses remote unlock and
-- management with a reason, and is added again with a new pairing QR (which clears this).
alter table locks add column reset_at timestamp with time zone;
