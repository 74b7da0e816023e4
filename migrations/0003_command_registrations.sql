-- Which command set is registered in which server (a fingerprint of the
-- commands' JSON), so a restart with unchanged commands sends Discord
-- nothing, and processes starting together register each server once: a
-- process claims a server (`claimed_until`) before registering there.

CREATE TABLE command_registrations (
    guild_id      BIGINT PRIMARY KEY CHECK (guild_id > 0),
    fingerprint   TEXT NOT NULL,
    -- FALSE while a claim is in progress or after it failed.
    registered    BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_until TIMESTAMPTZ NOT NULL
);
