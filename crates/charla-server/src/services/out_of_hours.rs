//! The out-of-hours contacts page (BOT-3): who wrote outside hours in the last 7 days, and
//! reaching them back with a template (or a plain text inside the 24-hour window).

use std::collections::BTreeSet;

use charla_db::repo::conversations::{self, NewConversation};
use charla_db::repo::out_of_hours::{self, EntryRow};
use charla_db::repo::{queues, users};
use charla_domain::conversations::lifecycle::{Action, ConversationStatus};
use charla_domain::ids::new_id;
use charla_domain::people::Language;
use jiff::SignedDuration;
use uuid::Uuid;

use super::campaign_rules;
use super::conversations::outbox::{self, Reply, TemplateSend};
use super::conversations::routing::{self, Placement, Step, Touched};
use super::conversations::{Actor, Working, events, retrying, transfer};
use super::inbox_access;
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::locales;
use crate::state::AppState;
use crate::views::inbox::MessageView;
use crate::views::out_of_hours::{OutOfHoursContactView, OutOfHoursListView, OutOfHoursSentView};

/// How far back the page looks.
pub const PAGE_DAYS: i64 = 7;
const PAGE_ROWS: i64 = 500;

/// The campaigns whose out-of-hours contacts the caller sees: all for administrators, a
/// supervisor's supervised campaigns, and an agent's queues' campaigns.
pub(crate) async fn campaigns_of(state: &AppState, caller: &Caller) -> AppResult<Option<BTreeSet<Uuid>>> {
    let view = inbox_access::view(state, caller).await?;
    let Some(overseen) = view.campaigns() else {
        return Ok(None);
    };
    let mut campaigns = overseen.clone();
    for queue in queues::queues_of_user(&state.db, caller.org, caller.user_id).await? {
        if let Some(q) = queues::get(&state.db, caller.org, queue).await? {
            campaigns.insert(q.campaign_id);
        }
    }
    Ok(Some(campaigns))
}

async fn language_of(state: &AppState, caller: &Caller) -> AppResult<Language> {
    let user = users::get(&state.db, caller.org, caller.user_id).await?;
    Ok(user.and_then(|u| Language::parse(&u.language)).unwrap_or(Language::Es))
}

pub struct ListFilter {
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
}

pub async fn list(state: &AppState, caller: &Caller, f: &ListFilter) -> AppResult<OutOfHoursListView> {
    let visible = campaigns_of(state, caller).await?;
    let since = state.clock.now().minus(SignedDuration::from_hours(24 * PAGE_DAYS));
    let numbers = inbox_access::number_visibility_of(state, caller).await?;
    let no_name = locales::text(language_of(state, caller).await?, "out_of_hours.no_name", &[]);
    let items = out_of_hours::since(&state.db, caller.org, since, PAGE_ROWS)
        .await?
        .iter()
        .filter(|e| visible.as_ref().is_none_or(|v| v.contains(&e.campaign_id)))
        .filter(|e| f.campaign_id.is_none_or(|c| c == e.campaign_id) && f.channel_id.is_none_or(|c| c == e.channel_id))
        .map(|e| OutOfHoursContactView::new(e, numbers.shows(e.campaign_id), &no_name))
        .collect();
    Ok(OutOfHoursListView { items })
}

pub enum Message {
    Text(String),
    Template(TemplateSend),
}

/// Reaches the contact back from the page: in the conversation if it is still open (an
/// agent takes it first), else in a new one given to the agent who writes.
pub async fn send(state: &AppState, caller: &Caller, id: Uuid, message: Message) -> AppResult<OutOfHoursSentView> {
    let entry = out_of_hours::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    if campaigns_of(state, caller).await?.is_some_and(|v| !v.contains(&entry.campaign_id)) {
        return Err(ErrorCode::NotFound.into());
    }
    if let Message::Text(text) = &message
        && text.trim().is_empty()
    {
        return Err(charla_domain::validation::Invalid::single("text", "required").into());
    }
    let conversation = conversation_for(state, caller, &entry).await?;
    let sent = match &message {
        Message::Text(text) => {
            let reply = Reply { text: Some(text.clone()), attachments: Vec::new(), reply_to: None };
            outbox::send(state, caller, conversation, &reply).await?
        }
        Message::Template(template) => outbox::send_template(state, caller, conversation, template).await?,
    };
    let mut tx = state.db.begin().await?;
    out_of_hours::mark_sent(&mut tx, caller.org, entry.id, caller.user_id, state.clock.now()).await?;
    tx.commit().await?;
    Ok(OutOfHoursSentView { conversation_id: conversation, message: MessageView::from(&sent) })
}

/// The open conversation to write in, the caller's own for an agent.
async fn conversation_for(state: &AppState, caller: &Caller, entry: &EntryRow) -> AppResult<Uuid> {
    let open = conversations::find_open(&state.db, caller.org, entry.channel_id, entry.contact_id).await?;
    let agent_writes = !inbox_access::supervises(caller);
    match open {
        Some(row) if agent_writes && row.status == ConversationStatus::Queued.code() => {
            transfer::accept(state, caller, row.id).await.map(|r| r.id)
        }
        Some(row) => Ok(row.id),
        None => open_for(state, caller, entry, agent_writes).await,
    }
}

/// A new conversation in the campaign's default queue, given straight to a writing agent.
async fn open_for(state: &AppState, caller: &Caller, entry: &EntryRow, to_caller: bool) -> AppResult<Uuid> {
    let actor = Actor::of(caller);
    let (id, touched) = retrying!(
        async {
            let now = state.clock.now();
            let mut tx = state.db.begin().await?;
            let rules = campaign_rules::load(&mut tx, caller.org, entry.campaign_id).await?;
            let queue = rules.default_queue_id.ok_or(ErrorCode::CampaignWithoutQueue)?;
            let id = new_id();
            conversations::insert(
                &mut tx,
                &NewConversation {
                    org: caller.org,
                    id,
                    contact_id: entry.contact_id,
                    campaign_id: entry.campaign_id,
                    channel_id: entry.channel_id,
                    status: ConversationStatus::Bot.code(),
                    transferred_from_id: None,
                    now,
                },
            )
            .await?;
            let mut w = Working::load(&mut tx, caller.org, id).await?;
            let mut touched = Touched::default();
            let step = Step { state, org: caller.org, now };
            w.act(Action::Enqueue)?;
            // Held, so routing leaves it for the agent who is about to take it.
            w.next.held_until = to_caller.then_some(now);
            routing::enqueue(
                step,
                &mut tx,
                &mut w,
                &rules,
                Placement { queue, exclusive_owner: None, skip: None },
                &mut touched,
            )
            .await?;
            w.next.held_until = None;
            if to_caller {
                routing::assign_to(step, &mut tx, &mut w, caller.user_id, &actor, &mut touched).await?;
            }
            let row = w.save(state, &mut tx, caller.org, now).await?;
            events::conversation_updated(state, &mut tx, caller.org, &row, &[]).await?;
            touched.emit(state, &mut tx, caller.org).await?;
            tx.commit().await?;
            Ok::<_, AppError>((id, touched))
        }
        .await
    )?;
    state.hub.wake();
    touched.settle(state, caller.org).await?;
    Ok(id)
}
