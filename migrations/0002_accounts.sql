-- A server's own useapi.net account: only its token's ciphertext, sealed
-- with the key `key_id` of SECRETS_KEY and bound to the server's id.

CREATE TABLE guild_accounts (
    guild_id    BIGINT PRIMARY KEY CHECK (guild_id > 0),
    key_id      TEXT NOT NULL,
    sealed      TEXT NOT NULL,
    verified_at BIGINT NOT NULL CHECK (verified_at >= 0),
    channels    INTEGER NOT NULL CHECK (channels >= 0)
);
