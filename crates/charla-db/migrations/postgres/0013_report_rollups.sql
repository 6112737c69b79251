-- Reports (issue 15, REP-2/REP-4): each conversation's figures (`conversation_facts`, one
-- row per ticket, rewritten in the transaction that changes the conversation) and their
-- sums per local day × campaign × channel × queue × agent (`conversation_rollups`), which
-- reports read so a 30-day report never scans conversations. A missing queue or agent is
-- the nil id (a key column cannot be NULL and still compare equal). `day` is the
-- organization's local date (YYYY-MM-DD), computed in Rust at write time. `fact` and
-- `totals` hold counters, exact sums and maxima (ms) and sparse log-scale histograms as
-- JSON (charla_domain::metrics).

-- The organization's time zone: the zone its days (reports, "today") follow. Existing
-- organizations take their first user's zone.
ALTER TABLE organizations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
UPDATE organizations SET time_zone = COALESCE(
    (SELECT u.time_zone FROM users u WHERE u.organization_id = organizations.id ORDER BY u.created_at LIMIT 1),
    'UTC');

CREATE TABLE conversation_facts (
    organization_id UUID NOT NULL,
    conversation_id UUID NOT NULL,
    day TEXT NOT NULL,
    campaign_id UUID NOT NULL,
    channel_id UUID NOT NULL,
    queue_id UUID NOT NULL,
    agent_id UUID NOT NULL,
    fact JSONB NOT NULL,
    PRIMARY KEY (organization_id, conversation_id)
);
CREATE INDEX conversation_facts_key ON conversation_facts (organization_id, day, campaign_id, channel_id, queue_id, agent_id);

CREATE TABLE conversation_rollups (
    organization_id UUID NOT NULL,
    day TEXT NOT NULL,
    campaign_id UUID NOT NULL,
    channel_id UUID NOT NULL,
    queue_id UUID NOT NULL,
    agent_id UUID NOT NULL,
    totals JSONB NOT NULL,
    -- Bumped first by every writer: on PostgreSQL it takes the row's lock, so two
    -- transactions recomputing the same rollup run one after the other.
    version BIGINT NOT NULL,
    PRIMARY KEY (organization_id, day, campaign_id, channel_id, queue_id, agent_id)
);
