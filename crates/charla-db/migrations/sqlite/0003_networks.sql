-- Channels of real networks: routing webhooks to channels, channel health, templates,
-- and what the network said about each message (conversation, pricing).

-- Webhook URLs name only the channel: this directory finds its organization
-- (a reference table, like user_emails).
CREATE TABLE channel_routes (
    channel_id BLOB PRIMARY KEY,
    organization_id BLOB NOT NULL,
    kind TEXT NOT NULL
);
INSERT INTO channel_routes (channel_id, organization_id, kind) SELECT id, organization_id, kind FROM channels;

-- The network's ids, stored as given (DESIGN §3): WhatsApp phone_number_id and WABA id.
ALTER TABLE channels ADD COLUMN network_key TEXT;
ALTER TABLE channels ADD COLUMN network_account TEXT;
ALTER TABLE channels ADD COLUMN health TEXT;
CREATE INDEX channels_network_key ON channels (organization_id, kind, network_key);
CREATE INDEX channels_network_account ON channels (organization_id, kind, network_account);

ALTER TABLE messages ADD COLUMN network_info TEXT;

CREATE TABLE templates (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    waba_id TEXT NOT NULL,
    network_id TEXT NOT NULL,
    name TEXT NOT NULL,
    language TEXT,
    category TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    details TEXT NOT NULL,
    components TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX templates_network ON templates (organization_id, waba_id, network_id);
