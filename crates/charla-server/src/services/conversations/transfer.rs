//! Manual routing (CONV-2): accept, assign, unassign, transfer to an agent, a queue or
//! another campaign, mass transfer; reading (unread counters) and pausing the bot.

use charla_db::repo::conversations::{self, ConversationRow, NewConversation};
use charla_db::repo::queues;
use charla_domain::conversations::lifecycle::{Action, ClosedReason, ConversationStatus};
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use super::routing::{self, Move, Placement, Step, Touched};
use super::{Actor, Working, change, closing, events};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::campaign_rules::{self, CampaignRules};
use crate::services::contacts as contact_service;
use crate::services::inbox_access::supervises;
use crate::state::AppState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Agent(Uuid),
    Queue(Uuid),
    Campaign(Uuid),
}

/// An agent takes a waiting conversation of their queues by hand.
pub async fn accept(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ConversationRow> {
    let actor = Actor::of(caller);
    change!(state, caller, id, |tx, w, touched, now| {
        if w.status() != ConversationStatus::Queued {
            return Err(ErrorCode::NotWaiting.into());
        }
        routing::assign_to(Step { state, org: caller.org, now }, tx, w, caller.user_id, &actor, touched).await
    })
}

/// A supervisor gives a conversation to an agent.
pub async fn assign(state: &AppState, caller: &Caller, id: Uuid, agent: Uuid) -> AppResult<ConversationRow> {
    if !supervises(caller) {
        return Err(ErrorCode::Forbidden.into());
    }
    let actor = Actor::of(caller);
    change!(state, caller, id, |tx, w, touched, now| {
        if w.status() == ConversationStatus::Closed {
            return Err(ErrorCode::AlreadyClosed.into());
        }
        routing::assign_to(Step { state, org: caller.org, now }, tx, w, agent, &actor, touched).await
    })
}

/// Back to its queue, for someone else: the agent who had it is skipped this time.
pub async fn unassign(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ConversationRow> {
    let actor = Actor::of(caller);
    change!(state, caller, id, |tx, w, touched, now| {
        if w.status() != ConversationStatus::Assigned {
            return Err(ErrorCode::NotAssigned.into());
        }
        if !supervises(caller) && w.row.agent_id != Some(caller.user_id) {
            return Err(ErrorCode::Forbidden.into());
        }
        let queue = w.next.queue_id.ok_or(ErrorCode::NoQueue)?;
        requeue(Step { state, org: caller.org, now }, tx, w, queue, &actor, touched).await
    })
}

/// Releases the agent and puts the conversation in `queue`, then routes it.
async fn requeue(
    step: Step<'_>,
    tx: &mut charla_db::Tx,
    w: &mut Working,
    queue: Uuid,
    actor: &Actor,
    touched: &mut Touched,
) -> AppResult<()> {
    let org = step.org;
    let rules = campaign_rules::load(&mut *tx, org, w.row.campaign_id).await?;
    let from_queue = w.next.queue_id;
    let was_waiting = w.status() == ConversationStatus::Queued;
    if was_waiting && let Some(old) = from_queue {
        queues::add_waiting(tx, org, old, -1).await?;
        touched.queue(old);
    }
    let previous = routing::release_agent(tx, org, w, touched).await?;
    w.act(if was_waiting { Action::TransferToQueue } else { Action::Unassign })?;
    let mv = Move { from_agent: previous, to_agent: None, from_queue, to_queue: Some(queue) };
    routing::log(step, tx, w, mv, actor).await?;
    routing::enqueue(step, tx, w, &rules, Placement { queue, exclusive_owner: None, skip: previous }, touched).await
}

pub async fn transfer(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    target: Target,
    mass: bool,
) -> AppResult<ConversationRow> {
    let actor = Actor::of(caller);
    change!(state, caller, id, |tx, w, touched, now| {
        if w.status() == ConversationStatus::Closed {
            return Err(ErrorCode::AlreadyClosed.into());
        }
        let rules = campaign_rules::load(&mut *tx, caller.org, w.row.campaign_id).await?;
        let own = w.row.agent_id == Some(caller.user_id);
        if !supervises(caller) && !own {
            return Err(ErrorCode::Forbidden.into());
        }
        match target {
            Target::Agent(agent) => {
                if !supervises(caller) && !rules.permissions.transfer_between_agents {
                    return Err(ErrorCode::TransferNotAllowed.into());
                }
                routing::assign_to(Step { state, org: caller.org, now }, tx, w, agent, &actor, touched).await
            }
            Target::Queue(queue) => {
                let row = queues::get(&mut *tx, caller.org, queue).await?;
                let Some(row) = row.filter(|q| q.campaign_id == w.row.campaign_id && q.archived_at.is_none()) else {
                    return Err(Invalid::single("queue_id", "invalid").into());
                };
                requeue(Step { state, org: caller.org, now }, tx, w, row.id, &actor, touched).await
            }
            Target::Campaign(campaign) => {
                to_campaign(Step { state, org: caller.org, now }, tx, w, (campaign, mass), &actor, touched).await
            }
        }
    })
}

/// The campaign a conversation may be transferred to: another one, not archived.
async fn other_campaign(tx: &mut charla_db::Tx, org: Uuid, w: &Working, campaign: Uuid) -> AppResult<CampaignRules> {
    if campaign == w.row.campaign_id {
        return Err(Invalid::single("campaign_id", "invalid").into());
    }
    match campaign_rules::load(&mut *tx, org, campaign).await {
        Ok(t) if !t.archived => Ok(t),
        Ok(_) | Err(AppError::Code(ErrorCode::NotFound)) => Err(Invalid::single("campaign_id", "invalid").into()),
        Err(e) => Err(e),
    }
}

/// Closes here as transferred (with the campaign's transfer disposition) and opens the
/// contact's conversation in the other campaign, queued there and routed.
async fn to_campaign(
    step: Step<'_>,
    tx: &mut charla_db::Tx,
    w: &mut Working,
    (campaign, mass): (Uuid, bool),
    actor: &Actor,
    touched: &mut Touched,
) -> AppResult<()> {
    let Step { state, org, now } = step;
    let target = other_campaign(tx, org, w, campaign).await?;
    let here = campaign_rules::load(&mut *tx, org, w.row.campaign_id).await?;
    let disposition = if mass { here.mass_transfer_disposition_id } else { here.transfer_disposition_id };
    let queue = target.default_queue_id.ok_or(ErrorCode::CampaignWithoutQueue)?;
    let new_conversation = new_id();
    w.next.transferred_to_id = Some(new_conversation);
    let closing = closing::Closing { reason: ClosedReason::Transferred, disposition, closed_by: actor.user_id };
    closing::close_with(tx, org, w, closing, now, touched).await?;
    // The closed row is written first: one open conversation per contact and channel.
    let closed = w.save(state, tx, org, now).await?;
    *w = Working::from_row(closed);
    conversations::insert(
        tx,
        &NewConversation {
            org,
            id: new_conversation,
            contact_id: w.row.contact_id,
            campaign_id: campaign,
            channel_id: w.row.channel_id,
            status: ConversationStatus::Bot.code(),
            transferred_from_id: Some(w.row.id),
            now,
        },
    )
    .await?;
    let mut opened = Working::load(tx, org, new_conversation).await?;
    opened.next.last_activity_at = w.row.last_activity_at.0;
    opened.next.last_message_preview = w.row.last_message_preview.clone();
    opened.next.last_message_direction = w.row.last_message_direction.clone();
    opened.next.last_contact_message_at = w.row.last_contact_message_at.map(|t| t.0);
    opened.act(Action::Enqueue)?;
    let owner = contact_service::exclusive_agent(tx, org, w.row.contact_id).await?;
    // Arriving in the other campaign's queue is logged; an assignment there logs itself.
    routing::log(step, tx, &mut opened, Move { to_queue: Some(queue), ..Move::default() }, actor).await?;
    let placement = Placement { queue, exclusive_owner: owner, skip: None };
    routing::enqueue(step, tx, &mut opened, &target, placement, touched).await?;
    closing::schedule_inactivity(state, tx, org, new_conversation, &target, now).await?;
    let row = opened.save(state, tx, org, now).await?;
    events::conversation_updated(state, tx, org, &row, &[]).await?;
    Ok(())
}

/// Marks a conversation read by its agent: its unread count and the agent's badge go down;
/// on WhatsApp the contact sees their messages read (a job, never a call from here).
pub async fn mark_read(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ConversationRow> {
    let row = change!(state, caller, id, |tx, w, touched, _now| {
        if w.next.unread_count == 0 {
            return Ok(());
        }
        if let Some(agent) = w.next.agent_id.filter(|a| *a == caller.user_id || supervises(caller)) {
            queues::add_unread(tx, caller.org, agent, -1, -w.next.unread_count).await?;
            touched.agent(agent);
            w.next.unread_count = 0;
            if let Some(network) = crate::channels::of(&w.row.channel_kind) {
                network.mark_read(state, tx, caller.org, &w.row).await?;
            }
        }
        Ok(())
    })?;
    state.jobs_wake.notify_one();
    Ok(row)
}

/// Pauses or resumes the bot for one conversation; pausing a conversation the bot holds
/// hands it to the campaign's queue at once.
pub async fn set_bot_paused(state: &AppState, caller: &Caller, id: Uuid, paused: bool) -> AppResult<ConversationRow> {
    change!(state, caller, id, |tx, w, touched, now| {
        w.next.bot_paused = paused;
        if paused && w.status() == ConversationStatus::Bot {
            let rules = campaign_rules::load(&mut *tx, caller.org, w.row.campaign_id).await?;
            super::bot::hand_over(Step { state, org: caller.org, now }, tx, w, &rules, touched).await?;
        }
        Ok(())
    })
}
