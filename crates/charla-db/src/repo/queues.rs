//! Queues, their member agents, the agents' counters and the assignment log.
//!
//! Counters are changed by conditional updates in the caller's transaction, so two
//! assignments racing for an agent's last free place cannot both succeed.

use charla_domain::time::Ts;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QueueRow {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub name: String,
    pub waiting_count: i64,
    pub archived_at: Option<DbTs>,
    pub created_at: DbTs,
}

const SELECT_QUEUE: &str = "SELECT id, campaign_id, name, waiting_count, archived_at, created_at FROM queues ";

pub async fn insert(tx: &mut Tx, org: Uuid, id: Uuid, campaign_id: Uuid, name: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO queues (organization_id, id, campaign_id, name, waiting_count, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $5)",
    )
    .bind(org)
    .bind(id)
    .bind(campaign_id)
    .bind(name)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<QueueRow>, DbError> {
    let sql = format!("{SELECT_QUEUE}WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(id).fetch_optional(c).await)?)
}

pub async fn list<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    campaign_id: Option<Uuid>,
) -> Result<Vec<QueueRow>, DbError> {
    let sql = format!("{SELECT_QUEUE}WHERE organization_id = $1 AND ($2 IS NULL OR campaign_id = $2) ORDER BY id");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(campaign_id).fetch_all(c).await)?)
}

pub async fn update(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    name: &str,
    archived_at: Option<Ts>,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE queues SET name = $3, archived_at = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(name)
    .bind(archived_at.map(DbTs))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves a queue's waiting counter; also takes the queue's row lock, which orders every
/// assignment within a queue (queue → agent → conversation, always in that order).
pub async fn add_waiting(tx: &mut Tx, org: Uuid, id: Uuid, delta: i64) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE queues SET waiting_count = waiting_count + $3 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(delta)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn members<'c>(conn: impl Into<Conn<'c>>, org: Uuid, queue_id: Uuid) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT user_id FROM queue_members WHERE organization_id = $1 AND queue_id = $2 ORDER BY user_id"
    )
    .bind(org)
    .bind(queue_id)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Replaces a queue's members, keeping the round-robin turns of those who stay.
pub async fn set_members(tx: &mut Tx, org: Uuid, queue_id: Uuid, users: &[Uuid]) -> Result<(), DbError> {
    let current = members(&mut *tx, org, queue_id).await?;
    for gone in current.iter().filter(|u| !users.contains(u)) {
        on_tx!(tx, |conn| sqlx::query(
            "DELETE FROM queue_members WHERE organization_id = $1 AND queue_id = $2 AND user_id = $3"
        )
        .bind(org)
        .bind(queue_id)
        .bind(gone)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    for user in users.iter().filter(|u| !current.contains(u)) {
        on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO queue_members (organization_id, queue_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        )
        .bind(org)
        .bind(queue_id)
        .bind(user)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn queues_of_user<'c>(conn: impl Into<Conn<'c>>, org: Uuid, user: Uuid) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> = on_conn!(conn.into(), |c| {
        sqlx::query_as(
        "SELECT m.queue_id FROM queue_members m JOIN queues q ON q.organization_id = m.organization_id AND q.id = m.queue_id \
         WHERE m.organization_id = $1 AND m.user_id = $2 AND q.archived_at IS NULL ORDER BY m.queue_id"
    )
    .bind(org)
    .bind(user)
    .fetch_all(c)
    .await
    })?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Every (user, queue) membership of the organization's live queues: the agent list reads
/// them at once instead of once per agent.
pub async fn memberships<'c>(conn: impl Into<Conn<'c>>, org: Uuid) -> Result<Vec<(Uuid, Uuid)>, DbError> {
    Ok(on_conn!(conn.into(), |c| {
        sqlx::query_as(
            "SELECT m.user_id, m.queue_id FROM queue_members m \
             JOIN queues q ON q.organization_id = m.organization_id AND q.id = m.queue_id \
             WHERE m.organization_id = $1 AND q.archived_at IS NULL ORDER BY m.user_id, m.queue_id",
        )
        .bind(org)
        .fetch_all(c)
        .await
    })?)
}

/// An agent as assignment sees it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CandidateRow {
    pub user_id: Uuid,
    pub status: String,
    pub capacity: i64,
    pub active: bool,
    pub assigned_count: i64,
    /// Last turn in this queue (round robin).
    pub member_last_assigned_at: Option<DbTs>,
    /// Last conversation from anywhere (intelligent: longest idle).
    pub agent_last_assigned_at: Option<DbTs>,
}

const SELECT_CANDIDATE: &str = "SELECT u.id AS user_id, u.status, u.capacity, u.active, \
    COALESCE(a.assigned_count, 0) AS assigned_count, m.last_assigned_at AS member_last_assigned_at, \
    a.last_assigned_at AS agent_last_assigned_at \
    FROM queue_members m JOIN users u ON u.organization_id = m.organization_id AND u.id = m.user_id \
    LEFT JOIN agent_counters a ON a.organization_id = m.organization_id AND a.user_id = m.user_id ";

pub async fn candidates<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    queue_id: Uuid,
) -> Result<Vec<CandidateRow>, DbError> {
    let sql = format!("{SELECT_CANDIDATE}WHERE m.organization_id = $1 AND m.queue_id = $2 ORDER BY u.id");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(queue_id).fetch_all(c).await)?)
}

