-- Broadcasts from a spreadsheet (OUT-2) and each recipient's tracking (OUT-4).

-- A broadcast is 'importing' while its sheet is read: no list or read shows it, and a failed
-- import deletes it. It becomes 'draft' with its counts in the import's last transaction.
CREATE TABLE broadcasts (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    start_at TIMESTAMPTZ,
    batch_size BIGINT,
    batch_interval_seconds BIGINT,
    rows_total BIGINT NOT NULL,
    rows_valid BIGINT NOT NULL,
    rows_invalid BIGINT NOT NULL,
    senders BIGINT NOT NULL,
    recipients BIGINT NOT NULL,
    templates BIGINT NOT NULL,
    -- Why the rest waits (the number's tier, a batch interval), for people to see.
    wait_reason TEXT,
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX broadcasts_status ON broadcasts (organization_id, status, id);

-- The rows left out and why; the message is the caller's language's, written on reading.
CREATE TABLE broadcast_rejections (
    organization_id UUID NOT NULL,
    broadcast_id UUID NOT NULL,
    row_number BIGINT NOT NULL,
    column_name TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (organization_id, broadcast_id, row_number)
);

-- One good row: what it sends and how far it got (the seven statuses, each stage's time).
CREATE TABLE broadcast_recipients (
    organization_id UUID NOT NULL,
    broadcast_id UUID NOT NULL,
    row_number BIGINT NOT NULL,
    channel_id UUID NOT NULL,
    recipient TEXT NOT NULL,
    template_id UUID NOT NULL,
    template_name TEXT NOT NULL,
    language TEXT NOT NULL,
    marketing BOOLEAN NOT NULL,
    -- JSON: [[name or null, value], ...] in the body's order.
    parameters TEXT NOT NULL,
    status TEXT NOT NULL,
    comment TEXT,
    network_id TEXT,
    departed_at TIMESTAMPTZ,
    sent_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    read_at TIMESTAMPTZ,
    failed_at TIMESTAMPTZ,
    error_code TEXT,
    error_title TEXT,
    replied_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, broadcast_id, row_number)
);
CREATE INDEX broadcast_recipients_status ON broadcast_recipients (organization_id, broadcast_id, status, row_number);
CREATE INDEX broadcast_recipients_network ON broadcast_recipients (organization_id, channel_id, network_id);
CREATE INDEX broadcast_recipients_phone ON broadcast_recipients (organization_id, channel_id, recipient);

-- Who answered the opt-out word: no more marketing broadcasts to them (E.164).
CREATE TABLE opt_outs (
    organization_id UUID NOT NULL,
    phone TEXT NOT NULL,
    word TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, phone)
);
