//! What a network reported, applied: messages through intake, reactions onto the message
//! they react to, delivery statuses (never backwards), template approvals, channel health.
//! Every step is idempotent, so a redelivered webhook leaves the state it found.

use charla_channels::events::{Edited, InboundEvent, InboundMessage, Reaction, StatusUpdate, TemplateStatus};
use charla_db::repo::channels::{self, ChannelRow};
use charla_db::repo::{contacts, conversations, messages, templates};
use charla_domain::contacts::IdentityKind;
use charla_domain::ids::new_id;
use charla_domain::messages::{DeliveryStatus, Direction};
use charla_domain::time::Ts;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::error::{AppResult, ErrorCode};
use crate::services::conversations::events;
use crate::services::conversations::intake::{self, Inbound};
use crate::services::conversations::outbox::{Report, record_status};
use crate::state::AppState;

fn at(unix: Option<i64>) -> Option<Ts> {
    unix.map(|s| Ts::from_micros(s.saturating_mul(1_000_000)))
}

pub async fn apply(state: &AppState, org: Uuid, channel: &ChannelRow, event: &InboundEvent) -> AppResult<()> {
    match event {
        InboundEvent::Message(m) => message(state, org, channel, m).await,
        InboundEvent::Reaction(r) => reaction(state, org, channel, r).await,
        InboundEvent::Status(s) => status(state, org, channel, s).await,
        InboundEvent::TemplateStatus(t) => template(state, org, channel, t).await,
        InboundEvent::AccountUpdate(v) => account(state, org, channel, v).await,
        InboundEvent::Edited(e) => edited(state, org, channel, e).await,
        InboundEvent::Unreachable { from } => unreachable(state, org, channel, from).await,
        InboundEvent::Watermark(w) => crate::services::channel_marks::watermark(state, org, channel, w).await,
        InboundEvent::Echo(m) => crate::services::channel_marks::echo(state, org, channel, m).await,
        InboundEvent::MarketingPreference(p) => {
            crate::services::marketing_preferences::apply(state, org, channel, p).await
        }
    }
}

/// Who sent it, as a contact identity of this channel's network.
fn identity_of(channel: &ChannelRow, from: &str) -> (IdentityKind, String) {
    match crate::channels::of(&channel.kind) {
        Some(network) => network.identity_of(from),
        None => (IdentityKind::Phone, crate::channels::whatsapp::phone_of_wa_id(from)),
    }
}

/// An edit replaces the text of the message (kept as edited); an edit of a message we
/// never received is stored as a new message marked edited.
async fn edited(state: &AppState, org: Uuid, channel: &ChannelRow, e: &Edited) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(original) = messages::find_by_network_id(&mut tx, org, channel.id, &e.network_id).await? else {
        drop(tx);
        let mut stored = e.message.clone();
        if let Some(obj) = stored.payload.as_object_mut() {
            obj.insert("edited".to_owned(), Value::Bool(true));
        }
        // Its own key, so the original arriving late is still stored.
        stored.network_id = format!("{}:edited:{}", e.network_id, e.edited_at.unwrap_or_default());
        return message(state, org, channel, &stored).await;
    };
    let mut payload = original.payload.0.clone();
    if let Some(obj) = payload.as_object_mut() {
        obj.insert("edited".to_owned(), Value::Bool(true));
        obj.insert("edited_at".to_owned(), json!(e.edited_at));
        // The text as first received: a redelivered or later edit never overwrites it.
        if !obj.contains_key("original_text") {
            obj.insert("original_text".to_owned(), json!(original.text));
        }
    }
    messages::set_text(&mut tx, org, original.id, e.text.as_deref(), &payload, now).await?;
    let updated = messages::get(&mut tx, org, original.id).await?.ok_or(ErrorCode::NotFound)?;
    if let Some(conversation) = conversations::get(&mut tx, org, original.conversation_id).await? {
        events::message_updated(state, &mut tx, org, &conversation, &updated).await?;
    }
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}

