//! Contacts who wrote outside hours (BOT-3): one row per conversation, for the page that
//! lets agents reach them back.

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

pub struct NewEntry {
    pub org: Uuid,
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    pub contact_id: Uuid,
    pub conversation_id: Uuid,
    pub wrote_at: Ts,
    pub callback_offered: bool,
}

/// Records the conversation once; a second call changes nothing.
pub async fn insert(tx: &mut Tx, e: &NewEntry) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO out_of_hours_contacts (organization_id, id, campaign_id, channel_id, contact_id, \
         conversation_id, wrote_at, callback_offered) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (organization_id, conversation_id) DO NOTHING",
    )
    .bind(e.org)
    .bind(e.id)
    .bind(e.campaign_id)
    .bind(e.channel_id)
    .bind(e.contact_id)
    .bind(e.conversation_id)
    .bind(DbTs(e.wrote_at))
    .bind(e.callback_offered)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_callback(tx: &mut Tx, org: Uuid, conversation: Uuid, answer: Option<bool>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE out_of_hours_contacts SET callback = $3 WHERE organization_id = $1 AND conversation_id = $2"
    )
    .bind(org)
    .bind(conversation)
    .bind(answer)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The contact asked to be told when hours open and has not been yet.
pub async fn awaits_notice<'c>(conn: impl Into<Conn<'c>>, org: Uuid, conversation: Uuid) -> Result<bool, DbError> {
    let row: Option<(Uuid,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id FROM out_of_hours_contacts WHERE organization_id = $1 AND conversation_id = $2 \
         AND callback = TRUE AND callback_notified_at IS NULL"
    )
    .bind(org)
    .bind(conversation)
    .fetch_optional(c)
    .await)?;
    Ok(row.is_some())
}

pub async fn mark_notified(tx: &mut Tx, org: Uuid, conversation: Uuid, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE out_of_hours_contacts SET callback_notified_at = $3 WHERE organization_id = $1 AND conversation_id = $2"
    )
    .bind(org)
    .bind(conversation)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn mark_sent(tx: &mut Tx, org: Uuid, id: Uuid, by: Uuid, now: Ts) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "UPDATE out_of_hours_contacts SET message_sent_at = $3, message_sent_by = $4 \
         WHERE organization_id = $1 AND id = $2",
    )
    .bind(org)
    .bind(id)
    .bind(DbTs(now))
    .bind(by)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EntryRow {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    pub contact_id: Uuid,
    pub conversation_id: Uuid,
    pub wrote_at: DbTs,
    pub callback_offered: bool,
    pub callback: Option<bool>,
    pub message_sent_at: Option<DbTs>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// The agent the conversation went to, if any.
    pub agent_id: Option<Uuid>,
}

macro_rules! select_entry {
    () => {
        "SELECT o.id, o.campaign_id, o.channel_id, o.contact_id, o.conversation_id, o.wrote_at, \
         o.callback_offered, o.callback, o.message_sent_at, c.name AS contact_name, c.phone AS contact_phone, \
         v.agent_id FROM out_of_hours_contacts o \
         JOIN contacts c ON c.organization_id = o.organization_id AND c.id = o.contact_id \
         JOIN conversations v ON v.organization_id = o.organization_id AND v.id = o.conversation_id "
    };
}

/// Who wrote outside hours since `since`, newest first.
pub async fn since<'c>(conn: impl Into<Conn<'c>>, org: Uuid, since: Ts, limit: i64) -> Result<Vec<EntryRow>, DbError> {
    const SQL: &str = concat!(
        select_entry!(),
        "WHERE o.organization_id = $1 AND o.wrote_at >= $2 ORDER BY o.wrote_at DESC, o.id DESC LIMIT $3"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(DbTs(since)).bind(limit).fetch_all(c).await)?)
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<EntryRow>, DbError> {
    const SQL: &str = concat!(select_entry!(), "WHERE o.organization_id = $1 AND o.id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(id).fetch_optional(c).await)?)
}
