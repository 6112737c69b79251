-- Channels of real networks: routing webhooks to channels, channel health, templates,
-- and what the network said about each message (conversation, pricing).

-- Webhook URLs name only the channel: this directory finds its organization
-- (a reference table, like user_emails).
CREATE TABLE channel_routes (
    channel_id UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    kind TEXT NOT NULL
);
INSERT INTO channel_routes (channel_id, organization_id, kind) SELECT id, organization_id, kind FROM channels;

-- The network's ids, stored as given (DESIGN §3): WhatsApp phone_number_id and WABA id.
ALTER TABLE channels ADD COLUMN network_key TEXT;
ALTER TABLE channels ADD COLUMN network_account TEXT;
ALTER TABLE channels ADD COLUMN health JSONB;
CREATE INDEX channels_network_key ON channels (organization_id, kind, network_key);
CREATE INDEX channels_network_account ON channels (organization_id, kind, network_account);

ALTER TABLE messages ADD COLUMN network_info JSONB;

CREATE TABLE templates (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    waba_id TEXT NOT NULL,
    network_id TEXT NOT NULL,
    name TEXT NOT NULL,
    language TEXT,
    category TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    details JSONB NOT NULL,
    components JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX templates_network ON templates (organization_id, waba_id, network_id);
