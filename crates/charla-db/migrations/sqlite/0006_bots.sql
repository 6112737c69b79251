-- Chatbots, surveys, out-of-hours contacts and agent absence (BOT-2..5, CONV-13).

-- A channel's chatbot settings (charla-domain::bots::settings); the on/off switch is
-- channels.bot_enabled.
CREATE TABLE chatbots (
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    channel_id BLOB NOT NULL,
    settings TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, channel_id)
);

-- Where the bot waits for this conversation's answer (charla-domain::bots::flow::Stage).
ALTER TABLE conversations ADD COLUMN bot_stage TEXT;
-- Queued outside hours: nobody gets it before this instant (BOT-2).
ALTER TABLE conversations ADD COLUMN held_until INTEGER;
-- The assigned agent's absence message went out in this conversation (CONV-13).
ALTER TABLE conversations ADD COLUMN absence_sent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conversations_held ON conversations (organization_id, held_until) WHERE held_until IS NOT NULL;

-- Everyone who wrote outside hours (BOT-3): one row per conversation.
CREATE TABLE out_of_hours_contacts (
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    channel_id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    conversation_id BLOB NOT NULL,
    wrote_at INTEGER NOT NULL,
    -- Whether the bot offered to call back, and the answer (NULL: none yet or none valid).
    callback_offered INTEGER NOT NULL,
    callback INTEGER,
    -- When a contact who asked for it was told that attention is available again.
    callback_notified_at INTEGER,
    message_sent_at INTEGER,
    message_sent_by BLOB,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX out_of_hours_conversation ON out_of_hours_contacts (organization_id, conversation_id);
CREATE INDEX out_of_hours_recent ON out_of_hours_contacts (organization_id, wrote_at);

-- Surveys after an attention (BOT-5): sent, waiting at a stage, answered with a score.
CREATE TABLE surveys (
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    conversation_id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    channel_id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    agent_id BLOB,
    kind TEXT NOT NULL,
    -- charla-domain::bots::surveys::SurveyStage while it waits; NULL once over.
    stage TEXT,
    score INTEGER,
    sent_at INTEGER NOT NULL,
    answered_at INTEGER,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX surveys_conversation ON surveys (organization_id, conversation_id);
CREATE INDEX surveys_contact ON surveys (organization_id, channel_id, contact_id, sent_at);
CREATE INDEX surveys_sent ON surveys (organization_id, sent_at);

-- An agent's absence message, sent once per conversation to contacts who write (CONV-13).
CREATE TABLE agent_absences (
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    user_id BLOB NOT NULL,
    enabled INTEGER NOT NULL,
    message TEXT NOT NULL,
    suggested_contact TEXT,
    updated_at INTEGER NOT NULL,
    updated_by BLOB NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
