-- A reset of a Midjourney channel's pendingModMessage at useapi.net, claimed
-- by the process that runs it, so that five admins pressing "Resolved:
-- reset" at once on several workers make one call. The claim is deleted
-- when the reset and the read after it are done; `until` frees it should
-- its process die meanwhile.

CREATE TABLE account_resets (
    account TEXT NOT NULL,
    channel TEXT NOT NULL,
    holder  TEXT NOT NULL,
    until   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account, channel)
);
