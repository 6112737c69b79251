//! Proactive conversations (OUT-3): an agent, a supervisor or an API token reaches a
//! contact first, by a template (any time) or a text (while the contact's 24-hour window
//! is open). The contact's open conversation on the number is reused; otherwise a new one
//! opens, assigned to the caller, with the first message in the same transaction.

use charla_db::repo::channels::ChannelRow;
use charla_db::repo::contacts;
use charla_db::repo::conversations::{self, ConversationRow, NewConversation};
use charla_domain::contacts::{IdentityKind, normalize_phone};
use charla_domain::conversations::lifecycle::{Action, ConversationStatus};
use charla_domain::ids::new_id;
use charla_domain::outbound::window;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use super::outbox::{self, Part, Reply, Sender, TemplateSend, insert_outbound, note_agent_reply, plan};
use super::routing::{self, Placement, Step, Touched};
use super::template_send::template_part;
use super::{Actor, Working, events, retrying, transfer};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{campaign_rules, contact_reads, contacts as contact_service, inbox_access, out_of_hours};
use crate::state::AppState;
use crate::views::conversations::StartedConversationView;
use crate::views::inbox::MessageView;

/// Who to reach: a known contact, or a phone number (the contact is found or created).
pub enum Whom {
    Contact(Uuid),
    Phone(String),
}

/// The first message.
pub enum Opening {
    Text(String),
    Template(TemplateSend),
}

/// Reaches the contact on the channel; the caller must work the channel's campaign.
pub async fn start(
    state: &AppState,
    caller: &Caller,
    channel_id: Uuid,
    whom: &Whom,
    opening: &Opening,
) -> AppResult<StartedConversationView> {
    let channel =
        charla_db::repo::channels::get(&state.db, caller.org, channel_id).await?.ok_or(ErrorCode::NotFound)?;
    if out_of_hours::campaigns_of(state, caller).await?.is_some_and(|v| !v.contains(&channel.campaign_id)) {
        return Err(ErrorCode::NotFound.into());
    }
    let whom = match whom {
        // Only a contact the caller may read (an agent's own, a supervisor's campaigns').
        Whom::Contact(id) => Whom::Contact(contact_reads::check_readable(state, caller, *id).await?.id),
        Whom::Phone(raw) => Whom::Phone(normalize_phone(raw).ok_or_else(|| Invalid::single("phone", "invalid_phone"))?),
    };
    let known = match &whom {
        Whom::Contact(id) => Some(*id),
        Whom::Phone(phone) => {
            contacts::find_by_identity(&state.db, caller.org, IdentityKind::Phone.code(), phone).await?
        }
    };
    let open = match known {
        Some(contact) => conversations::find_open(&state.db, caller.org, channel.id, contact).await?,
        None => None,
    };
    let (conversation_id, contact_id, message, reused) = match open {
        Some(row) => (row.id, row.contact_id, reuse(state, caller, &row, opening).await?, true),
        None => {
            let (id, contact, message) = open_new(state, caller, &channel, &whom, opening).await?;
            (id, contact, message, false)
        }
    };
    Ok(StartedConversationView { conversation_id, contact_id, reused, message })
}

/// Writes in the contact's open conversation: a waiting one is taken first by an agent.
async fn reuse(state: &AppState, caller: &Caller, row: &ConversationRow, opening: &Opening) -> AppResult<MessageView> {
    // Checked before taking it, so a refused text leaves the conversation as it was.
    if let Opening::Text(_) = opening
        && crate::channels::of(&row.channel_kind).is_some_and(|n| n.reply_window())
        && !window::is_open(row.last_contact_message_at.map(|t| t.0), state.clock.now())
    {
        return Err(ErrorCode::WindowClosed.into());
    }
    if !inbox_access::supervises(caller) && row.status == ConversationStatus::Queued.code() {
        transfer::accept(state, caller, row.id).await?;
    }
    let sent = match opening {
        Opening::Text(text) => outbox::send(state, caller, row.id, &reply_of(text)).await?,
        Opening::Template(t) => outbox::send_template(state, caller, row.id, t).await?,
    };
    Ok(MessageView::from(&sent))
}

