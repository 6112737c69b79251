-- Foundation: organizations, people, access, hierarchy, audit, jobs and events.
-- organization_id leads every key and index (DESIGN §1) except where noted:
-- organizations is the tenant itself, user_emails is the login directory
-- (a reference table), and the jobs/events scans of the runner and relay.

CREATE TABLE organizations (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE user_emails (
    email TEXT PRIMARY KEY,
    organization_id UUID NOT NULL,
    user_id UUID NOT NULL
);

CREATE TABLE profiles (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    id UUID NOT NULL,
    name TEXT NOT NULL,
    builtin TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX profiles_name ON profiles (organization_id, name);

CREATE TABLE profile_permissions (
    organization_id UUID NOT NULL,
    profile_id UUID NOT NULL,
    permission TEXT NOT NULL,
    PRIMARY KEY (organization_id, profile_id, permission),
    FOREIGN KEY (organization_id, profile_id) REFERENCES profiles (organization_id, id) ON DELETE CASCADE
);

CREATE TABLE pause_reasons (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    id UUID NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX pause_reasons_name ON pause_reasons (organization_id, name);

CREATE TABLE users (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    id UUID NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    avatar_url TEXT,
    language TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    status TEXT NOT NULL,
    pause_reason_id UUID,
    status_changed_at TIMESTAMPTZ NOT NULL,
    capacity BIGINT NOT NULL,
    profile_id UUID,
    password_hash TEXT,
    active BOOLEAN NOT NULL,
    failed_logins BIGINT NOT NULL,
    locked_until TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, profile_id) REFERENCES profiles (organization_id, id)
);
CREATE UNIQUE INDEX users_email ON users (organization_id, email);
CREATE INDEX users_profile ON users (organization_id, profile_id);

CREATE TABLE user_status_history (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    status TEXT NOT NULL,
    pause_reason_id UUID,
    pause_reason_name TEXT,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX user_status_history_user ON user_status_history (organization_id, user_id, id);

CREATE TABLE sessions (
    organization_id UUID NOT NULL,
    token_hash TEXT NOT NULL,
    user_id UUID NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, token_hash)
);
CREATE INDEX sessions_user ON sessions (organization_id, user_id);

CREATE TABLE one_time_tokens (
    organization_id UUID NOT NULL,
    token_hash TEXT NOT NULL,
    user_id UUID NOT NULL,
    purpose TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    PRIMARY KEY (organization_id, token_hash)
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (organization_id, user_id);

CREATE TABLE api_tokens (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    profile_id UUID,
    created_by UUID NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, profile_id) REFERENCES profiles (organization_id, id)
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (organization_id, token_hash);

CREATE TABLE clients (
    organization_id UUID NOT NULL REFERENCES organizations (id),
    id UUID NOT NULL,
    name TEXT NOT NULL,
    archived_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);

CREATE TABLE projects (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    client_id UUID NOT NULL,
    name TEXT NOT NULL,
    archived_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, client_id) REFERENCES clients (organization_id, id)
);
CREATE INDEX projects_client ON projects (organization_id, client_id);

CREATE TABLE campaigns (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    project_id UUID NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    archived_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id)
);
CREATE INDEX campaigns_project ON campaigns (organization_id, project_id);

CREATE TABLE audit_log (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    actor_user_id UUID,
    actor_token_id UUID,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id UUID,
    before JSONB,
    after JSONB,
    PRIMARY KEY (organization_id, id)
);
CREATE INDEX audit_log_entity ON audit_log (organization_id, entity_type, id);

CREATE TABLE jobs (
    organization_id UUID NOT NULL,
    id UUID NOT NULL,
    kind TEXT NOT NULL,
    payload JSONB NOT NULL,
    status TEXT NOT NULL,
    run_at TIMESTAMPTZ NOT NULL,
    attempts BIGINT NOT NULL,
    max_attempts BIGINT NOT NULL,
    locked_until TIMESTAMPTZ,
    last_error TEXT,
    dedup_key TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX jobs_dedup ON jobs (organization_id, dedup_key);
-- The runner claims due jobs of every organization: this scan is not per tenant.
CREATE INDEX jobs_due ON jobs (status, run_at);

CREATE TABLE events (
    organization_id UUID NOT NULL,
    id BIGINT GENERATED ALWAYS AS IDENTITY,
    txid XID8 NOT NULL DEFAULT pg_current_xact_id(),
    kind TEXT NOT NULL,
    payload JSONB NOT NULL,
    audience JSONB NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, id)
);
-- The relay reads new events of every organization in commit order.
CREATE INDEX events_order ON events (txid, id);
CREATE INDEX events_org_order ON events (organization_id, txid, id);
CREATE INDEX events_at ON events (organization_id, at);
