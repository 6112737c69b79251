//! A contact's marketing preference as their network reports it (WhatsApp's
//! `user_preferences`): it is kept in the broadcasts' `opt_outs` (organization, E.164
//! phone), the one list every marketing broadcast skips. A stop is recorded like the opt-out
//! word (`broadcasts::add_opt_out`, with its own word); a resume removes the entry.

use uuid::Uuid;

use crate::{DbError, Tx, on_tx};

/// The word an opt-out from the network's own setting is recorded with.
pub const NETWORK_STOP: &str = "whatsapp:user_preferences";

/// The contact asked for marketing again: no longer opted out.
pub async fn resume(tx: &mut Tx, org: Uuid, phone: &str) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("DELETE FROM opt_outs WHERE organization_id = $1 AND phone = $2")
        .bind(org)
        .bind(phone)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
