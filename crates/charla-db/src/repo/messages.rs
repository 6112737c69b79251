//! Messages: inbound, outbound, private notes and system events of a conversation.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Json, Tx, on_conn, on_tx};

macro_rules! select_message {
    () => {
        "SELECT m.id, m.conversation_id, m.contact_id, m.channel_id, m.direction, m.kind, m.text, m.payload, \
         m.file_id, m.reply_to_id, m.author_id, m.network_id, m.status, m.error_code, m.error_title, m.resent, \
         m.sent_at, m.delivered_at, m.read_at, m.created_at, m.updated_at, \
         f.name AS file_name, f.content_type AS file_content_type, f.size AS file_size, u.name AS author_name \
         FROM messages m \
         LEFT JOIN files f ON f.organization_id = m.organization_id AND f.id = m.file_id \
         LEFT JOIN users u ON u.organization_id = m.organization_id AND u.id = m.author_id "
    };
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub channel_id: Uuid,
    pub direction: String,
    pub kind: String,
    pub text: Option<String>,
    pub payload: Json<Value>,
    pub file_id: Option<Uuid>,
    pub reply_to_id: Option<Uuid>,
    pub author_id: Option<Uuid>,
    pub network_id: Option<String>,
    pub status: Option<String>,
    pub error_code: Option<String>,
    pub error_title: Option<String>,
    pub resent: bool,
    pub sent_at: Option<DbTs>,
    pub delivered_at: Option<DbTs>,
    pub read_at: Option<DbTs>,
    pub created_at: DbTs,
    /// The last write to the row. While the message is `sending` that is when its send
    /// began (marking it `sending` writes it; only the upload's media id, just before the
    /// call, writes it again): the outbox's grace for a send caught in the call counts
    /// from it.
    pub updated_at: DbTs,
    pub file_name: Option<String>,
    pub file_content_type: Option<String>,
    pub file_size: Option<i64>,
    pub author_name: Option<String>,
}

pub struct NewMessage<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub channel_id: Uuid,
    pub direction: &'a str,
    pub kind: &'a str,
    pub text: Option<&'a str>,
    pub search_key: Option<&'a str>,
    pub payload: &'a Value,
    pub file_id: Option<Uuid>,
    pub reply_to_id: Option<Uuid>,
    pub author_id: Option<Uuid>,
    pub network_id: Option<&'a str>,
    pub status: Option<&'a str>,
    pub now: Ts,
}

/// Stores a message; with a network id already stored for the channel nothing is written
/// and the answer is false (a redelivered webhook).
pub async fn insert(tx: &mut Tx, m: &NewMessage<'_>) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| {
        sqlx::query(
        "INSERT INTO messages (organization_id, id, conversation_id, contact_id, channel_id, direction, kind, text, \
         search_key, payload, file_id, reply_to_id, author_id, network_id, status, resent, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, FALSE, $16, $16) \
         ON CONFLICT (organization_id, channel_id, network_id) DO NOTHING",
    )
    .bind(m.org)
    .bind(m.id)
    .bind(m.conversation_id)
    .bind(m.contact_id)
    .bind(m.channel_id)
    .bind(m.direction)
    .bind(m.kind)
    .bind(m.text)
    .bind(m.search_key)
    .bind(Json(m.payload))
    .bind(m.file_id)
    .bind(m.reply_to_id)
    .bind(m.author_id)
    .bind(m.network_id)
    .bind(m.status)
    .bind(DbTs(m.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<MessageRow>, DbError> {
    const SQL: &str = concat!(select_message!(), "WHERE m.organization_id = $1 AND m.id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(id).fetch_optional(c).await)?)
}

/// The message, locked until the transaction ends, for a read-then-write that must not
/// interleave with another (two status webhooks for one message arriving together).
/// SQLite's write transactions (`BEGIN IMMEDIATE`) are one at a time already.
pub async fn get_for_update(tx: &mut Tx, org: Uuid, id: Uuid) -> Result<Option<MessageRow>, DbError> {
    const SQL: &str = concat!(select_message!(), "WHERE m.organization_id = $1 AND m.id = $2");
    const LOCKING: &str = concat!(select_message!(), "WHERE m.organization_id = $1 AND m.id = $2 FOR UPDATE OF m");
    Ok(match tx {
        Tx::Sqlite(tx) => sqlx::query_as(SQL).bind(org).bind(id).fetch_optional(&mut ***tx).await?,
        Tx::Postgres(tx) => sqlx::query_as(LOCKING).bind(org).bind(id).fetch_optional(&mut **tx).await?,
    })
}

pub async fn find_by_network_id<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel_id: Uuid,
    network_id: &str,
) -> Result<Option<MessageRow>, DbError> {
    const SQL: &str =
        concat!(select_message!(), "WHERE m.organization_id = $1 AND m.channel_id = $2 AND m.network_id = $3");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL)
        .bind(org)
        .bind(channel_id)
        .bind(network_id)
        .fetch_optional(c)
        .await)?)
}

/// A conversation's messages, oldest first, after a message id (UUIDv7 ids are time-ordered).
/// `before` pages backwards from the newest when set: the newest `limit` before that id.
pub async fn of_conversation<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    conversation_id: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<MessageRow>, DbError> {
    const SQL: &str = concat!(
        "SELECT * FROM (",
        select_message!(),
        "WHERE m.organization_id = $1 AND m.conversation_id = $2 AND ($3 IS NULL OR m.id < $3) \
         ORDER BY m.id DESC LIMIT $4) page ORDER BY id"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL)
        .bind(org)
        .bind(conversation_id)
        .bind(before)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// The contact's newest message in a conversation that the network knows by an id.
pub async fn latest_inbound<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    conversation_id: Uuid,
) -> Result<Option<MessageRow>, DbError> {
    const SQL: &str = concat!(
        select_message!(),
        "WHERE m.organization_id = $1 AND m.conversation_id = $2 AND m.direction = 'inbound' \
         AND m.network_id IS NOT NULL ORDER BY m.id DESC LIMIT 1"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(conversation_id).fetch_optional(c).await)?)
}

