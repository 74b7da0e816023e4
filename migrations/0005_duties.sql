-- Duties one process does for the whole bot (the account checks, the
-- server listing): a process holds a duty while its lease runs, renewing
-- it; when the holder dies the lease runs out and another takes it.

CREATE TABLE duty_leases (
    duty   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  TIMESTAMPTZ NOT NULL
);

-- What the servers were last told about each useapi account's state
-- (`subject`: a Midjourney channel id, or `*` for the whole account;
-- `told`: the state's label, NULL for fine), so a change is announced by
-- the first process to claim it and a new lease holder neither repeats
-- nor misses one.
CREATE TABLE account_announcements (
    account TEXT NOT NULL,
    subject TEXT NOT NULL,
    told    TEXT,
    told_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account, subject)
);
