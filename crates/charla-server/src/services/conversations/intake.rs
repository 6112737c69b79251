//! Intake (design.md §4): one inbound message from any network, stored once. In one
//! transaction: the contact by its identity, the open conversation (or a new one, queued
//! and routed), the message keyed by the network's id, the cancel word.

use charla_db::repo::channels::ChannelRow;
use charla_db::repo::conversations::{self, NewConversation};
use charla_db::repo::{contacts, messages, queues};
use charla_domain::bots::menu::Reply;
use charla_domain::campaigns::is_cancel_word;
use charla_domain::contacts::IdentityKind;
use charla_domain::conversations::lifecycle::{Action, ConversationStatus};
use charla_domain::ids::new_id;
use charla_domain::messages::{Direction, MessageKind, preview};
use charla_domain::search::search_key;
use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use super::after_attention::{self, Taken};
use super::routing::{self, Touched};
use super::{Working, absence, bot, closing, events, retrying};
use crate::error::AppResult;
use crate::jobs::model::JobKind;
use crate::jobs::model::{Enqueue, enqueue};
use crate::services::{campaign_rules, contacts as contact_service};
use crate::state::AppState;

pub struct Inbound<'a> {
    pub channel: &'a ChannelRow,
    pub identity: (IdentityKind, &'a str),
    pub contact_name: Option<&'a str>,
    /// The network's message id; redeliveries carry the same one.
    pub network_id: &'a str,
    pub kind: MessageKind,
    pub text: Option<&'a str>,
    pub payload: Value,
    pub file_id: Option<Uuid>,
    /// When the network says it was sent (else: when it arrived).
    pub at: Option<Ts>,
    /// Our message it answers or quotes.
    pub reply_to: Option<Uuid>,
    /// The media is still on the network: a job fetches it.
    pub fetch_media: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Stored { message_id: Uuid, conversation_id: Uuid },
    Duplicate,
}

pub async fn receive(state: &AppState, org: Uuid, inbound: &Inbound<'_>) -> AppResult<Outcome> {
    let (outcome, touched) = retrying!(receive_once(state, org, inbound).await)?;
    state.hub.wake();
    state.jobs_wake.notify_one();
    touched.settle(state, org).await?;
    Ok(outcome)
}

