//! Which campaigns' figures a caller may read: every campaign with `inbox.all`, the ones
//! it supervises with `inbox.supervise`, none otherwise (an agent's figures are its
//! supervisors' business).

use charla_domain::inbox_view::InboxView;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::inbox_access;
use crate::state::AppState;

/// `None`: every campaign; otherwise only these (possibly none).
pub async fn campaigns(state: &AppState, caller: &Caller) -> AppResult<Option<Vec<Uuid>>> {
    let view = inbox_access::view_of(state, caller.org, caller.user_id, &caller.permissions).await?;
    Ok(match view {
        Some(InboxView::All) => None,
        Some(InboxView::Supervisor { campaigns, .. }) => Some(campaigns.into_iter().collect()),
        Some(InboxView::Agent(_)) | None => Some(Vec::new()),
    })
}

/// Narrows a requested campaign filter to the scope: a campaign outside it reads nothing.
pub fn within(scope: Option<Vec<Uuid>>, requested: Option<Uuid>) -> Option<Vec<Uuid>> {
    match (scope, requested) {
        (None, _) => None,
        (Some(campaigns), Some(one)) => Some(campaigns.into_iter().filter(|c| *c == one).collect()),
        (Some(campaigns), None) => Some(campaigns),
    }
}
