-- Broadcast reports (OUT-6): a template's origin (broadcast, conversation or API) is
-- counted by it; broadcasts keep their own table, so a message says only whether an API
-- token sent it ('api'; NULL for a person or the system).
ALTER TABLE messages ADD COLUMN origin TEXT;

-- The report reads templates sent in a period without scanning every message.
CREATE INDEX messages_templates_sent ON messages (organization_id, created_at) WHERE direction = 'outbound' AND kind = 'template';

-- A broadcast report reads recipients by departure; those that never left by failure time.
CREATE INDEX broadcast_recipients_departed ON broadcast_recipients (organization_id, departed_at);
CREATE INDEX broadcast_recipients_failed ON broadcast_recipients (organization_id, failed_at);

-- A broadcast's own opt-out word (besides BAJA, SAIR, STOP), upper-cased; NULL for none.
ALTER TABLE broadcasts ADD COLUMN opt_out_word TEXT;
