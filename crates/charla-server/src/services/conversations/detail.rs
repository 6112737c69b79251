//! One conversation with what the agent needs beside it (CONV-5, CONV-10): its contact,
//! the contact's earlier conversations and messages within the caller's reach, and the
//! campaign's rules for closing.

use std::collections::BTreeSet;

use charla_db::repo::conversations::{self, ConversationRow};
use charla_db::repo::{campaign_settings, channels, contacts, dispositions, messages};
use charla_domain::inbox_view::InboxView;
use jiff::SignedDuration;
use uuid::Uuid;

use super::closing;
use super::inbox::HISTORY_DAYS;
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::campaign_rules::{self, CampaignRules};
use crate::services::inbox_access::{self, NumberVisibility};
use crate::state::AppState;
use crate::views::contacts::{ContactView, IdentityView, NoteView};
use crate::views::conversations::{
    ConversationCampaignView, ConversationChannelView, ConversationContactDetailView, ConversationDetailView,
    ConversationFieldView, DispositionChoiceView,
};
use crate::views::inbox::{ConversationView, MessageView};

/// The conversation, if the caller sees it (another's is not found), with its context.
pub async fn get(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ConversationDetailView> {
    let row = conversations::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let view = inbox_access::view(state, caller).await?;
    if !inbox_access::sees(state, caller.org, &view, &row).await? {
        return Err(ErrorCode::NotFound.into());
    }
    let numbers = inbox_access::number_visibility(state, caller.org, Some(&view)).await?;
    let show = numbers.shows(row.campaign_id);
    let rules = campaign_rules::load(&state.db, caller.org, row.campaign_id).await?;
    let contact = contact(state, caller.org, row.contact_id, show).await?;
    let (previous, history) = past(state, caller.org, &row, &view, &numbers, &rules).await?;
    let (campaign, channel) = campaign(state, caller.org, &row, rules).await?;
    Ok(ConversationDetailView {
        conversation: ConversationView::new(&row, show),
        contact,
        campaign,
        channel,
        previous_conversations: previous,
        history_messages: history,
    })
}

async fn contact(state: &AppState, org: Uuid, id: Uuid, show: bool) -> AppResult<ConversationContactDetailView> {
    let contact = contacts::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    let identities = contacts::identities(&state.db, org, id).await?;
    let tags = contacts::tags(&state.db, org, id).await?;
    let notes = contacts::notes(&state.db, org, id).await?;
    Ok(ConversationContactDetailView {
        contact: ContactView::new(&contact, show),
        identities: IdentityView::list(&identities, show),
        tags,
        notes: notes.iter().map(NoteView::from).collect(),
    })
}

/// The contact's earlier conversations and their messages, where the campaign lets agents
/// see them: a supervisor's reach is its supervision's (the whole history of the campaigns
/// it oversees), an agent's the campaign's rule (any campaign, the last hours).
async fn past(
    state: &AppState,
    org: Uuid,
    row: &ConversationRow,
    view: &InboxView,
    numbers: &NumberVisibility,
    rules: &CampaignRules,
) -> AppResult<(Vec<ConversationView>, Vec<MessageView>)> {
    let supervises = view.oversees(row.campaign_id);
    if !supervises && !rules.permissions.history {
        return Ok((Vec::new(), Vec::new()));
    }
    let reach = if supervises { 24 * HISTORY_DAYS } else { rules.permissions.history_hours };
    let since = state.clock.now().minus(SignedDuration::from_hours(reach));
    let theirs = conversations::of_contact(&state.db, org, row.contact_id, 200).await?;
    let in_reach = |campaign: Uuid| !supervises || view.oversees(campaign);
    let previous = theirs
        .iter()
        .filter(|c| c.id != row.id && c.opened_at.0 >= since && in_reach(c.campaign_id))
        .take(20)
        .map(|c| ConversationView::new(c, numbers.shows(c.campaign_id)))
        .collect();
    let reachable: BTreeSet<Uuid> = theirs.iter().filter(|c| in_reach(c.campaign_id)).map(|c| c.id).collect();
    let history = messages::of_contact_since(&state.db, org, row.contact_id, since, row.id, 200)
        .await?
        .iter()
        .filter(|m| !supervises || reachable.contains(&m.conversation_id))
        .map(MessageView::from)
        .collect();
    Ok((previous, history))
}

/// The campaign's rules for the agent and for closing, and the conversation's channel.
async fn campaign(
    state: &AppState,
    org: Uuid,
    row: &ConversationRow,
    rules: CampaignRules,
) -> AppResult<(ConversationCampaignView, Option<ConversationChannelView>)> {
    let mut tx = state.db.begin().await?;
    let fields = closing::field_defs(&mut tx, org, row.campaign_id).await?;
    let allowed = campaign_settings::dispositions(&mut tx, org, row.campaign_id).await?;
    let named = dispositions::list(&mut tx, org, Some(rules.project_id))
        .await?
        .iter()
        .filter(|d| allowed.contains(&d.id) && d.archived_at.is_none())
        .map(|d| DispositionChoiceView { id: d.id, name: d.name.clone() })
        .collect();
    let channel = channels::get(&mut tx, org, row.channel_id).await?;
    tx.commit().await?;
    let campaign = ConversationCampaignView {
        id: rules.id,
        name: rules.name,
        agent_permissions: rules.permissions,
        disposition_ids: allowed,
        dispositions: named,
        fields: fields.iter().map(ConversationFieldView::from).collect(),
    };
    Ok((campaign, channel.map(|c| ConversationChannelView { id: c.id, name: c.name, kind: c.kind })))
}
