//! What the server stored, read back from its database (read only: the benches never write
//! the application's tables behind the server's back).

use std::collections::HashMap;

use charla_db::Db;
use uuid::Uuid;

/// Waits (at most `cap`) until the intake drain has applied every stored webhook event;
/// returns how long it took, or `None` past the cap.
pub async fn drained(db: &Db, cap: std::time::Duration) -> anyhow::Result<Option<std::time::Duration>> {
    let started = std::time::Instant::now();
    while charla_db::repo::inbound_events::pending_count(db).await? > 0 {
        if started.elapsed() > cap {
            return Ok(None);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Ok(Some(started.elapsed()))
}

/// How many inbound messages of the channel carry each network id.
pub async fn inbound_by_network_id(db: &Db, channel: Uuid) -> anyhow::Result<HashMap<String, i64>> {
    let rows: Vec<(Option<String>, i64)> = charla_db::on_db!(db, |pool| {
        sqlx::query_as(
        "SELECT network_id, COUNT(*) FROM messages WHERE channel_id = $1 AND direction = 'inbound' GROUP BY network_id"
    )
    .bind(channel)
    .fetch_all(pool)
    .await
    })?;
    Ok(rows.into_iter().map(|(id, n)| (id.unwrap_or_default(), n)).collect())
}

/// An outbound message as the outbox left it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Outbound {
    pub id: Uuid,
    pub text: Option<String>,
    pub network_id: Option<String>,
    pub status: Option<String>,
    pub resent: bool,
    /// The contact's phone (the recipient's wa_id with a `+`).
    pub recipient: Option<String>,
}

pub async fn outbound(db: &Db, channel: Uuid) -> anyhow::Result<Vec<Outbound>> {
    let rows: Vec<Outbound> = charla_db::on_db!(db, |pool| sqlx::query_as(
        "SELECT m.id, m.text, m.network_id, m.status, m.resent, c.phone AS recipient FROM messages m \
         JOIN contacts c ON c.organization_id = m.organization_id AND c.id = m.contact_id \
         WHERE m.channel_id = $1 AND m.direction = 'outbound'"
    )
    .bind(channel)
    .fetch_all(pool)
    .await)?;
    Ok(rows)
}

/// The channel's open conversations (agents may answer them).
pub async fn open_conversations(db: &Db, channel: Uuid) -> anyhow::Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = charla_db::on_db!(db, |pool| sqlx::query_scalar(
        "SELECT id FROM conversations WHERE channel_id = $1 AND status <> 'closed' ORDER BY id"
    )
    .bind(channel)
    .fetch_all(pool)
    .await)?;
    Ok(ids)
}