/// The contact blocked the bot: nothing more can reach them until they write again.
async fn unreachable(state: &AppState, org: Uuid, channel: &ChannelRow, from: &str) -> AppResult<()> {
    let (kind, value) = identity_of(channel, from);
    let Some(contact) = contacts::find_by_identity(&state.db, org, kind.code(), &value).await? else {
        return Ok(());
    };
    let mut tx = state.db.begin().await?;
    contacts::mark_unreachable(&mut tx, org, contact, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

async fn message(state: &AppState, org: Uuid, channel: &ChannelRow, m: &InboundMessage) -> AppResult<()> {
    let reply_to = match &m.reply_to {
        Some(network_id) => messages::find_by_network_id(&state.db, org, channel.id, network_id).await?.map(|r| r.id),
        None => None,
    };
    let mut payload = m.payload.clone();
    if let Some(obj) = payload.as_object_mut() {
        obj.insert("network_timestamp".to_owned(), json!(m.timestamp));
        if m.reply_to.is_some() {
            obj.insert("reply_to_network_id".to_owned(), json!(m.reply_to));
        }
        if m.media.is_some() {
            obj.insert("media_pending".to_owned(), Value::Bool(true));
        }
    }
    let (kind, value) = identity_of(channel, &m.from);
    let callback = m.payload.get("callback_query_id").and_then(Value::as_str).map(str::to_owned);
    intake::receive(
        state,
        org,
        &Inbound {
            channel,
            identity: (kind, &value),
            contact_name: m.contact_name.as_deref(),
            network_id: &m.network_id,
            kind: m.kind,
            text: m.text.as_deref(),
            payload,
            file_id: None,
            at: at(m.timestamp),
            reply_to,
            fetch_media: m.media.is_some(),
        },
    )
    .await?;
    if kind == IdentityKind::Phone {
        let mut tx = state.db.begin().await?;
        let reply = (value.as_str(), m.text.as_deref());
        let when = at(m.timestamp).unwrap_or_else(|| state.clock.now());
        crate::services::broadcasts::tracking::note_inbound(state, &mut tx, org, channel.id, reply, when).await?;
        tx.commit().await?;
    }
    // A pressed button waits for an answer, or the contact's app keeps spinning.
    if let Some(callback) = callback {
        let mut tx = state.db.begin().await?;
        crate::jobs::model::enqueue(
            state,
            &mut tx,
            crate::jobs::model::Enqueue {
                org,
                kind: crate::jobs::model::JobKind::TelegramCall,
                payload: &json!({ "channel_id": channel.id, "method": "answerCallbackQuery",
                                  "body": charla_channels::telegram::outbound::answer_callback_query(&callback) }),
                run_at: None,
                dedup_key: Some(&format!("callback:{callback}")),
            },
        )
        .await?;
        tx.commit().await?;
        state.jobs_wake.notify_one();
    }
    Ok(())
}

/// A reaction is set on (or removed from) the message it names, per reacting contact.
async fn reaction(state: &AppState, org: Uuid, channel: &ChannelRow, r: &Reaction) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(target) = messages::find_by_network_id(&mut tx, org, channel.id, &r.target).await? else {
        tracing::info!(channel = %channel.id, "reaction to a message we do not have: ignored");
        return Ok(());
    };
    let mut payload = target.payload.0.clone();
    if !payload.is_object() {
        payload = json!({});
    }
    let reactions = payload.as_object_mut().and_then(|o| {
        o.entry("reactions").or_insert_with(|| json!({}));
        o.get_mut("reactions").and_then(Value::as_object_mut)
    });
    if let Some(reactions) = reactions {
        match &r.emoji {
            Some(emoji) => {
                reactions.insert(r.from.clone(), json!(emoji));
            }
            None => {
                reactions.remove(&r.from);
            }
        }
    }
    messages::set_content(&mut tx, org, target.id, &payload, target.file_id, now).await?;
    let updated = messages::get(&mut tx, org, target.id).await?.ok_or(ErrorCode::NotFound)?;
    if let Some(conversation) = conversations::get(&mut tx, org, target.conversation_id).await? {
        events::message_updated(state, &mut tx, org, &conversation, &updated).await?;
    }
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}

async fn status(state: &AppState, org: Uuid, channel: &ChannelRow, s: &StatusUpdate) -> AppResult<()> {
    let now = state.clock.now();
    if crate::services::broadcasts::tracking::apply_status(state, org, channel, s, at(s.timestamp).unwrap_or(now))
        .await?
    {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    // Known by its network id; or, for a wamid we never learned, the send its callback
    // data names, whose node died inside the call: the wamid is recorded with the status.
    let (message, learned) = match messages::find_by_network_id(&mut tx, org, channel.id, &s.network_id).await? {
        Some(message) => (message, None),
        None => match caught_in_the_call(&mut tx, org, channel, s).await? {
            Some(message) => {
                tracing::info!(channel = %channel.id, message = %message.id, "a status names a send caught in the call: its wamid is recorded");
                (message, Some(s.network_id.as_str()))
            }
            None => {
                tracing::info!(channel = %channel.id, "status of a message we did not send: ignored");
                return Ok(());
            }
        },
    };
    let Some(conversation) = conversations::get(&mut tx, org, message.conversation_id).await? else {
        return Ok(());
    };
    let error = s.error.as_ref().map(|(c, t)| (c.as_str(), t.as_str()));
    let at = at(s.timestamp).unwrap_or(now);
    record_status(
        state,
        &mut tx,
        org,
        (&message, &conversation),
        Report { status: s.status, network_id: learned, error },
        at,
    )
    .await?;
    // Keep what the network said about billing; a later status without it keeps the earlier.
    let has_info = s.info.as_object().is_some_and(|o| o.values().any(|v| !v.is_null()));
    if has_info {
        messages::set_network_info(&mut tx, org, message.id, &s.info, now).await?;
    }
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}

/// The outbound message a status's callback data names (our message id, which every
/// WhatsApp send carries), when it is one of this channel's sends still `sending` with no
/// network id: its node died inside the network call, so the answer with the wamid never
/// arrived. Read under the row's lock, where the send job's own answer, landing at the
/// same moment, is seen too (then the wamid is already the status's own).
async fn caught_in_the_call(
    tx: &mut charla_db::Tx,
    org: Uuid,
    channel: &ChannelRow,
    s: &StatusUpdate,
) -> AppResult<Option<messages::MessageRow>> {
    let Some(id) = s.callback_data.as_deref().and_then(|data| Uuid::try_parse(data).ok()) else {
        return Ok(None);
    };
    let Some(message) = messages::get_for_update(tx, org, id).await? else {
        return Ok(None);
    };
    let outbound = message.channel_id == channel.id && message.direction == Direction::Outbound.code();
    let in_the_call = message.network_id.is_none() && message.status.as_deref() == Some(DeliveryStatus::Sending.code());
    let answered_meanwhile = message.network_id.as_deref() == Some(s.network_id.as_str());
    Ok((outbound && (in_the_call || answered_meanwhile)).then_some(message))
}

async fn template(state: &AppState, org: Uuid, channel: &ChannelRow, t: &TemplateStatus) -> AppResult<()> {
    let Some(waba) = channel.network_account.as_deref() else {
        return Ok(());
    };
    let mut tx = state.db.begin().await?;
    templates::upsert(
        &mut tx,
        &templates::TemplateWrite {
            org,
            id: new_id(),
            waba_id: waba,
            network_id: &t.template_id,
            name: &t.name,
            language: t.language.as_deref(),
            category: t.details.get("category").and_then(Value::as_str),
            status: &t.status,
            reason: t.reason.as_deref(),
            details: &t.details,
            components: None,
            now: state.clock.now(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Channel health (CH-7): the quality and limit Meta reports, merged into what we knew.
async fn account(state: &AppState, org: Uuid, channel: &ChannelRow, update: &Value) -> AppResult<()> {
    let value = update.get("value").cloned().unwrap_or(Value::Null);
    let mut health = channel.health.as_ref().map(|h| h.0.clone()).unwrap_or_else(|| json!({}));
    if let (Some(into), Some(from)) = (health.as_object_mut(), value.as_object()) {
        for (k, v) in from {
            into.insert(k.clone(), v.clone());
        }
    }
    let mut tx = state.db.begin().await?;
    channels::set_health(&mut tx, org, channel.id, &health, &channel.status, state.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}
