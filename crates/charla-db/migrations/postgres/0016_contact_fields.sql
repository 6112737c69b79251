-- Custom contact fields (CRM-2): the definitions, and each contact's values in typed columns
-- so filters compare numbers as numbers and dates as dates.
CREATE TABLE contact_fields (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    field_type TEXT NOT NULL,
    options JSONB NOT NULL,
    position BIGINT NOT NULL,
    archived_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX contact_fields_key ON contact_fields (organization_id, key);

CREATE TABLE contact_field_values (
    organization_id UUID NOT NULL,
    contact_id UUID NOT NULL,
    field_id UUID NOT NULL,
    text_value TEXT,
    number_value DOUBLE PRECISION,
    date_value TEXT,
    bool_value BOOLEAN,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, contact_id, field_id),
    FOREIGN KEY (organization_id, contact_id) REFERENCES contacts (organization_id, id) ON DELETE CASCADE,
    FOREIGN KEY (organization_id, field_id) REFERENCES contact_fields (organization_id, id)
);
CREATE INDEX contact_field_values_text ON contact_field_values (organization_id, field_id, text_value);
CREATE INDEX contact_field_values_number ON contact_field_values (organization_id, field_id, number_value);
CREATE INDEX contact_field_values_date ON contact_field_values (organization_id, field_id, date_value);
