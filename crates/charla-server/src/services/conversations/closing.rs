//! Closing (CONV-1, CONV-3, CONV-4, CONV-6): by the agent with a disposition and the
//! campaign's fields, by the contact's cancel word, and by the inactivity timer.

use charla_db::Tx;
use charla_db::repo::{campaign_settings, queues};
use charla_domain::conversations::closing::{CloseRequest, CloseRules, check_close};
use charla_domain::conversations::fields::{FieldDef, FieldKind};
use charla_domain::conversations::lifecycle::{Action, ClosedReason, ConversationStatus};
use charla_domain::time::Ts;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::routing::{self, Touched};
use super::{Working, events, retrying};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::jobs::model::JobKind;
use crate::jobs::model::{Enqueue, enqueue};
use crate::services::campaign_rules::{self, CampaignRules};
use crate::services::inbox_access;
use crate::state::AppState;
use crate::views::inbox::ConversationView;

/// Leaves the queue or the agent; the conversation is then closed by the caller's action.
async fn leave(tx: &mut Tx, org: Uuid, w: &mut Working, now: Ts, touched: &mut Touched) -> AppResult<()> {
    if w.row.status == ConversationStatus::Queued.code()
        && let Some(queue) = w.row.queue_id
    {
        queues::add_waiting(tx, org, queue, -1).await?;
        touched.queue(queue);
    }
    let agent = routing::release_agent(tx, org, w, touched).await?;
    // The agent stays on record as the one who attended it.
    w.next.agent_id = agent;
    w.next.reserved_for = None;
    w.next.closed_at = Some(now);
    w.next.unread_count = 0;
    w.timeline.push(serde_json::json!({
        "event": "closed",
        "reason": w.next.closed_reason,
        "disposition_id": w.next.disposition_id,
        "closed_by": w.next.closed_by,
    }));
    Ok(())
}

/// The contact sent the cancel word: lost while waiting, abandoned once assigned.
pub async fn cancel(tx: &mut Tx, org: Uuid, w: &mut Working, now: Ts, touched: &mut Touched) -> AppResult<()> {
    w.act(Action::Cancel)?;
    leave(tx, org, w, now, touched).await
}

/// Why and by whom a conversation closes.
pub struct Closing {
    pub reason: ClosedReason,
    pub disposition: Option<Uuid>,
    pub closed_by: Option<Uuid>,
}

/// Closes in the caller's transaction with a reason and disposition (transfer, inactivity).
pub async fn close_with(
    tx: &mut Tx,
    org: Uuid,
    w: &mut Working,
    closing: Closing,
    now: Ts,
    touched: &mut Touched,
) -> AppResult<()> {
    w.act(Action::Close(closing.reason))?;
    w.next.disposition_id = closing.disposition;
    w.next.closed_by = closing.closed_by;
    leave(tx, org, w, now, touched).await
}

pub struct CloseInput {
    pub disposition_id: Option<Uuid>,
    pub note: Option<String>,
    pub fields: Map<String, Value>,
}

/// The campaign's conversation fields still in use, as the closing rules see them.
pub async fn field_defs(tx: &mut Tx, org: Uuid, campaign: Uuid) -> AppResult<Vec<FieldDef>> {
    Ok(campaign_settings::fields(&mut *tx, org, campaign)
        .await?
        .into_iter()
        .filter(|f| f.archived_at.is_none())
        .filter_map(|f| {
            Some(FieldDef {
                id: f.id,
                name: f.name,
                kind: FieldKind::parse(&f.kind)?,
                required: f.required,
                options: f.options.0,
            })
        })
        .collect())
}

/// An agent (or supervisor) closes the attention: resolved, with a disposition and fields.
pub async fn close(state: &AppState, caller: &Caller, id: Uuid, input: &CloseInput) -> AppResult<ConversationView> {
    let (view, touched) = retrying!(
        async {
            let now = state.clock.now();
            let mut tx = state.db.begin().await?;
            let mut w = Working::load(&mut tx, caller.org, id).await?;
            let mut touched = Touched::default();
            resolve(state, &mut tx, caller, &mut w, input, now, &mut touched).await?;
            let row = w.save(state, &mut tx, caller.org, now).await?;
            if let Some(channel) = charla_db::repo::channels::get(&mut tx, caller.org, w.row.channel_id).await? {
                super::after_attention::closed_by_agent(state, &mut tx, caller.org, &channel, &w, now).await?;
            }
            events::conversation_updated(state, &mut tx, caller.org, &row, &[]).await?;
            touched.emit(state, &mut tx, caller.org).await?;
            tx.commit().await?;
            let show = inbox_access::number_visibility_of(state, caller).await?.shows(row.campaign_id);
            Ok::<_, AppError>((ConversationView::new(&row, show), touched))
        }
        .await
    )?;
    state.hub.wake();
    state.jobs_wake.notify_one();
    touched.settle(state, caller.org).await?;
    Ok(view)
}

