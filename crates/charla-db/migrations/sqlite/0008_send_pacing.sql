-- The outbox's pacing (CH-1), shared by every node: each sender's theoretical arrival time
-- (a channel's throughput, or one WhatsApp recipient's pair limit), and the slots given to
-- sends that must wait, which stay theirs. Rows idle for a day are purged.
CREATE TABLE send_pacing (
    organization_id BLOB NOT NULL,
    sender_key TEXT NOT NULL,
    tat INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, sender_key)
);

CREATE TABLE send_slots (
    organization_id BLOB NOT NULL,
    message_id BLOB NOT NULL,
    sender_key TEXT NOT NULL,
    slot INTEGER NOT NULL,
    PRIMARY KEY (organization_id, message_id, sender_key)
);
