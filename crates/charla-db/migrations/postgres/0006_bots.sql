-- Chatbots, surveys, out-of-hours contacts and agent absence (BOT-2..5, CONV-13).

-- A channel's chatbot settings (charla-domain::bots::settings); the on/off switch is
-- channels.bot_enabled.
CREATE TABLE chatbots (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    channel_id UUID NOT NULL,
    settings JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, channel_id)
);

-- Where the bot waits for this conversation's answer (charla-domain::bots::flow::Stage).
ALTER TABLE conversations ADD COLUMN bot_stage JSONB;
-- Queued outside hours: nobody gets it before this instant (BOT-2).
ALTER TABLE conversations ADD COLUMN held_until TIMESTAMPTZ;
-- The assigned agent's absence message went out in this conversation (CONV-13).
ALTER TABLE conversations ADD COLUMN absence_sent BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX conversations_held ON conversations (organization_id, held_until) WHERE held_until IS NOT NULL;

-- Everyone who wrote outside hours (BOT-3): one row per conversation.
CREATE TABLE out_of_hours_contacts (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    id UUID NOT NULL,
    campaign_id UUID NOT NULL,
    channel_id UUID NOT NULL,
    contact_id UUID NOT NULL,
    conversation_id UUID NOT NULL,
    wrote_at TIMESTAMPTZ NOT NULL,
    -- Whether the bot offered to call back, and the answer (NULL: none yet or none valid).
    callback_offered BOOLEAN NOT NULL,
    callback BOOLEAN,
    -- When a contact who asked for it was told that attention is available again.
    callback_notified_at TIMESTAMPTZ,
    message_sent_at TIMESTAMPTZ,
    message_sent_by UUID,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX out_of_hours_conversation ON out_of_hours_contacts (organization_id, conversation_id);
CREATE INDEX out_of_hours_recent ON out_of_hours_contacts (organization_id, wrote_at);

-- Surveys after an attention (BOT-5): sent, waiting at a stage, answered with a score.
CREATE TABLE surveys (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    id UUID NOT NULL,
    conversation_id UUID NOT NULL,
    contact_id UUID NOT NULL,
    channel_id UUID NOT NULL,
    campaign_id UUID NOT NULL,
    agent_id UUID,
    kind TEXT NOT NULL,
    -- charla-domain::bots::surveys::SurveyStage while it waits; NULL once over.
    stage JSONB,
    score BIGINT,
    sent_at TIMESTAMPTZ NOT NULL,
    answered_at TIMESTAMPTZ,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX surveys_conversation ON surveys (organization_id, conversation_id);
CREATE INDEX surveys_contact ON surveys (organization_id, channel_id, contact_id, sent_at);
CREATE INDEX surveys_sent ON surveys (organization_id, sent_at);

-- An agent's absence message, sent once per conversation to contacts who write (CONV-13).
CREATE TABLE agent_absences (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    user_id UUID NOT NULL,
    enabled BOOLEAN NOT NULL,
    message TEXT NOT NULL,
    suggested_contact TEXT,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by UUID NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