/// A contact's messages on a channel, oldest first, since an instant (the history a campaign shows).
pub async fn of_contact_since<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    contact_id: Uuid,
    since: Ts,
    before_conversation: Uuid,
    limit: i64,
) -> Result<Vec<MessageRow>, DbError> {
    const SQL: &str = concat!(
        "SELECT * FROM (",
        select_message!(),
        "WHERE m.organization_id = $1 AND m.contact_id = $2 AND m.created_at >= $3 AND m.conversation_id <> $4 \
         AND m.direction IN ('inbound', 'outbound') ORDER BY m.id DESC LIMIT $5) page ORDER BY id"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL)
        .bind(org)
        .bind(contact_id)
        .bind(DbTs(since))
        .bind(before_conversation)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// The customer-facing messages of a channel (the simulator's thread), oldest first.
pub async fn of_channel<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel_id: Uuid,
    contact_id: Option<Uuid>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<MessageRow>, DbError> {
    const SQL: &str = concat!(
        select_message!(),
        "WHERE m.organization_id = $1 AND m.channel_id = $2 AND ($3 IS NULL OR m.contact_id = $3) \
         AND ($4 IS NULL OR m.id > $4) AND m.direction IN ('inbound', 'outbound') ORDER BY m.id LIMIT $5"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL)
        .bind(org)
        .bind(channel_id)
        .bind(contact_id)
        .bind(after)
        .bind(limit)
        .fetch_all(c)
        .await)?)
}

/// Whether a contact's customer-facing messages on a channel carry this file (what a web
/// chat visitor may download).
pub async fn contact_has_file<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel_id: Uuid,
    contact_id: Uuid,
    file_id: Uuid,
) -> Result<bool, DbError> {
    const SQL: &str = "SELECT COUNT(*) FROM messages WHERE organization_id = $1 AND channel_id = $2 \
         AND contact_id = $3 AND file_id = $4 AND direction IN ('inbound', 'outbound')";
    let count: i64 = on_conn!(conn.into(), |c| sqlx::query_scalar(SQL)
        .bind(org)
        .bind(channel_id)
        .bind(contact_id)
        .bind(file_id)
        .fetch_one(c)
        .await)?;
    Ok(count > 0)
}

pub struct StatusChange<'a> {
    pub status: &'a str,
    pub network_id: Option<&'a str>,
    pub error_code: Option<&'a str>,
    pub error_title: Option<&'a str>,
    pub resent: bool,
    pub sent_at: Option<Ts>,
    pub delivered_at: Option<Ts>,
    pub read_at: Option<Ts>,
    pub now: Ts,
}

pub async fn set_status(tx: &mut Tx, org: Uuid, id: Uuid, s: &StatusChange<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE messages SET status = $3, network_id = COALESCE($4, network_id), error_code = $5, error_title = $6, \
         resent = $7, sent_at = $8, delivered_at = $9, read_at = $10, updated_at = $11 \
         WHERE organization_id = $1 AND id = $2",
    )
    .bind(org)
    .bind(id)
    .bind(s.status)
    .bind(s.network_id)
    .bind(s.error_code)
    .bind(s.error_title)
    .bind(s.resent)
    .bind(s.sent_at.map(DbTs))
    .bind(s.delivered_at.map(DbTs))
    .bind(s.read_at.map(DbTs))
    .bind(DbTs(s.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Outbound messages of a contact on a channel not yet read, oldest first (the customer read them).
pub async fn unread_outbound<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel_id: Uuid,
    contact_id: Uuid,
) -> Result<Vec<MessageRow>, DbError> {
    const SQL: &str = concat!(
        select_message!(),
        "WHERE m.organization_id = $1 AND m.channel_id = $2 AND m.contact_id = $3 AND m.direction = 'outbound' \
         AND m.status IN ('sent', 'delivered') ORDER BY m.id"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(channel_id).bind(contact_id).fetch_all(c).await)?)
}

/// What the network said about a message beyond its status (WhatsApp conversation and pricing).
pub async fn set_network_info(tx: &mut Tx, org: Uuid, id: Uuid, info: &Value, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE messages SET network_info = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(Json(info))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Rewrites a message's content (a reaction set on it, media fetched, an edit).
pub async fn set_content(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    payload: &Value,
    file_id: Option<Uuid>,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE messages SET payload = $3, file_id = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(Json(payload))
    .bind(file_id)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn network_info<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<Value>, DbError> {
    let row: Option<(Option<Json<Value>>,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT network_info FROM messages WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .fetch_optional(c)
    .await)?;
    Ok(row.and_then(|(info,)| info.map(|j| j.0)))
}

/// Replaces a message's text (the contact edited it), keeping the search key in step.
pub async fn set_text(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    text: Option<&str>,
    payload: &Value,
    now: Ts,
) -> Result<(), DbError> {
    let key = text.map(charla_domain::search::search_key);
    on_tx!(tx, |conn| {
        sqlx::query(
        "UPDATE messages SET text = $3, search_key = $4, payload = $5, updated_at = $6 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(text)
    .bind(key)
    .bind(Json(payload))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}
