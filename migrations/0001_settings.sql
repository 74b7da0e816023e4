-- mj-bridge's per-server settings: the same data as the mapping file.
-- Discord ids (snowflakes) are positive BIGINTs; Midjourney channel ids are
-- kept as the text the admin typed (17 to 20 digits).

CREATE TABLE guild_settings (
    guild_id      BIGINT PRIMARY KEY CHECK (guild_id > 0),
    default_mj    TEXT,
    audit_channel BIGINT CHECK (audit_channel > 0)
);

CREATE TABLE channel_mappings (
    guild_id   BIGINT NOT NULL CHECK (guild_id > 0),
    channel_id BIGINT NOT NULL CHECK (channel_id > 0),
    mj_channel TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

CREATE TABLE disabled_verbs (
    guild_id BIGINT NOT NULL CHECK (guild_id > 0),
    verb     TEXT NOT NULL,
    PRIMARY KEY (guild_id, verb)
);
