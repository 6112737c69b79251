-- Conversation engine: queues and assignment, dispositions and fields, channels,
-- contacts, conversations, messages, files, quick replies and notifications.
-- organization_id leads every key and index (DESIGN §1).

ALTER TABLE campaigns ADD COLUMN default_queue_id BLOB;
ALTER TABLE campaigns ADD COLUMN assignment_method TEXT NOT NULL DEFAULT 'round_robin';
ALTER TABLE campaigns ADD COLUMN cancel_word TEXT NOT NULL DEFAULT 'salir';
ALTER TABLE campaigns ADD COLUMN inactivity_minutes BIGINT;
ALTER TABLE campaigns ADD COLUMN inactivity_disposition_id BLOB;
ALTER TABLE campaigns ADD COLUMN transfer_disposition_id BLOB;
ALTER TABLE campaigns ADD COLUMN mass_transfer_disposition_id BLOB;
ALTER TABLE campaigns ADD COLUMN agent_permissions TEXT;

CREATE TABLE queues (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    name TEXT NOT NULL,
    -- Counter kept in the transaction that queues or dequeues (DESIGN §3).
    waiting_count BIGINT NOT NULL,
    archived_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns (organization_id, id)
);
CREATE INDEX queues_campaign ON queues (organization_id, campaign_id);

CREATE TABLE queue_members (
    organization_id BLOB NOT NULL,
    queue_id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    -- Round robin turns within this queue.
    last_assigned_at INTEGER,
    PRIMARY KEY (organization_id, queue_id, user_id),
    FOREIGN KEY (organization_id, queue_id) REFERENCES queues (organization_id, id) ON DELETE CASCADE
);
CREATE INDEX queue_members_user ON queue_members (organization_id, user_id);

-- Per-agent counters the inbox reads on every request, kept in the same transaction.
CREATE TABLE agent_counters (
    organization_id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    assigned_count BIGINT NOT NULL,
    unread_conversations BIGINT NOT NULL,
    unread_messages BIGINT NOT NULL,
    last_assigned_at INTEGER,
    PRIMARY KEY (organization_id, user_id)
);

CREATE TABLE dispositions (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    project_id BLOB NOT NULL,
    name TEXT NOT NULL,
    archived_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id)
);
CREATE INDEX dispositions_project ON dispositions (organization_id, project_id);

CREATE TABLE campaign_dispositions (
    organization_id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    disposition_id BLOB NOT NULL,
    PRIMARY KEY (organization_id, campaign_id, disposition_id)
);

CREATE TABLE campaign_fields (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    required INTEGER NOT NULL,
    options TEXT NOT NULL,
    position BIGINT NOT NULL,
    archived_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX campaign_fields_campaign ON campaign_fields (organization_id, campaign_id, position);

CREATE TABLE channels (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    campaign_id BLOB NOT NULL,
    -- What may be shown; secrets live encrypted in `secrets` and never leave the server.
    config TEXT NOT NULL,
    secrets TEXT,
    bot_enabled INTEGER NOT NULL,
    status TEXT NOT NULL,
    archived_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns (organization_id, id)
);
CREATE INDEX channels_campaign ON channels (organization_id, campaign_id);

CREATE TABLE contacts (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    name TEXT,
    -- The main phone (E.164) and email, copied from the identities for lists and search.
    phone TEXT,
    email TEXT,
    -- Name, email and identities, lowercase without accents (DESIGN §3).
    search_key TEXT NOT NULL,
    attributes TEXT NOT NULL,
    exclusive_agent_id BLOB,
    unreachable INTEGER NOT NULL,
    last_interaction_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX contacts_recent ON contacts (organization_id, last_interaction_at, id);
CREATE INDEX contacts_phone ON contacts (organization_id, phone);
CREATE INDEX contacts_exclusive ON contacts (organization_id, exclusive_agent_id);

CREATE TABLE contact_identities (
    organization_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    contact_id BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, kind, value),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id)
);
CREATE INDEX contact_identities_contact ON contact_identities (organization_id, contact_id);

CREATE TABLE contact_tags (
    organization_id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (organization_id, contact_id, tag)
);
CREATE INDEX contact_tags_tag ON contact_tags (organization_id, tag, contact_id);

