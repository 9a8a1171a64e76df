-- Sign-in limits an attacker cannot turn against the owner (issue 10 finding 10a, docs/cloud.md
-- "Sign-in limits"). sign_in_failures now also holds 'pair:<email>|<address>' rows (the per-account
-- limit counts per address) besides 'account:<email>' (to notice an account under attack) and
-- 'address:<ip>'.

-- Addresses an account signed in from with the right password: they pass while the account is under
-- attack. Keyed by the normalized email, as the limits are (an unknown email has none).
create table sign_in_known_addresses (
    email         varchar(254) not null,
    address       varchar(64) not null,
    last_success  timestamp with time zone not null,
    primary key (email, address)
);

-- While an account is under attack, new addresses share one sign-in attempt per interval: the next
-- time one may try. One row per account, claimed with a conditional update so every node agrees.
create table sign_in_slowdown (
    email     varchar(254) primary key,
    next_try  timestamp with time zone not null
);

-- 'pair:<email>|<address>' is longer than the 300 characters V1 allowed ('account:<email>' was not).
alter table sign_in_failures alter column subject set data type varchar(400);