fn reply_of(text: &str) -> Reply {
    Reply { text: Some(text.to_owned()), attachments: Vec::new(), reply_to: None }
}

/// A new conversation in the campaign's default queue, assigned to the caller, with its
/// first message: the contact (when new), the conversation and the message commit together.
async fn open_new(
    state: &AppState,
    caller: &Caller,
    channel: &ChannelRow,
    whom: &Whom,
    opening: &Opening,
) -> AppResult<(Uuid, Uuid, MessageView)> {
    let actor = Actor::of(caller);
    let (id, contact, message, touched) = retrying!(
        async {
            let now = state.clock.now();
            let mut tx = state.db.begin().await?;
            let contact = match whom {
                Whom::Contact(id) => *id,
                Whom::Phone(phone) => {
                    contact_service::find_or_create(&mut tx, caller.org, IdentityKind::Phone, phone, None, now)
                        .await?
                        .id
                }
            };
            let last_wrote = conversations::contact_last_wrote(&mut tx, caller.org, channel.id, contact).await?;
            let rules = campaign_rules::load(&mut tx, caller.org, channel.campaign_id).await?;
            let queue = rules.default_queue_id.ok_or(ErrorCode::CampaignWithoutQueue)?;
            let id = new_id();
            conversations::insert(
                &mut tx,
                &NewConversation {
                    org: caller.org,
                    id,
                    contact_id: contact,
                    campaign_id: channel.campaign_id,
                    channel_id: channel.id,
                    status: ConversationStatus::Bot.code(),
                    transferred_from_id: None,
                    now,
                },
            )
            .await?;
            let mut w = Working::load(&mut tx, caller.org, id).await?;
            // The window is the contact's on this number: it stays as their last message left it.
            w.next.last_contact_message_at = last_wrote.map(|t| t.0);
            let mut touched = Touched::default();
            let step = Step { state, org: caller.org, now };
            w.act(Action::Enqueue)?;
            // Held, so routing leaves it for the caller, who takes it at once.
            w.next.held_until = Some(now);
            let placement = Placement { queue, exclusive_owner: None, skip: None };
            routing::enqueue(step, &mut tx, &mut w, &rules, placement, &mut touched).await?;
            w.next.held_until = None;
            routing::assign_to(step, &mut tx, &mut w, caller.user_id, &actor, &mut touched).await?;
            w.save(state, &mut tx, caller.org, now).await?;
            // Read again, so the first message is checked as any reply in it would be.
            let mut w = Working::load(&mut tx, caller.org, id).await?;
            let part = first_part(&mut tx, caller, &w, opening, now).await?;
            let message = insert_outbound(state, &mut tx, Sender::of(caller), &w, &part, None, now).await?;
            note_agent_reply(&mut tx, caller, &mut w, now, &mut touched).await?;
            let row = w.save(state, &mut tx, caller.org, now).await?;
            events::conversation_updated(state, &mut tx, caller.org, &row, &[]).await?;
            touched.emit(state, &mut tx, caller.org).await?;
            tx.commit().await?;
            Ok::<_, AppError>((id, contact, MessageView::from(&message), touched))
        }
        .await
    )?;
    state.hub.wake();
    state.jobs_wake.notify_one();
    touched.settle(state, caller.org).await?;
    Ok((id, contact, message))
}

/// The first message as a reply would be: a text within the window and the campaign's
/// rules, or an approved template with its parameters.
async fn first_part(
    tx: &mut charla_db::Tx,
    caller: &Caller,
    w: &Working,
    opening: &Opening,
    now: charla_domain::time::Ts,
) -> AppResult<Part> {
    match opening {
        Opening::Text(text) => {
            let mut parts = plan(tx, caller, w, &reply_of(text), now).await?;
            parts.pop().ok_or_else(|| Invalid::single("text", "required").into())
        }
        Opening::Template(t) => template_part(tx, caller, w, t).await,
    }
}
