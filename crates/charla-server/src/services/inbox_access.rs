//! What a caller may see of the inbox: everything (administrators), the campaigns it
//! supervises (ORG-3), or an agent's own and its queues' conversations; and in which
//! campaigns the contact's number shows (CONV-5).

use std::collections::BTreeSet;

use charla_db::repo::conversations::{ConversationRow, Scope};
use charla_db::repo::{queues, supervision};
use charla_domain::access::Permission;
use charla_domain::inbox_view::InboxView;
use uuid::Uuid;

use super::campaign_rules;
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::state::AppState;

/// Supervisors and administrators act with a supervisor's rights (on the conversations
/// their view shows them: see [`view`]).
pub fn supervises(caller: &Caller) -> bool {
    caller.can(Permission::InboxAll) || caller.can(Permission::InboxSupervise)
}

/// What of the inbox a user with these permissions sees, with the campaigns it supervises.
pub async fn view_of(
    state: &AppState,
    org: Uuid,
    user: Uuid,
    permissions: &BTreeSet<Permission>,
) -> AppResult<Option<InboxView>> {
    let supervised = if InboxView::needs_supervision(permissions) {
        supervision::campaigns_of(&state.db, org, user).await?
    } else {
        BTreeSet::new()
    };
    Ok(InboxView::of(user, permissions, supervised))
}

/// The caller's view of the inbox; 403 without any inbox permission.
pub async fn view(state: &AppState, caller: &Caller) -> AppResult<InboxView> {
    view_of(state, caller.org, caller.user_id, &caller.permissions).await?.ok_or(ErrorCode::Forbidden.into())
}

/// The list query's scope for a view.
pub fn list_scope(view: &InboxView) -> Scope {
    match view {
        InboxView::All => Scope::All,
        InboxView::Supervisor { me, campaigns } => {
            Scope::Supervisor { me: *me, campaigns: campaigns.iter().copied().collect() }
        }
        InboxView::Agent(me) => Scope::Agent(*me),
    }
}

/// Whether the caller may see this conversation; others get 404, as if it did not exist.
pub async fn check_visible(state: &AppState, caller: &Caller, row: &ConversationRow) -> AppResult<()> {
    let view = view(state, caller).await?;
    if sees(state, caller.org, &view, row).await? { Ok(()) } else { Err(ErrorCode::NotFound.into()) }
}

/// Whether a view shows this conversation: its campaign is overseen, or it is the person's
/// own or waits for them in one of their queues.
pub async fn sees(state: &AppState, org: Uuid, view: &InboxView, row: &ConversationRow) -> AppResult<bool> {
    if view.oversees(row.campaign_id) {
        return Ok(true);
    }
    let Some(me) = view.me() else {
        return Ok(true);
    };
    if row.agent_id == Some(me) {
        return Ok(true);
    }
    let waiting_for_me = row.status == "queued" && row.reserved_for.is_none_or(|r| r == me);
    Ok(waiting_for_me
        && match row.queue_id {
            Some(queue) => queues::members(&state.db, org, queue).await?.contains(&me),
            None => false,
        })
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

/// Administrators see every number; supervisors those of the campaigns they supervise; and
/// everyone those of the campaigns that show numbers to agents.
pub async fn number_visibility(state: &AppState, org: Uuid, view: Option<&InboxView>) -> AppResult<NumberVisibility> {
    if matches!(view, Some(InboxView::All)) {
        return Ok(NumberVisibility::Everywhere);
    }
    let campaigns = campaign_rules::all(&state.db, org).await?;
    let mut shown: BTreeSet<Uuid> =
        campaigns.into_iter().filter(|c| c.permissions.show_contact_number).map(|c| c.id).collect();
    if let Some(overseen) = view.and_then(InboxView::campaigns) {
        shown.extend(overseen.iter().copied());
    }
    Ok(NumberVisibility::In(shown))
}

pub async fn number_visibility_of(state: &AppState, caller: &Caller) -> AppResult<NumberVisibility> {
    let view = view_of(state, caller.org, caller.user_id, &caller.permissions).await?;
    number_visibility(state, caller.org, view.as_ref()).await
}

/// Reports and logs by campaign: a supervisor's cover only the campaigns it supervises
/// (Some: the supervisor, whose list the query reads); everyone else's are unchanged.
pub fn report_supervisor(caller: &Caller) -> Option<Uuid> {
    InboxView::needs_supervision(&caller.permissions).then_some(caller.user_id)
}
