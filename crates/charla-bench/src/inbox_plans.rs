//! The query plans of the inbox's list statements (the `inbox` bench's `--explain`): SQLite's
//! `EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN (ANALYZE, BUFFERS)`.

use anyhow::Context;
use charla_db::Db;

use crate::inbox_data::Desk;

/// A copy of the statement `repo::conversations::list` builds (its SELECT, the agent scope,
/// the order), for EXPLAIN only: the measurements call the repository itself.
const LIST_SELECT: &str = "SELECT v.id, v.contact_id, v.campaign_id, v.channel_id, v.queue_id, v.agent_id, \
    v.reserved_for, v.status, v.closed_reason, v.disposition_id, v.closing_note, v.fields, v.unread_count, \
    v.last_activity_at, v.last_message_preview, v.last_message_direction, v.last_contact_message_at, v.opened_at, \
    v.queued_at, v.assigned_at, v.first_response_at, v.closed_at, v.closed_by, v.bot_paused, v.transferred_from_id, \
    v.transferred_to_id, v.version, v.updated_at, c.name AS contact_name, c.phone AS contact_phone, \
    c.email AS contact_email, ch.kind AS channel_kind FROM conversations v \
    JOIN contacts c ON c.organization_id = v.organization_id AND c.id = v.contact_id \
    JOIN channels ch ON ch.organization_id = v.organization_id AND ch.id = v.channel_id ";
const AGENT_SCOPE: &str = " AND (v.agent_id = $2 OR (v.status = 'queued' AND (v.reserved_for IS NULL \
    OR v.reserved_for = $2) AND v.queue_id IN (SELECT m.queue_id FROM queue_members m \
    WHERE m.organization_id = v.organization_id AND m.user_id = $2)))";
const LIST_ORDER: &str = " ORDER BY v.last_activity_at DESC, v.id DESC";

/// Prints the plans of the three list statements for the first agent.
pub async fn explain(db: &Db, desk: &Desk) -> anyhow::Result<()> {
    let agent = *desk.agents.first().context("no agents")?;
    let shapes: [(&str, String, Option<&str>); 3] = [
        (
            "inbox list (agent, mine)",
            format!(
                "{LIST_SELECT}WHERE v.organization_id = $1{AGENT_SCOPE} AND v.status IN ($3) AND v.agent_id = $2\
                 {LIST_ORDER} LIMIT $4"
            ),
            Some("assigned"),
        ),
        (
            "inbox list (agent, default view: bot, queued, assigned)",
            format!(
                "{LIST_SELECT}WHERE v.organization_id = $1{AGENT_SCOPE} AND $3 IS NULL \
                 AND v.status IN ('bot', 'queued', 'assigned'){LIST_ORDER} LIMIT $4"
            ),
            None,
        ),
        (
            "inbox list (supervisor, queued)",
            format!("{LIST_SELECT}WHERE v.organization_id = $1 AND $2 = $2 AND v.status IN ($3){LIST_ORDER} LIMIT $4"),
            Some("queued"),
        ),
    ];
    for (label, sql, status) in shapes {
        println!("plan: {label}");
        match db {
            Db::Sqlite(db) => {
                let pool = db.pool();
                let rows: Vec<(i64, i64, i64, String)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                        .bind(desk.org)
                        .bind(agent)
                        .bind(status)
                        .bind(51_i64)
                        .fetch_all(pool)
                        .await?;
                for (_, _, _, detail) in rows {
                    println!("    {detail}");
                }
            }
            Db::Postgres(pool) => {
                let rows: Vec<(String,)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN (ANALYZE, BUFFERS) {sql}")))
                        .bind(desk.org)
                        .bind(agent)
                        .bind(status)
                        .bind(51_i64)
                        .fetch_all(pool)
                        .await?;
                for (line,) in rows {
                    println!("    {line}");
                }
            }
        }
    }
    Ok(())
}
