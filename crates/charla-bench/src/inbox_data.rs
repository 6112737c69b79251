//! Fills one organization's inbox straight in SQL, one set-based statement per table:
//! `generate_series` on PostgreSQL, a recursive CTE on SQLite, in one transaction.
//!
//! Everything about conversation `i` (1..=N) is a function of `i`, so the messages
//! statement recomputes what the conversations statement wrote instead of joining it:
//!
//! - `r = (i * 2654435761) mod 2^32` scrambles `i` (Knuth's multiplicative hash);
//! - every 20th conversation is open (5 %): `i mod 40 = 0` assigned to agent
//!   `(i / 40) mod A`, the others queued in the campaign's default queue; the rest are
//!   closed ("resolved" by agent `r mod A`, or one in ten "lost" from the queue);
//! - open ones were active in the last 8 hours, closed ones in the last 90 days; open ones
//!   have 0..=3 unread messages;
//! - contact `(i - 1) / 5 + 1`: five conversations per contact, at most one of them open;
//! - M messages a minute apart ending at the last activity, alternating inbound/outbound.
//!
//! Ids are UUIDv7-shaped (the load's millisecond, then a counter), so every index over ids
//! is filled in order. Timestamps are microseconds: INTEGER on SQLite, TIMESTAMPTZ built
//! from them on PostgreSQL.

use std::time::{Duration, Instant};

use anyhow::ensure;
use charla_db::{Backend, Db};
use charla_domain::time::Ts;
use sqlx::{AssertSqlSafe, Connection};
use uuid::Uuid;

/// What the load creates rows for; made through the API before the load.
pub struct Desk {
    pub org: Uuid,
    pub campaign: Uuid,
    pub queue: Uuid,
    pub channel: Uuid,
    pub agents: Vec<Uuid>,
}

#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub conversations: u64,
    pub messages_per_conversation: u64,
}

#[derive(Debug, Default)]
pub struct Loaded {
    /// Each statement's label, rows written and time.
    pub steps: Vec<(String, u64, Duration)>,
    /// Inserting, counters and commit.
    pub load: Duration,
    /// Checkpoint (SQLite) or vacuum (PostgreSQL), and ANALYZE.
    pub analyze: Duration,
}

const TAG_CONTACT: u16 = 0x0c1;
const TAG_CONVERSATION: u16 = 0x0c2;
const TAG_MESSAGE: u16 = 0x0c3;
const MINUTE_US: i64 = 60_000_000;
const DAY_S: i64 = 86_400;

/// The SQL spellings that differ between the two databases.
struct Dialect {
    backend: Backend,
    /// 12 hex digits of the load's Unix millisecond.
    millis_hex: String,
}

impl Dialect {
    /// `name(col)`: the integers 1..=count, as a CTE of a `WITH RECURSIVE`.
    fn numbers(&self, name: &str, col: &str, count: u64) -> String {
        match self.backend {
            Backend::Sqlite => {
                format!("{name}({col}) AS (SELECT 1 UNION ALL SELECT {col} + 1 FROM {name} WHERE {col} < {count})")
            }
            Backend::Postgres => format!("{name}({col}) AS (SELECT generate_series(1::bigint, {count}::bigint))"),
        }
    }

    /// A UUIDv7-shaped id: the load's millisecond, version 7, the tag, variant 8, the counter.
    fn id(&self, tag: u16, counter: &str) -> String {
        let head = format!("{}7{tag:03x}8", self.millis_hex);
        match self.backend {
            Backend::Sqlite => format!("unhex(printf('{head}%015x', {counter}))"),
            Backend::Postgres => format!("('{head}' || lpad(to_hex({counter}), 15, '0'))::uuid"),
        }
    }

    fn uuid(&self, id: Uuid) -> String {
        match self.backend {
            Backend::Sqlite => format!("X'{}'", id.simple()),
            Backend::Postgres => format!("'{id}'::uuid"),
        }
    }

    /// A timestamp from an expression of microseconds since the Unix epoch.
    fn ts(&self, micros: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("({micros})"),
            Backend::Postgres => format!("(TIMESTAMPTZ 'epoch' + ({micros}) * INTERVAL '1 microsecond')"),
        }
    }

    fn empty_object(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "'{}'",
            Backend::Postgres => "'{}'::jsonb",
        }
    }

    /// `prefix` followed by the counter zero-padded to 12 digits (ordered like the counter).
    fn padded(&self, prefix: &str, counter: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("printf('{prefix}%012d', {counter})"),
            Backend::Postgres => format!("'{prefix}' || lpad(({counter})::text, 12, '0')"),
        }
    }
}

