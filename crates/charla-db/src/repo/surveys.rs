//! Surveys after an attention (BOT-5): one per conversation, waiting at a stage until the
//! contact answers, then its score.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Json, Tx, on_conn, on_tx};

pub struct NewSurvey<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub channel_id: Uuid,
    pub campaign_id: Uuid,
    pub agent_id: Option<Uuid>,
    pub kind: &'a str,
    pub stage: &'a Value,
    pub now: Ts,
}

pub async fn insert(tx: &mut Tx, n: &NewSurvey<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO surveys (organization_id, id, conversation_id, contact_id, channel_id, campaign_id, agent_id, \
         kind, stage, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (organization_id, conversation_id) DO NOTHING",
    )
    .bind(n.org)
    .bind(n.id)
    .bind(n.conversation_id)
    .bind(n.contact_id)
    .bind(n.channel_id)
    .bind(n.campaign_id)
    .bind(n.agent_id)
    .bind(n.kind)
    .bind(Json(n.stage))
    .bind(DbTs(n.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SurveyRow {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub channel_id: Uuid,
    pub campaign_id: Uuid,
    pub agent_id: Option<Uuid>,
    pub kind: String,
    pub stage: Option<Json<Value>>,
    pub score: Option<i64>,
    pub sent_at: DbTs,
    pub answered_at: Option<DbTs>,
}

const COLUMNS: &str =
    "id, conversation_id, contact_id, channel_id, campaign_id, agent_id, kind, stage, score, sent_at, answered_at";

/// The survey a contact has still to answer on a channel, sent after `since`.
pub async fn waiting<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel: Uuid,
    contact: Uuid,
    since: Ts,
) -> Result<Option<SurveyRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM surveys WHERE organization_id = $1 AND channel_id = $2 AND contact_id = $3 \
         AND stage IS NOT NULL AND sent_at >= $4 ORDER BY sent_at DESC LIMIT 1"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org)
        .bind(channel)
        .bind(contact)
        .bind(DbTs(since))
        .fetch_optional(c)
        .await)?)
}

/// The contact's last survey on the channel and how many attentions it had finished before.
pub async fn history<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel: Uuid,
    contact: Uuid,
) -> Result<(i64, Option<DbTs>), DbError> {
    let row: (i64, Option<DbTs>) = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM conversations WHERE organization_id = $1 AND channel_id = $2 \
           AND contact_id = $3 AND closed_reason = 'resolved'), \
         (SELECT MAX(sent_at) FROM surveys WHERE organization_id = $1 AND channel_id = $2 AND contact_id = $3)"
    )
    .bind(org)
    .bind(channel)
    .bind(contact)
    .fetch_one(c)
    .await)?;
    Ok(row)
}

/// Moves a survey on: to another stage, or over (no stage) with its score if any.
pub async fn advance(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    stage: Option<&Value>,
    score: Option<i64>,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE surveys SET stage = $3, score = $4, answered_at = CASE WHEN $4 IS NULL THEN answered_at ELSE $5 END \
         WHERE organization_id = $1 AND id = $2",
    )
    .bind(org)
    .bind(id)
    .bind(stage.map(Json))
    .bind(score)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub campaign_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub since: Option<Ts>,
    /// Only the campaigns this user supervises (a supervisor's reports).
    pub supervisor: Option<Uuid>,
}

/// Answered surveys, newest first.
pub async fn answered<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    f: &ListFilter,
    limit: i64,
) -> Result<Vec<SurveyRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM surveys WHERE organization_id = $1 AND score IS NOT NULL \
         AND ($2 IS NULL OR campaign_id = $2) AND ($3 IS NULL OR agent_id = $3) AND ($4 IS NULL OR answered_at >= $4) \
         AND ($6 IS NULL OR campaign_id IN (SELECT s.campaign_id FROM supervised_campaigns s \
         WHERE s.organization_id = $1 AND s.user_id = $6)) \
         ORDER BY answered_at DESC, id LIMIT $5"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(org)
        .bind(f.campaign_id)
        .bind(f.agent_id)
        .bind(f.since.map(DbTs))
        .bind(limit)
        .bind(f.supervisor)
        .fetch_all(c)
        .await)?)
}
