-- The login guard (issue 12): failed logins and recovery requests counted per email
-- address, for every address anyone types, whether an account holds it or not, so the
-- answers (401, 423, 429) never tell a stranger which accounts exist. Like user_emails it
-- is a directory across organizations (an email logs into whichever organization holds
-- it), so email_hash alone is the key; it is the SHA-256 of the normalized address, so
-- the addresses strangers try are not kept in clear. Counts change in one statement each
-- (INSERT … ON CONFLICT DO UPDATE … RETURNING), so parallel attempts cannot lose any.
-- Rows idle for a day and not locked are purged.
CREATE TABLE login_guard (
    email_hash TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    locked_until TIMESTAMPTZ,
    recoveries BIGINT NOT NULL,
    recoveries_since TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_guard_updated ON login_guard (updated_at);

-- First run: POST /setup claims this table's one row in the transaction that creates the
-- first organization, so two set-ups racing on a fresh install cannot both succeed (the
-- second waits for the first and then fails on the key). Not per organization either.
CREATE TABLE setup_claim (
    claim TEXT PRIMARY KEY,
    organization_id UUID NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