/// Inbound messages are odd-numbered within the conversation.
fn direction(j: &str) -> String {
    format!("CASE WHEN {j} % 2 = 1 THEN 'inbound' ELSE 'outbound' END")
}

fn text(i: &str, j: &str, lower: bool) -> String {
    let hello = if lower { "hola" } else { "Hola" };
    let pleasure = if lower { "con" } else { "Con" };
    format!(
        "CASE WHEN {j} % 2 = 1 THEN '{hello}, tengo una consulta sobre el pedido ' || {i} || ' (' || {j} || ')' \
         ELSE '{pleasure} gusto le ayudo con el pedido ' || {i} || ' (' || {j} || ')' END"
    )
}

/// The per-conversation columns every statement derives from `i` (`h`); with `messages`,
/// one row per message instead, `j` (1..=M) numbering it within its conversation, all from
/// a single series so that rows come in id order without a join or a sort.
fn conversation_cte(d: &Dialect, shape: &Shape, agents: usize, now: i64, messages: bool) -> String {
    let m = shape.messages_per_conversation;
    let (source, j) = if messages {
        let all = shape.conversations.saturating_mul(m);
        (
            format!("{}, n(i, j) AS (SELECT (x - 1) / {m} + 1, (x - 1) % {m} + 1 FROM c)", d.numbers("c", "x", all)),
            ", j",
        )
    } else {
        (d.numbers("n", "i", shape.conversations), "")
    };
    format!(
        "{source}, \
         g AS (SELECT i{j}, ((i * 2654435761) % 4294967296) AS r FROM n), \
         h AS (SELECT i{j}, r, \
           CASE WHEN i % 40 = 0 THEN 'assigned' WHEN i % 20 = 0 THEN 'queued' ELSE 'closed' END AS status, \
           CASE WHEN i % 40 = 0 THEN (i / 40) % {agents} WHEN i % 20 = 0 THEN -1 \
                WHEN (r / 1000) % 10 = 9 THEN -1 ELSE r % {agents} END AS k, \
           {now} - (CASE WHEN i % 20 = 0 THEN r % 28800 ELSE r % {span} END) * 1000000 - (r / 4096) % 1000000 \
             - {m} * {MINUTE_US} AS opened_us \
           FROM g)",
        span = 90 * DAY_S,
    )
}

