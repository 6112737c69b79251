//! Supervision (ORG-3): the campaigns whose inbox a supervisor sees, an explicit list.

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::{Conn, DbError, Tx, on_conn, on_tx};

/// The campaigns a user supervises.
pub async fn campaigns_of<'c>(conn: impl Into<Conn<'c>>, org: Uuid, user: Uuid) -> Result<BTreeSet<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT campaign_id FROM supervised_campaigns WHERE organization_id = $1 AND user_id = $2"
    )
    .bind(org)
    .bind(user)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Replaces the user's list (the caller checked every campaign belongs to `org`).
pub async fn replace(tx: &mut Tx, org: Uuid, user: Uuid, campaigns: &BTreeSet<Uuid>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("DELETE FROM supervised_campaigns WHERE organization_id = $1 AND user_id = $2")
        .bind(org)
        .bind(user)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for campaign in campaigns {
        on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO supervised_campaigns (organization_id, user_id, campaign_id) VALUES ($1, $2, $3)"
        )
        .bind(org)
        .bind(user)
        .bind(*campaign)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Gives the user every campaign the organization has now (as the migration did for the
/// supervisors who existed then).
pub async fn supervise_all(tx: &mut Tx, org: Uuid, user: Uuid) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO supervised_campaigns (organization_id, user_id, campaign_id) \
         SELECT c.organization_id, $2, c.id FROM campaigns c WHERE c.organization_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM supervised_campaigns s WHERE s.organization_id = $1 \
         AND s.user_id = $2 AND s.campaign_id = c.id)"
    )
    .bind(org)
    .bind(user)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
