-- CRM (issue 16). Contact imports (CRM-5): one row per uploaded sheet, read by a job, with
-- the rows it could not take; and who a contact's owner became and why (REP-4's
-- "contact import" source; a contact has no conversation to hang it on).
CREATE TABLE contact_imports (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    status TEXT NOT NULL,
    file_name TEXT NOT NULL,
    rows_read BIGINT NOT NULL DEFAULT 0,
    created_count BIGINT NOT NULL DEFAULT 0,
    updated_count BIGINT NOT NULL DEFAULT 0,
    failed_count BIGINT NOT NULL DEFAULT 0,
    error_code TEXT,
    error_detail TEXT,
    created_by BLOB,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE contact_import_failures (
    organization_id BLOB NOT NULL,
    import_id BLOB NOT NULL,
    row_number BIGINT NOT NULL,
    column_name TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (organization_id, import_id, row_number, column_name),
    FOREIGN KEY (organization_id, import_id) REFERENCES contact_imports (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE contact_owner_log (
    organization_id BLOB NOT NULL,
    id BLOB NOT NULL,
    contact_id BLOB NOT NULL,
    from_agent_id BLOB,
    to_agent_id BLOB,
    source TEXT NOT NULL,
    actor_user_id BLOB,
    actor_name TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX contact_owner_log_contact ON contact_owner_log (organization_id, contact_id, id);
CREATE INDEX contact_owner_log_at ON contact_owner_log (organization_id, at);
