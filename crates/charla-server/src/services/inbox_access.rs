//! What a caller may see of the inbox: everything (supervision) or an agent's own and its
//! queues' conversations; and in which campaigns the contact's number shows (CONV-5).

use std::collections::BTreeSet;

use charla_db::repo::conversations::{ConversationRow, Scope};
use charla_db::repo::queues;
use charla_domain::access::Permission;
use uuid::Uuid;

use super::campaign_rules;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Supervisors and administrators see the whole inbox and every number.
pub fn supervises(caller: &Caller) -> bool {
    caller.can(Permission::InboxAll) || caller.can(Permission::InboxSupervise)
}

pub fn scope(caller: &Caller) -> ApiResult<Scope> {
    if supervises(caller) {
        Ok(Scope::All)
    } else if caller.can(Permission::InboxOwn) {
        Ok(Scope::Agent(caller.user_id))
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Whether the caller may see this conversation; others get 404, as if it did not exist.
pub async fn check_visible(state: &AppState, caller: &Caller, row: &ConversationRow) -> ApiResult<()> {
    match scope(caller)? {
        Scope::All => Ok(()),
        Scope::Agent(me) => {
            if row.agent_id == Some(me) {
                return Ok(());
            }
            let waiting_for_me = row.status == "queued" && row.reserved_for.is_none_or(|r| r == me);
            if waiting_for_me
                && let Some(queue) = row.queue_id
                && queues::members(&state.db, caller.org, queue).await?.contains(&me)
            {
                return Ok(());
            }
            Err(ApiError::NotFound)
        }
    }
}

/// The campaigns in which a caller sees contacts' numbers.
#[derive(Clone, Debug)]
pub enum NumberVisibility {
    Everywhere,
    In(BTreeSet<Uuid>),
}

impl NumberVisibility {
    pub fn shows(&self, campaign: Uuid) -> bool {
        match self {
            NumberVisibility::Everywhere => true,
            NumberVisibility::In(campaigns) => campaigns.contains(&campaign),
        }
    }

    /// For search: None means every campaign.
    pub fn campaigns(&self) -> Option<Vec<Uuid>> {
        match self {
            NumberVisibility::Everywhere => None,
            NumberVisibility::In(campaigns) => Some(campaigns.iter().copied().collect()),
        }
    }
}

pub async fn number_visibility(state: &AppState, org: Uuid, user_supervises: bool) -> ApiResult<NumberVisibility> {
    if user_supervises {
        return Ok(NumberVisibility::Everywhere);
    }
    let campaigns = campaign_rules::all(&state.db, org).await?;
    Ok(NumberVisibility::In(
        campaigns.into_iter().filter(|c| c.permissions.show_contact_number).map(|c| c.id).collect(),
    ))
}

pub async fn number_visibility_of(state: &AppState, caller: &Caller) -> ApiResult<NumberVisibility> {
    number_visibility(state, caller.org, supervises(caller)).await
}