/// The load's statements in order, each with a label.
fn statements(d: &Dialect, desk: &Desk, shape: &Shape, now: i64) -> Vec<(&'static str, String)> {
    let org = d.uuid(desk.org);
    let channel = d.uuid(desk.channel);
    let campaign = d.uuid(desk.campaign);
    let queue = d.uuid(desk.queue);
    let json = d.empty_object();
    let agents = desk.agents.len().max(1);
    let m = shape.messages_per_conversation;
    let contacts = shape.conversations.div_ceil(5);
    let contact_of_i = d.id(TAG_CONTACT, "(h.i - 1) / 5 + 1");
    let conversation_of_i = d.id(TAG_CONVERSATION, "h.i");
    let created = d.ts(&format!("{now} - {} - n.i", 91 * DAY_S * 1_000_000));
    let cte = conversation_cte(d, shape, agents, now, false);
    let message_cte = conversation_cte(d, shape, agents, now, true);
    let opened = "h.opened_us";
    let last = format!("(h.opened_us + {m} * {MINUTE_US})");
    // The last inbound message of a conversation: the last one when M is odd.
    let last_inbound = if m % 2 == 1 { m } else { m.saturating_sub(1).max(1) };
    let first_response = if m >= 2 {
        format!("CASE WHEN a.id IS NULL THEN NULL ELSE {} END", d.ts(&format!("{opened} + 2 * {MINUTE_US}")))
    } else {
        "NULL".to_owned()
    };
    let agent_values: Vec<String> =
        desk.agents.iter().enumerate().map(|(k, id)| format!("({k}, {})", d.uuid(*id))).collect();
    let agent_type = match d.backend {
        Backend::Sqlite => "INTEGER PRIMARY KEY, id BLOB NOT NULL",
        Backend::Postgres => "BIGINT PRIMARY KEY, id UUID NOT NULL",
    };
    let on_commit = match d.backend {
        Backend::Sqlite => "",
        Backend::Postgres => " ON COMMIT DROP",
    };
    vec![
        ("agents table", format!("CREATE TEMP TABLE bench_agents (k {agent_type}){on_commit}")),
        ("agents", format!("INSERT INTO bench_agents (k, id) VALUES {}", agent_values.join(", "))),
        (
            "contacts",
            format!(
                "INSERT INTO contacts (organization_id, id, name, phone, email, search_key, attributes, \
                 exclusive_agent_id, unreachable, last_interaction_at, created_at, updated_at) \
                 WITH RECURSIVE {numbers} \
                 SELECT {org}, {id}, 'Cliente ' || n.i, '+57' || (3000000000 + n.i), NULL, \
                 'cliente ' || n.i || ' +57' || (3000000000 + n.i), {json}, NULL, FALSE, \
                 {interaction}, {created}, {created} FROM n",
                numbers = d.numbers("n", "i", contacts),
                id = d.id(TAG_CONTACT, "n.i"),
                interaction = d.ts(&format!("{now} - ((n.i * 2654435761) % 4294967296) % {} * 1000000", 90 * DAY_S)),
            ),
        ),
        (
            "contact identities",
            format!(
                "INSERT INTO contact_identities (organization_id, kind, value, contact_id, created_at) \
                 WITH RECURSIVE {numbers} \
                 SELECT {org}, 'phone', '+57' || (3000000000 + n.i), {id}, {created} FROM n",
                numbers = d.numbers("n", "i", contacts),
                id = d.id(TAG_CONTACT, "n.i"),
            ),
        ),
        (
            "conversations",
            format!(
                "INSERT INTO conversations (organization_id, id, contact_id, campaign_id, channel_id, queue_id, \
                 agent_id, reserved_for, status, closed_reason, disposition_id, closing_note, fields, unread_count, \
                 last_activity_at, last_message_preview, last_message_direction, last_contact_message_at, opened_at, \
                 queued_at, assigned_at, first_response_at, closed_at, closed_by, bot_paused, transferred_from_id, \
                 transferred_to_id, version, updated_at) \
                 WITH RECURSIVE {cte} \
                 SELECT {org}, {conversation_of_i}, {contact_of_i}, {campaign}, {channel}, {queue}, a.id, NULL, \
                 h.status, \
                 CASE WHEN h.status <> 'closed' THEN NULL WHEN a.id IS NULL THEN 'lost' ELSE 'resolved' END, \
                 NULL, NULL, {json}, \
                 CASE WHEN h.status = 'closed' THEN 0 ELSE (h.r / 64) % 4 END, \
                 {last_ts}, {preview}, {last_direction}, {last_inbound_ts}, \
                 {opened_ts}, {queued_ts}, \
                 CASE WHEN a.id IS NULL THEN NULL ELSE {assigned_ts} END, \
                 {first_response}, \
                 CASE WHEN h.status = 'closed' THEN {last_ts} ELSE NULL END, \
                 CASE WHEN h.status = 'closed' THEN a.id ELSE NULL END, \
                 FALSE, NULL, NULL, 0, {last_ts} \
                 FROM h LEFT JOIN bench_agents a ON a.k = h.k",
                last_ts = d.ts(&last),
                preview = text("h.i", &m.to_string(), false),
                last_direction = direction(&m.to_string()),
                last_inbound_ts = d.ts(&format!("{opened} + {last_inbound} * {MINUTE_US}")),
                opened_ts = d.ts(opened),
                queued_ts = d.ts(&format!("{opened} + 1000000")),
                assigned_ts = d.ts(&format!("{opened} + 30000000")),
            ),
        ),
        (
            "messages",
            format!(
                "INSERT INTO messages (organization_id, id, conversation_id, contact_id, channel_id, direction, kind, \
                 text, search_key, payload, file_id, reply_to_id, author_id, network_id, status, error_code, \
                 error_title, resent, sent_at, delivered_at, read_at, created_at, updated_at) \
                 WITH RECURSIVE {message_cte} \
                 SELECT {org}, {message_id}, {conversation_of_i}, {contact_of_i}, {channel}, {dir}, 'text', \
                 {text}, {key}, {json}, NULL, NULL, NULL, {network_id}, \
                 CASE WHEN h.j % 2 = 1 THEN NULL ELSE 'delivered' END, NULL, NULL, FALSE, \
                 CASE WHEN h.j % 2 = 1 THEN NULL ELSE {at} END, \
                 CASE WHEN h.j % 2 = 1 THEN NULL ELSE {delivered} END, \
                 NULL, {at}, {at} \
                 FROM h",
                message_id = d.id(TAG_MESSAGE, &format!("(h.i - 1) * {m} + h.j")),
                dir = direction("h.j"),
                text = text("h.i", "h.j", false),
                key = text("h.i", "h.j", true),
                network_id = d.padded("bench-", &format!("(h.i - 1) * {m} + h.j")),
                at = d.ts(&format!("{opened} + h.j * {MINUTE_US}")),
                delivered = d.ts(&format!("{opened} + h.j * {MINUTE_US} + 1000000")),
            ),
        ),
        ("agent counters (clear)", format!("DELETE FROM agent_counters WHERE organization_id = {org}")),
        (
            "agent counters",
            format!(
                "INSERT INTO agent_counters (organization_id, user_id, assigned_count, unread_conversations, \
                 unread_messages, last_assigned_at) \
                 SELECT {org}, a.id, COUNT(v.id), COALESCE(SUM(CASE WHEN v.unread_count > 0 THEN 1 ELSE 0 END), 0), \
                 COALESCE(SUM(v.unread_count), 0), MAX(v.assigned_at) \
                 FROM bench_agents a LEFT JOIN conversations v ON v.organization_id = {org} AND v.agent_id = a.id \
                 AND v.status = 'assigned' GROUP BY a.id"
            ),
        ),
        (
            "queue waiting counts",
            format!(
                "UPDATE queues SET waiting_count = (SELECT COUNT(*) FROM conversations v \
                 WHERE v.organization_id = queues.organization_id AND v.queue_id = queues.id \
                 AND v.status = 'queued') WHERE organization_id = {org}"
            ),
        ),
    ]
}