CREATE TABLE contact_notes (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    author_id BLOB,
    text TEXT NOT NULL,
    pinned INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX contact_notes_contact ON contact_notes (organization_id, contact_id, id);

CREATE TABLE conversations (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    channel_id BLOB NOT NULL,
    queue_id BLOB,
    agent_id BLOB,
    -- Waiting for the contact's exclusive agent only.
    reserved_for BLOB,
    status TEXT NOT NULL,
    closed_reason TEXT,
    disposition_id BLOB,
    closing_note TEXT,
    fields TEXT NOT NULL,
    unread_count BIGINT NOT NULL,
    last_activity_at INTEGER NOT NULL,
    last_message_preview TEXT,
    last_message_direction TEXT,
    last_contact_message_at INTEGER,
    -- REP-2's timestamps.
    opened_at INTEGER NOT NULL,
    queued_at INTEGER,
    assigned_at INTEGER,
    first_response_at INTEGER,
    closed_at INTEGER,
    closed_by BLOB,
    bot_paused INTEGER NOT NULL,
    transferred_from_id BLOB,
    transferred_to_id BLOB,
    -- Optimistic lock: every change is written only over the version it was computed from.
    version BIGINT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
-- At most one open conversation per contact and channel, even under concurrent webhooks.
CREATE UNIQUE INDEX conversations_open ON conversations (organization_id, channel_id, contact_id) WHERE closed_at IS NULL;
CREATE INDEX conversations_activity ON conversations (organization_id, last_activity_at, id);
CREATE INDEX conversations_status ON conversations (organization_id, status, last_activity_at, id);
CREATE INDEX conversations_agent ON conversations (organization_id, agent_id, status, last_activity_at, id);
CREATE INDEX conversations_queue ON conversations (organization_id, queue_id, status, queued_at, id);
CREATE INDEX conversations_campaign ON conversations (organization_id, campaign_id, status, last_activity_at, id);
CREATE INDEX conversations_channel ON conversations (organization_id, channel_id, status, last_activity_at, id);
CREATE INDEX conversations_contact ON conversations (organization_id, contact_id, opened_at);
CREATE INDEX conversations_closed ON conversations (organization_id, closed_at);

CREATE TABLE messages (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    conversation_id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    channel_id BLOB NOT NULL,
    direction TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT,
    search_key TEXT,
    -- Type-specific content (location, contacts, interactive, template, reaction) and raw payloads.
    payload TEXT NOT NULL,
    file_id BLOB,
    reply_to_id BLOB,
    author_id BLOB,
    network_id TEXT,
    status TEXT,
    error_code TEXT,
    error_title TEXT,
    -- Found still sending after a crash and sent again: it may have reached the contact twice.
    resent INTEGER NOT NULL,
    sent_at INTEGER,
    delivered_at INTEGER,
    read_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
-- Intake dedupes by the network's id (DESIGN §4); NULLs (notes, outbound not yet sent) never clash.
CREATE UNIQUE INDEX messages_network ON messages (organization_id, channel_id, network_id);
CREATE INDEX messages_conversation ON messages (organization_id, conversation_id, id);
CREATE INDEX messages_contact ON messages (organization_id, contact_id, id);

CREATE TABLE files (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    in_library INTEGER NOT NULL,
    created_by BLOB,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX files_library ON files (organization_id, in_library, id);

CREATE TABLE assignment_log (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    conversation_id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    from_agent_id BLOB,
    to_agent_id BLOB,
    from_queue_id BLOB,
    to_queue_id BLOB,
    source TEXT NOT NULL,
    actor_user_id BLOB,
    actor_name TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX assignment_log_conversation ON assignment_log (organization_id, conversation_id, id);
CREATE INDEX assignment_log_at ON assignment_log (organization_id, at);

CREATE TABLE quick_reply_categories (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX quick_reply_categories_name ON quick_reply_categories (organization_id, name);

CREATE TABLE quick_replies (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    category_id BLOB,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    search_key TEXT NOT NULL,
    created_by BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX quick_replies_category ON quick_replies (organization_id, category_id);

CREATE TABLE notifications (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    read_at INTEGER,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX notifications_user ON notifications (organization_id, user_id, id);
