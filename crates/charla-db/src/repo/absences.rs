//! Agents' absence messages (CONV-13).

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AbsenceRow {
    pub user_id: Uuid,
    pub enabled: bool,
    pub message: String,
    pub suggested_contact: Option<String>,
    pub updated_at: DbTs,
    pub updated_by: Uuid,
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, user: Uuid) -> Result<Option<AbsenceRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT user_id, enabled, message, suggested_contact, updated_at, updated_by FROM agent_absences \
         WHERE organization_id = $1 AND user_id = $2"
    )
    .bind(org)
    .bind(user)
    .fetch_optional(c)
    .await)?)
}

pub struct AbsenceUpdate<'a> {
    pub enabled: bool,
    pub message: &'a str,
    pub suggested_contact: Option<&'a str>,
    pub by: Uuid,
    pub now: Ts,
}

pub async fn put(tx: &mut Tx, org: Uuid, user: Uuid, u: &AbsenceUpdate<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO agent_absences (organization_id, user_id, enabled, message, suggested_contact, updated_at, \
         updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (organization_id, user_id) DO UPDATE SET \
         enabled = $3, message = $4, suggested_contact = $5, updated_at = $6, updated_by = $7",
    )
    .bind(org)
    .bind(user)
    .bind(u.enabled)
    .bind(u.message)
    .bind(u.suggested_contact)
    .bind(DbTs(u.now))
    .bind(u.by)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
