//! The lifecycle actions as people ask for them (`POST /conversations/{id}/…`): each one
//! answers the conversation as the caller sees it, the number masked unless it shows
//! (CONV-5). The changes themselves are `transfer`'s.

use charla_db::repo::conversations::ConversationRow;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use super::transfer::{self, Target};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::inbox_access;
use crate::state::AppState;
use crate::views::conversations::{MassTransferItemView, MassTransferView};
use crate::views::inbox::ConversationView;

/// The conversation as the caller sees it.
pub async fn shown(state: &AppState, caller: &Caller, row: &ConversationRow) -> AppResult<ConversationView> {
    let show = inbox_access::number_visibility_of(state, caller).await?.shows(row.campaign_id);
    Ok(ConversationView::new(row, show))
}

pub async fn accept(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ConversationView> {
    shown(state, caller, &transfer::accept(state, caller, id).await?).await
}

pub async fn assign(state: &AppState, caller: &Caller, id: Uuid, agent: Uuid) -> AppResult<ConversationView> {
    shown(state, caller, &transfer::assign(state, caller, id, agent).await?).await
}

pub async fn unassign(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ConversationView> {
    shown(state, caller, &transfer::unassign(state, caller, id).await?).await
}

pub async fn mark_read(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ConversationView> {
    shown(state, caller, &transfer::mark_read(state, caller, id).await?).await
}

pub async fn set_bot_paused(state: &AppState, caller: &Caller, id: Uuid, paused: bool) -> AppResult<ConversationView> {
    shown(state, caller, &transfer::set_bot_paused(state, caller, id, paused).await?).await
}

/// Where a transfer goes, as asked: exactly one of the three.
#[derive(Clone, Copy, Debug)]
pub struct TransferTo {
    pub agent_id: Option<Uuid>,
    pub queue_id: Option<Uuid>,
    pub campaign_id: Option<Uuid>,
}

impl TransferTo {
    fn target(self) -> AppResult<Target> {
        match (self.agent_id, self.queue_id, self.campaign_id) {
            (Some(a), None, None) => Ok(Target::Agent(a)),
            (None, Some(q), None) => Ok(Target::Queue(q)),
            (None, None, Some(c)) => Ok(Target::Campaign(c)),
            _ => Err(Invalid::single("target", "one_required").into()),
        }
    }
}

pub async fn transfer(state: &AppState, caller: &Caller, id: Uuid, to: TransferTo) -> AppResult<ConversationView> {
    let row = transfer::transfer(state, caller, id, to.target()?, false).await?;
    shown(state, caller, &row).await
}

/// The largest mass transfer one request may ask for.
pub const MASS_MAX: usize = 500;

/// Supervisors move many conversations at once; each one succeeds or fails on its own.
pub async fn mass_transfer(
    state: &AppState,
    caller: &Caller,
    ids: &[Uuid],
    to: TransferTo,
) -> AppResult<MassTransferView> {
    if !inbox_access::supervises(caller) {
        return Err(ErrorCode::Forbidden.into());
    }
    if ids.is_empty() || ids.len() > MASS_MAX {
        let mut invalid = Invalid::new();
        invalid.add_with("conversation_ids", "out_of_range", &[("min", 1), ("max", MASS_MAX as i64)]);
        return Err(invalid.into());
    }
    let target = to.target()?;
    let mut items = Vec::new();
    for id in ids {
        items.push(match transfer::transfer(state, caller, *id, target, true).await {
            Ok(row) => MassTransferItemView { id: *id, ok: true, status: Some(row.status), code: None },
            Err(err) => MassTransferItemView { id: *id, ok: false, status: None, code: Some(err.code()) },
        });
    }
    Ok(MassTransferView { items })
}
