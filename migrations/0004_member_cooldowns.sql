-- Each member's cooldown per server, shared by every process on the
-- database (HTTP workers behind a load balancer): a command is accepted by
-- one conditional upsert that starts the cooldown only where none runs.

CREATE TABLE member_cooldowns (
    guild_id  BIGINT NOT NULL CHECK (guild_id > 0),
    member_id BIGINT NOT NULL CHECK (member_id > 0),
    until     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, member_id)
);

CREATE INDEX member_cooldowns_until ON member_cooldowns (until);
