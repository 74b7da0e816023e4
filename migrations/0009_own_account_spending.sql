-- The servers whose own useapi.net account a command spent, and when it
-- last did (each process records a server at most once an hour). The
-- holder of the account checks watches those accounts, whichever worker
-- ran the commands; a row older than a day is no longer read, and the
-- holder deletes it.

CREATE TABLE own_account_spending (
    guild_id BIGINT PRIMARY KEY,
    spent_at TIMESTAMPTZ NOT NULL
);