/// One agent as assignment sees it, whether or not a member of any queue.
pub async fn agent<'c>(conn: impl Into<Conn<'c>>, org: Uuid, user: Uuid) -> Result<Option<CandidateRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT u.id AS user_id, u.status, u.capacity, u.active, COALESCE(a.assigned_count, 0) AS assigned_count, \
         NULL AS member_last_assigned_at, a.last_assigned_at AS agent_last_assigned_at \
         FROM users u LEFT JOIN agent_counters a ON a.organization_id = u.organization_id AND a.user_id = u.id \
         WHERE u.organization_id = $1 AND u.id = $2"
    )
    .bind(org)
    .bind(user)
    .fetch_optional(c)
    .await)?)
}

#[derive(Clone, Debug, Default, sqlx::FromRow)]
pub struct CountersRow {
    pub assigned_count: i64,
    pub unread_conversations: i64,
    pub unread_messages: i64,
}

pub async fn counters<'c>(conn: impl Into<Conn<'c>>, org: Uuid, user: Uuid) -> Result<CountersRow, DbError> {
    let row: Option<CountersRow> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT assigned_count, unread_conversations, unread_messages FROM agent_counters \
         WHERE organization_id = $1 AND user_id = $2"
    )
    .bind(org)
    .bind(user)
    .fetch_optional(c)
    .await)?;
    Ok(row.unwrap_or_default())
}

/// Every agent's counters in the organization, keyed by user.
pub async fn all_counters<'c>(conn: impl Into<Conn<'c>>, org: Uuid) -> Result<Vec<(Uuid, CountersRow)>, DbError> {
    let rows: Vec<UserCountersRow> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT user_id, assigned_count, unread_conversations, unread_messages FROM agent_counters \
         WHERE organization_id = $1"
    )
    .bind(org)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|r| (r.user_id, r.counters)).collect())
}

#[derive(sqlx::FromRow)]
struct UserCountersRow {
    user_id: Uuid,
    #[sqlx(flatten)]
    counters: CountersRow,
}

async fn ensure_counters(tx: &mut Tx, org: Uuid, user: Uuid) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO agent_counters (organization_id, user_id, assigned_count, unread_conversations, unread_messages) \
         VALUES ($1, $2, 0, 0, 0) ON CONFLICT (organization_id, user_id) DO NOTHING"
    )
    .bind(org)
    .bind(user)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Takes one place of an agent's capacity; false when the agent is already full.
