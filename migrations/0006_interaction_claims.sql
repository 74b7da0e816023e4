-- Interactions claimed by the first process that saw them, so one that a
-- load balancer delivers again to another worker is not run twice. An
-- interaction token lives 15 minutes; a claim lasts as long. (Version 5 is
-- the duty leases.)

CREATE TABLE interaction_claims (
    interaction_id BIGINT PRIMARY KEY CHECK (interaction_id > 0),
    until          TIMESTAMPTZ NOT NULL
);

CREATE INDEX interaction_claims_until ON interaction_claims (until);
