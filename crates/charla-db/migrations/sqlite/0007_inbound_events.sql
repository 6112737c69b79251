-- What the networks' webhooks told us, stored when the webhook is acknowledged and applied
-- afterwards by the intake drain (DESIGN §4): one row per event (a message, a status, a
-- reaction...), keyed by the network's own id so a redelivery waiting here is not stored
-- twice. A row leaves once applied; applying is idempotent (messages are keyed too).
CREATE TABLE inbound_events (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    channel_id BLOB NOT NULL,
    dedup_key TEXT NOT NULL,
    lane BIGINT NOT NULL,
    event TEXT NOT NULL,
    status TEXT NOT NULL,
    available_at INTEGER NOT NULL,
    attempts BIGINT NOT NULL,
    last_error TEXT,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX inbound_events_key ON inbound_events (organization_id, channel_id, dedup_key);
-- Each of the drain's lanes takes its pending events of every organization in arrival
-- order (one sender's events share a lane): not per tenant.
CREATE INDEX inbound_events_due ON inbound_events (status, lane, available_at, id);