/// Loads the inbox in one transaction, then brings statistics up to date; prints each step.
pub async fn load(db: &Db, desk: &Desk, shape: &Shape, now: Ts) -> anyhow::Result<Loaded> {
    ensure!(!desk.agents.is_empty(), "the load needs at least one agent");
    ensure!(shape.messages_per_conversation >= 1, "the load needs at least one message per conversation");
    let millis = now.as_micros() / 1000;
    let d = Dialect { backend: db.backend(), millis_hex: format!("{:012x}", millis & 0xffff_ffff_ffff) };
    let statements = statements(&d, desk, shape, now.as_micros());
    let mut loaded = Loaded::default();
    let started = Instant::now();
    match db {
        Db::Sqlite(pool) => {
            let mut conn = pool.acquire().await?;
            // For the load only: no syncs, a big page cache; put back before the connection returns.
            sqlx::raw_sql("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144").execute(&mut *conn).await?;
            let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
            for (label, sql) in &statements {
                let t = Instant::now();
                let rows = sqlx::raw_sql(AssertSqlSafe(sql.clone())).execute(&mut *tx).await?.rows_affected();
                step(&mut loaded, label, rows, t.elapsed());
            }
            sqlx::raw_sql("DROP TABLE bench_agents").execute(&mut *tx).await?;
            let t = Instant::now();
            tx.commit().await?;
            step(&mut loaded, "commit", 0, t.elapsed());
            loaded.load = started.elapsed();
            let t = Instant::now();
            // Fold the WAL into the database so readers do not search a WAL of gigabytes.
            sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut *conn).await?;
            step(&mut loaded, "wal checkpoint", 0, t.elapsed());
            let a = Instant::now();
            sqlx::raw_sql("ANALYZE").execute(&mut *conn).await?;
            step(&mut loaded, "analyze", 0, a.elapsed());
            sqlx::raw_sql("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000").execute(&mut *conn).await?;
            loaded.analyze = t.elapsed();
        }
        Db::Postgres(pool) => {
            let mut conn = pool.acquire().await?;
            let mut tx = conn.begin().await?;
            sqlx::raw_sql("SET LOCAL synchronous_commit = off; SET LOCAL work_mem = '256MB'").execute(&mut *tx).await?;
            for (label, sql) in &statements {
                let t = Instant::now();
                let rows = sqlx::raw_sql(AssertSqlSafe(sql.clone())).execute(&mut *tx).await?.rows_affected();
                step(&mut loaded, label, rows, t.elapsed());
            }
            let t = Instant::now();
            tx.commit().await?;
            step(&mut loaded, "commit", 0, t.elapsed());
            loaded.load = started.elapsed();
            // VACUUM too: it sets hint bits and the visibility map now, so neither the first
            // readers nor autovacuum do it during the measurements.
            let t = Instant::now();
            sqlx::raw_sql("VACUUM (ANALYZE)").execute(&mut *conn).await?;
            step(&mut loaded, "vacuum analyze", 0, t.elapsed());
            loaded.analyze = t.elapsed();
        }
    }
    Ok(loaded)
}

fn step(loaded: &mut Loaded, label: &str, rows: u64, took: Duration) {
    // DDL reports no rows (SQLite answers the previous statement's count).
    let rows = if label.ends_with("table") { 0 } else { rows };
    println!("  load: {label:<24} {rows:>10} rows  {:>8.1} s", took.as_secs_f64());
    loaded.steps.push((label.to_owned(), rows, took));
}