/// Optionally counts the turn in a queue (round robin).
pub async fn take_place(
    tx: &mut Tx,
    org: Uuid,
    user: Uuid,
    capacity: i64,
    queue_turn: Option<Uuid>,
    now: Ts,
) -> Result<bool, DbError> {
    ensure_counters(tx, org, user).await?;
    let done = on_tx!(tx, |conn| sqlx::query(
        "UPDATE agent_counters SET assigned_count = assigned_count + 1, last_assigned_at = $4 \
         WHERE organization_id = $1 AND user_id = $2 AND assigned_count < $3"
    )
    .bind(org)
    .bind(user)
    .bind(capacity)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    if done == 1
        && let Some(queue) = queue_turn
    {
        on_tx!(tx, |conn| {
            sqlx::query(
            "UPDATE queue_members SET last_assigned_at = $4 WHERE organization_id = $1 AND queue_id = $2 AND user_id = $3"
        )
        .bind(org)
        .bind(queue)
        .bind(user)
        .bind(DbTs(now))
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
        })?;
    }
    Ok(done == 1)
}

/// Gives back a place, and the conversation's unread share, when it leaves the agent.
pub async fn release_place(tx: &mut Tx, org: Uuid, user: Uuid, unread_messages: i64) -> Result<(), DbError> {
    ensure_counters(tx, org, user).await?;
    let unread_conversation = i64::from(unread_messages > 0);
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE agent_counters SET assigned_count = CASE WHEN assigned_count > 0 THEN assigned_count - 1 ELSE 0 END, \
         unread_conversations = CASE WHEN unread_conversations >= $3 THEN unread_conversations - $3 ELSE 0 END, \
         unread_messages = CASE WHEN unread_messages >= $4 THEN unread_messages - $4 ELSE 0 END \
         WHERE organization_id = $1 AND user_id = $2"
    )
    .bind(org)
    .bind(user)
    .bind(unread_conversation)
    .bind(unread_messages)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves an agent's unread counters (a conversation's unread messages changed).
pub async fn add_unread(tx: &mut Tx, org: Uuid, user: Uuid, conversations: i64, messages: i64) -> Result<(), DbError> {
    ensure_counters(tx, org, user).await?;
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE agent_counters SET unread_conversations = unread_conversations + $3, \
         unread_messages = unread_messages + $4 WHERE organization_id = $1 AND user_id = $2"
    )
    .bind(org)
    .bind(user)
    .bind(conversations)
    .bind(messages)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub struct LogEntry<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub campaign_id: Uuid,
    pub from_agent_id: Option<Uuid>,
    pub to_agent_id: Option<Uuid>,
    pub from_queue_id: Option<Uuid>,
    pub to_queue_id: Option<Uuid>,
    pub source: &'a str,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<&'a str>,
    pub at: Ts,
}

pub async fn log_assignment(tx: &mut Tx, e: &LogEntry<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO assignment_log (organization_id, id, conversation_id, contact_id, campaign_id, from_agent_id, \
         to_agent_id, from_queue_id, to_queue_id, source, actor_user_id, actor_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(e.org)
    .bind(e.id)
    .bind(e.conversation_id)
    .bind(e.contact_id)
    .bind(e.campaign_id)
    .bind(e.from_agent_id)
    .bind(e.to_agent_id)
    .bind(e.from_queue_id)
    .bind(e.to_queue_id)
    .bind(e.source)
    .bind(e.actor_user_id)
    .bind(e.actor_name)
    .bind(DbTs(e.at))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LogRow {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub campaign_id: Uuid,
    pub from_agent_id: Option<Uuid>,
    pub to_agent_id: Option<Uuid>,
    pub from_queue_id: Option<Uuid>,
    pub to_queue_id: Option<Uuid>,
    pub source: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub at: DbTs,
}

pub async fn assignment_log<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    conversation_id: Option<Uuid>,
    supervisor: Option<Uuid>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<LogRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, conversation_id, contact_id, campaign_id, from_agent_id, to_agent_id, from_queue_id, to_queue_id, \
         source, actor_user_id, actor_name, at FROM assignment_log \
         WHERE organization_id = $1 AND ($2 IS NULL OR conversation_id = $2) AND ($3 IS NULL OR id > $3) \
         AND ($5 IS NULL OR campaign_id IN (SELECT s.campaign_id FROM supervised_campaigns s \
         WHERE s.organization_id = $1 AND s.user_id = $5)) \
         ORDER BY id LIMIT $4"
    )
    .bind(org)
    .bind(conversation_id)
    .bind(after)
    .bind(limit)
    .bind(supervisor)
    .fetch_all(c)
    .await)?)
}
