-- The agent's inbox reads its own conversations and its queues' waiting ones as two
-- parts, each newest first from its own index (see repo::conversations::list).
CREATE INDEX conversations_agent_activity ON conversations (organization_id, agent_id, last_activity_at, id);
CREATE INDEX conversations_queue_activity ON conversations (organization_id, queue_id, status, last_activity_at, id);