/// Checks the caller's closing against the conversation and the campaign's rules (its own
/// conversation for an agent; a disposition and the required fields; a reply first unless
/// allowed) and closes the working copy as resolved.
async fn resolve(
    state: &AppState,
    tx: &mut Tx,
    caller: &Caller,
    w: &mut Working,
    input: &CloseInput,
    now: Ts,
    touched: &mut Touched,
) -> AppResult<()> {
    inbox_access::check_visible(state, caller, &w.row).await?;
    let supervises = inbox_access::supervises(caller);
    if w.status() == ConversationStatus::Closed {
        return Err(ErrorCode::AlreadyClosed.into());
    }
    if !supervises && w.row.agent_id != Some(caller.user_id) {
        return Err(ErrorCode::NotYourConversation.into());
    }
    let rules = campaign_rules::load(&mut *tx, caller.org, w.row.campaign_id).await?;
    let allowed = campaign_settings::dispositions(&mut *tx, caller.org, w.row.campaign_id).await?;
    let defs = field_defs(tx, caller.org, w.row.campaign_id).await?;
    let checked = check_close(
        &CloseRequest { disposition_id: input.disposition_id, note: input.note.as_deref(), fields: &input.fields },
        &CloseRules {
            allowed_dispositions: &allowed,
            fields: &defs,
            agent_has_replied: w.next.first_response_at.is_some(),
            may_close_without_reply: supervises || rules.permissions.close_without_reply,
        },
    )?;
    let fields: Map<String, Value> = checked.fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    w.next.fields = Value::Object(fields);
    w.next.closing_note = checked.note;
    let closing = Closing {
        reason: ClosedReason::Resolved,
        disposition: Some(checked.disposition_id),
        closed_by: Some(caller.user_id),
    };
    close_with(tx, caller.org, w, closing, now, touched).await
}

#[derive(Serialize, Deserialize)]
pub struct InactivityJob {
    pub conversation_id: Uuid,
}

/// Arms the campaign's inactivity timer (a job) for a deadline counted from `from`.
pub async fn schedule_inactivity(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    conversation: Uuid,
    rules: &CampaignRules,
    from: Ts,
) -> AppResult<()> {
    let Some(minutes) = rules.inactivity_minutes else {
        return Ok(());
    };
    let at = from.plus(SignedDuration::from_mins(minutes));
    let key = format!("inactivity:{conversation}:{}", at.as_micros());
    enqueue(
        state,
        tx,
        Enqueue {
            org,
            kind: JobKind::InactivityClose,
            payload: &InactivityJob { conversation_id: conversation },
            run_at: Some(at),
            dedup_key: Some(&key),
        },
    )
    .await?;
    Ok(())
}

/// The timer fired: close when nothing happened since, else wait for the new deadline.
pub async fn on_inactivity_timer(state: &AppState, org: Uuid, job: &InactivityJob) -> AppResult<()> {
    let touched = retrying!(
        async {
            let now = state.clock.now();
            let mut tx = state.db.begin().await?;
            let Some(mut w) = Working::find(&mut tx, org, job.conversation_id).await? else {
                return Ok(Touched::default());
            };
            let rules = campaign_rules::load(&mut tx, org, w.row.campaign_id).await?;
            let (Some(minutes), false) = (rules.inactivity_minutes, w.status() == ConversationStatus::Closed) else {
                return Ok(Touched::default());
            };
            let deadline = w.row.last_activity_at.0.plus(SignedDuration::from_mins(minutes));
            if now < deadline {
                schedule_inactivity(state, &mut tx, org, w.id(), &rules, w.row.last_activity_at.0).await?;
                tx.commit().await?;
                return Ok(Touched::default());
            }
            let mut touched = Touched::default();
            let closing = Closing {
                reason: ClosedReason::Inactivity,
                disposition: rules.inactivity_disposition_id,
                closed_by: None,
            };
            close_with(&mut tx, org, &mut w, closing, now, &mut touched).await?;
            let row = w.save(state, &mut tx, org, now).await?;
            events::conversation_updated(state, &mut tx, org, &row, &[]).await?;
            touched.emit(state, &mut tx, org).await?;
            tx.commit().await?;
            Ok::<_, AppError>(touched)
        }
        .await
    )?;
    state.hub.wake();
    touched.settle(state, org).await
}
