//! Report storage: each ticket's figures (`conversation_facts`) and their sums per local
//! day × campaign × channel × queue × agent (`conversation_rollups`). SQL only: what a
//! conversation adds and how sums fold are `charla_domain::metrics`.

use charla_domain::metrics::{ConversationFact, ConversationTotals};
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::args::{Arg, Sql};
use crate::{Conn, DbError, DbTs, Json, Tx, bind_args, on_conn, on_tx};

/// Where a conversation's figures are summed; no queue or no agent is the nil id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, sqlx::FromRow)]
pub struct RollupKey {
    /// The organization's local date, `YYYY-MM-DD`.
    pub day: String,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    pub queue_id: Uuid,
    pub agent_id: Uuid,
}

#[derive(Debug, sqlx::FromRow)]
struct StoredFact {
    #[sqlx(flatten)]
    key: RollupKey,
    fact: Json<ConversationFact>,
}

/// One conversation's stored figures and where they are summed.
pub async fn fact(
    tx: &mut Tx,
    org: Uuid,
    conversation: Uuid,
) -> Result<Option<(RollupKey, ConversationFact)>, DbError> {
    let row: Option<StoredFact> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT day, campaign_id, channel_id, queue_id, agent_id, fact FROM conversation_facts \
         WHERE organization_id = $1 AND conversation_id = $2"
    )
    .bind(org)
    .bind(conversation)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(|r| (r.key, r.fact.0)))
}

/// Writes (or replaces) one conversation's figures.
pub async fn put_fact(
    tx: &mut Tx,
    org: Uuid,
    conversation: Uuid,
    key: &RollupKey,
    fact: &ConversationFact,
) -> Result<(), DbError> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO conversation_facts (organization_id, conversation_id, day, campaign_id, channel_id, queue_id, \
         agent_id, fact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (organization_id, conversation_id) DO UPDATE SET day = excluded.day, \
         campaign_id = excluded.campaign_id, channel_id = excluded.channel_id, queue_id = excluded.queue_id, \
         agent_id = excluded.agent_id, fact = excluded.fact"
    )
    .bind(org)
    .bind(conversation)
    .bind(&key.day)
    .bind(key.campaign_id)
    .bind(key.channel_id)
    .bind(key.queue_id)
    .bind(key.agent_id)
    .bind(Json(fact))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Takes a rollup row for this transaction (creating it empty), so its sum is recomputed
/// by one writer at a time: the UPDATE holds the row's lock on PostgreSQL until commit.
pub async fn lock_rollup(tx: &mut Tx, org: Uuid, key: &RollupKey) -> Result<(), DbError> {
    let empty = Json(ConversationTotals::default());
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO conversation_rollups (organization_id, day, campaign_id, channel_id, queue_id, agent_id, \
         totals, version) VALUES ($1, $2, $3, $4, $5, $6, $7, 0) ON CONFLICT DO NOTHING"
    )
    .bind(org)
    .bind(&key.day)
    .bind(key.campaign_id)
    .bind(key.channel_id)
    .bind(key.queue_id)
    .bind(key.agent_id)
    .bind(&empty)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |c| sqlx::query(
        "UPDATE conversation_rollups SET version = version + 1 WHERE organization_id = $1 AND day = $2 \
         AND campaign_id = $3 AND channel_id = $4 AND queue_id = $5 AND agent_id = $6"
    )
    .bind(org)
    .bind(&key.day)
    .bind(key.campaign_id)
    .bind(key.channel_id)
    .bind(key.queue_id)
    .bind(key.agent_id)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The figures of every conversation summed under `key` (read after `lock_rollup`).
pub async fn facts_under(tx: &mut Tx, org: Uuid, key: &RollupKey) -> Result<Vec<ConversationFact>, DbError> {
    let rows: Vec<(Json<ConversationFact>,)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT fact FROM conversation_facts WHERE organization_id = $1 AND day = $2 AND campaign_id = $3 \
         AND channel_id = $4 AND queue_id = $5 AND agent_id = $6"
    )
    .bind(org)
    .bind(&key.day)
    .bind(key.campaign_id)
    .bind(key.channel_id)
    .bind(key.queue_id)
    .bind(key.agent_id)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(f,)| f.0).collect())
}

pub async fn set_rollup(tx: &mut Tx, org: Uuid, key: &RollupKey, totals: &ConversationTotals) -> Result<(), DbError> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE conversation_rollups SET totals = $7 WHERE organization_id = $1 AND day = $2 AND campaign_id = $3 \
         AND channel_id = $4 AND queue_id = $5 AND agent_id = $6"
    )
    .bind(org)
    .bind(&key.day)
    .bind(key.campaign_id)
    .bind(key.channel_id)
    .bind(key.queue_id)
    .bind(key.agent_id)
    .bind(Json(totals))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Which rollup rows a report reads: an inclusive range of local days and optional filters.
#[derive(Clone, Debug, Default)]
pub struct RollupFilter {
    pub from: String,
    pub to: String,
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub queue_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    /// Only these campaigns (a supervisor's); `None`: every campaign.
    pub campaigns: Option<Vec<Uuid>>,
}

#[derive(Debug, sqlx::FromRow)]
pub struct RollupRow {
    #[sqlx(flatten)]
    pub key: RollupKey,
    pub totals: Json<ConversationTotals>,
}

/// The rollup rows of a report: at most days × campaigns × channels × queues × agents,
/// whatever the number of conversations behind them.
pub async fn rollups<'c>(conn: impl Into<Conn<'c>>, org: Uuid, f: &RollupFilter) -> Result<Vec<RollupRow>, DbError> {
    let mut sql = Sql::new(
        "SELECT day, campaign_id, channel_id, queue_id, agent_id, totals FROM conversation_rollups \
         WHERE organization_id = ",
    );
    let p = sql.arg(Arg::Uuid(org));
    sql.push(&p);
    let from = sql.arg(Arg::Text(f.from.clone()));
    let to = sql.arg(Arg::Text(f.to.clone()));
    sql.push(&format!(" AND day >= {from} AND day <= {to}"));
    for (column, value) in [
        ("campaign_id", f.campaign_id),
        ("channel_id", f.channel_id),
        ("queue_id", f.queue_id),
        ("agent_id", f.agent_id),
    ] {
        if let Some(id) = value {
            let p = sql.arg(Arg::Uuid(id));
            sql.push(&format!(" AND {column} = {p}"));
        }
    }
    if let Some(campaigns) = &f.campaigns {
        if campaigns.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = campaigns.iter().map(|id| sql.arg(Arg::Uuid(*id))).collect();
        sql.push(&format!(" AND campaign_id IN ({})", ids.join(", ")));
    }
    sql.push(" ORDER BY day, campaign_id, channel_id, queue_id, agent_id");
    Ok(on_conn!(conn.into(), |c| bind_args!(sqlx::query_as(AssertSqlSafe(sql.text)), &sql.args).fetch_all(c).await)?)
}

/// Who wrote what when in one conversation, in order: what response times are measured on.
#[derive(Debug, sqlx::FromRow)]
pub struct MessageSideRow {
    pub direction: String,
    pub author_id: Option<Uuid>,
    pub created_at: DbTs,
}

pub async fn message_sides(tx: &mut Tx, org: Uuid, conversation: Uuid) -> Result<Vec<MessageSideRow>, DbError> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "SELECT direction, author_id, created_at FROM messages \
         WHERE organization_id = $1 AND conversation_id = $2 ORDER BY created_at, id"
    )
    .bind(org)
    .bind(conversation)
    .fetch_all(c)
    .await)?)
}
