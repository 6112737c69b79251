//! What Meta's Messenger Platform reports of the page's own messages (CH-6): delivery and
//! read watermarks (everything we sent a contact up to an instant reached the status) and
//! echoes (each message the page sent, echoed back). An echo of our own send changes
//! nothing; one of another tool (Meta Business Suite, another app) is stored as an outbound
//! message from outside Charla, so the agent sees what the contact was told.

use charla_channels::events::{InboundMessage, Watermark};
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::{contacts, conversations, messages, network_marks};
use charla_domain::ids::new_id;
use charla_domain::messages::{DeliveryStatus, Direction};
use charla_domain::search::search_key;
use charla_domain::time::Ts;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::error::{AppResult, ErrorCode};
use crate::jobs::model::{Enqueue, JobKind, enqueue};
use crate::services::conversations::events;
use crate::services::conversations::outbox::{Report, record_status};
use crate::state::AppState;

/// The contact of a network id on this channel's network, if we know them.
async fn contact_of(state: &AppState, org: Uuid, channel: &ChannelRow, from: &str) -> AppResult<Option<Uuid>> {
    let Some(network) = crate::channels::of(&channel.kind) else {
        return Ok(None);
    };
    let (kind, value) = network.identity_of(from);
    Ok(contacts::find_by_identity(&state.db, org, kind.code(), &value).await?)
}

/// Moves every send to the contact accepted at or before the watermark to its status
/// (never backwards: `record_status` keeps a later one).
pub async fn watermark(state: &AppState, org: Uuid, channel: &ChannelRow, w: &Watermark) -> AppResult<()> {
    let Some(contact) = contact_of(state, org, channel, &w.contact).await? else {
        return Ok(());
    };
    let until = Ts::from_micros(w.watermark_ms.saturating_mul(1000));
    let below: &[&str] = match w.status {
        DeliveryStatus::Read => &[DeliveryStatus::Sent.code(), DeliveryStatus::Delivered.code()],
        _ => &[DeliveryStatus::Sent.code()],
    };
    let ids = network_marks::accepted_up_to(&state.db, org, channel.id, contact, until, below).await?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    for id in ids {
        let Some(message) = messages::get(&mut tx, org, id).await? else { continue };
        let Some(conversation) = conversations::get(&mut tx, org, message.conversation_id).await? else { continue };
        let report = Report { status: w.status, network_id: None, error: None };
        record_status(state, &mut tx, org, (&message, &conversation), report, until).await?;
    }
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}

/// An echo: ours (known by its id) changes nothing; while one of our sends to the contact
/// still waits for its answer the echo may be of it, so it comes back later (a race);
/// otherwise another tool sent it, and it is stored in the contact's open conversation.
pub async fn echo(state: &AppState, org: Uuid, channel: &ChannelRow, m: &InboundMessage) -> AppResult<()> {
    if messages::find_by_network_id(&state.db, org, channel.id, &m.network_id).await?.is_some() {
        return Ok(());
    }
    let Some(contact) = contact_of(state, org, channel, &m.from).await? else {
        tracing::info!(channel = %channel.id, "echo of a message to a contact we do not know: ignored");
        return Ok(());
    };
    if network_marks::in_flight(&state.db, org, channel.id, contact).await? {
        return Err(ErrorCode::Conflict.into());
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(conversation) = conversations::find_open(&mut tx, org, channel.id, contact).await? else {
        tracing::info!(channel = %channel.id, "echo of another tool's message with no open conversation: ignored");
        return Ok(());
    };
    let mut payload = m.payload.clone();
    if let Some(obj) = payload.as_object_mut() {
        obj.insert("source".to_owned(), json!("external"));
        obj.insert("network_timestamp".to_owned(), json!(m.timestamp));
        if m.media.is_some() {
            obj.insert("media_pending".to_owned(), Value::Bool(true));
        }
    }
    let id = new_id();
    let key = m.text.as_deref().map(search_key);
    let stored = messages::insert(
        &mut tx,
        &messages::NewMessage {
            org,
            id,
            conversation_id: conversation.id,
            contact_id: contact,
            channel_id: channel.id,
            direction: Direction::Outbound.code(),
            kind: m.kind.code(),
            text: m.text.as_deref(),
            search_key: key.as_deref(),
            payload: &payload,
            file_id: None,
            reply_to_id: None,
            author_id: None,
            network_id: Some(&m.network_id),
            status: Some(DeliveryStatus::Sent.code()),
            now,
        },
    )
    .await?;
    if !stored {
        return Ok(());
    }
    if m.media.is_some() {
        let job = Enqueue {
            org,
            kind: JobKind::FetchMedia,
            payload: &json!({ "message_id": id }),
            run_at: None,
            dedup_key: Some(&format!("media:{id}")),
        };
        enqueue(state, &mut tx, job).await?;
    }
    let message = messages::get(&mut tx, org, id).await?.ok_or(ErrorCode::NotFound)?;
    events::message_created(state, &mut tx, org, &conversation, &message).await?;
    tx.commit().await?;
    state.hub.wake();
    state.jobs_wake.notify_one();
    Ok(())
}