async fn receive_once(state: &AppState, org: Uuid, inbound: &Inbound<'_>) -> AppResult<(Outcome, Touched)> {
    let now = state.clock.now();
    let channel = inbound.channel;
    let mut tx = state.db.begin().await?;
    if messages::find_by_network_id(&mut tx, org, channel.id, inbound.network_id).await?.is_some() {
        return Ok((Outcome::Duplicate, Touched::default()));
    }
    let (kind, value) = inbound.identity;
    let contact = contact_service::find_or_create(&mut tx, org, kind, value, inbound.contact_name, now).await?;
    let rules = campaign_rules::load(&mut tx, org, channel.campaign_id).await?;
    let mut touched = Touched::default();
    let reply = Reply { id: interactive_id(&inbound.payload), text: inbound.text };
    let open = conversations::find_open(&mut tx, org, channel.id, contact.id).await?;
    if open.is_none()
        && let Taken::Answered { message_id, conversation_id } =
            after_attention::take_answer(state, &mut tx, org, contact.id, inbound, reply, now).await?
    {
        tx.commit().await?;
        return Ok((Outcome::Stored { message_id, conversation_id }, touched));
    }
    let (mut w, opened) = match open {
        Some(row) => (Working::from_row(row), false),
        None => {
            let id = new_id();
            conversations::insert(
                &mut tx,
                &NewConversation {
                    org,
                    id,
                    contact_id: contact.id,
                    campaign_id: channel.campaign_id,
                    channel_id: channel.id,
                    status: ConversationStatus::Bot.code(),
                    transferred_from_id: None,
                    now,
                },
            )
            .await?;
            (Working::load(&mut tx, org, id).await?, true)
        }
    };
    let message_id = new_id();
    let stored = store_inbound(&mut tx, org, message_id, w.id(), contact.id, inbound, now).await?;
    if !stored {
        // Delivered twice at the same moment: the other copy won; nothing of ours stays.
        return Ok((Outcome::Duplicate, Touched::default()));
    }
    contacts::touch(&mut tx, org, contact.id, now).await?;
    if inbound.fetch_media {
        enqueue(
            state,
            &mut tx,
            Enqueue {
                org,
                kind: JobKind::FetchMedia,
                payload: &serde_json::json!({ "message_id": message_id }),
                run_at: None,
                dedup_key: Some(&format!("media:{message_id}")),
            },
        )
        .await?;
    }
    note_inbound(&mut tx, org, &mut w, inbound, now, &mut touched).await?;
    let cancelled = inbound.text.is_some_and(|t| is_cancel_word(t, &rules.cancel_word));
    if cancelled {
        if opened {
            w.act(Action::Enqueue)?;
        }
        closing::cancel(&mut tx, org, &mut w, now, &mut touched).await?;
    } else {
        let step = routing::Step { state, org, now };
        let arrival = bot::Arrival {
            channel,
            contact_name: contact.name.as_deref().or(inbound.contact_name),
            exclusive_owner: contact.exclusive_agent_id,
            reply,
        };
        if opened {
            bot::open(step, &mut tx, &mut w, &rules, &arrival, &mut touched).await?;
        } else if w.status() == ConversationStatus::Bot
            && let Some(stage) = bot::stage_of(&w)
        {
            bot::answer(step, &mut tx, &mut w, &rules, &arrival, stage, &mut touched).await?;
        }
        absence::notify_if_absent(state, &mut tx, org, &mut w, now).await?;
    }
    let row = w.save(state, &mut tx, org, now).await?;
    let message = messages::get(&mut tx, org, message_id).await?.ok_or(crate::error::ErrorCode::NotFound)?;
    events::message_created(state, &mut tx, org, &row, &message).await?;
    events::conversation_updated(state, &mut tx, org, &row, &[w.row.agent_id]).await?;
    touched.emit(state, &mut tx, org).await?;
    tx.commit().await?;
    Ok((Outcome::Stored { message_id, conversation_id: row.id }, touched))
}

/// Writes the contact's message into a conversation; false when the network id was there
/// already (a redelivery racing this one).
pub(super) async fn store_inbound(
    tx: &mut charla_db::Tx,
    org: Uuid,
    id: Uuid,
    conversation: Uuid,
    contact: Uuid,
    inbound: &Inbound<'_>,
    now: Ts,
) -> AppResult<bool> {
    let key = inbound.text.map(search_key);
    Ok(messages::insert(
        tx,
        &messages::NewMessage {
            org,
            id,
            conversation_id: conversation,
            contact_id: contact,
            channel_id: inbound.channel.id,
            direction: Direction::Inbound.code(),
            kind: inbound.kind.code(),
            text: inbound.text,
            search_key: key.as_deref(),
            payload: &inbound.payload,
            file_id: inbound.file_id,
            reply_to_id: inbound.reply_to,
            author_id: None,
            network_id: Some(inbound.network_id),
            status: None,
            now,
        },
    )
    .await?)
}

/// The id of the button or list row the contact pressed, if the message is such a reply.
fn interactive_id(payload: &Value) -> Option<&str> {
    payload.pointer("/interactive/id").or_else(|| payload.pointer("/button/payload")).and_then(Value::as_str)
}

/// The conversation's summary after a customer message: activity, preview, unread counters.
async fn note_inbound(
    tx: &mut charla_db::Tx,
    org: Uuid,
    w: &mut Working,
    inbound: &Inbound<'_>,
    now: Ts,
    touched: &mut Touched,
) -> AppResult<()> {
    w.next.last_activity_at = now;
    // The 24-hour window counts from when the contact wrote, as the network says.
    w.next.last_contact_message_at = Some(inbound.at.unwrap_or(now).min(now));
    w.next.last_message_direction = Some(Direction::Inbound.code().to_owned());
    w.next.last_message_preview = Some(preview(inbound.text.unwrap_or(inbound.kind.code())));
    w.next.unread_count += 1;
    if let Some(agent) = w.next.agent_id {
        let first_unread = i64::from(w.next.unread_count == 1);
        queues::add_unread(tx, org, agent, first_unread, 1).await?;
        touched.agent(agent);
    }
    Ok(())
}
