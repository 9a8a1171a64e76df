-- The embedded MQTT broker's lock credentials (io.keyward.cloud.broker): username = client id = the
-- lock's serial. Only a SHA-256 of the password is kept: the password is 256 random bits, so there is
-- nothing to guess and no need for a slow hash, and a copy of this table does not let a lock connect.
-- Kept in the database, not the broker, so that they survive a restart and every cloud node sees them.
-- Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.

create table broker_credentials (
    username      varchar(32) primary key,
    password_hash char(64) not null,
    issued_at     timestamp with time zone not null
);
