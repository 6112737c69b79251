//! Messages the system sends by itself (bot texts and menus, out-of-hours, absence,
//! post-attention, surveys): like an agent's reply, a row plus its send job in the
//! caller's transaction, with no author.

use charla_db::Tx;
use charla_db::repo::messages::{self, MessageRow, NewMessage};
use charla_domain::bots::menu::{Menu, Style, numbered_text, style_for};
use charla_domain::ids::new_id;
use charla_domain::messages::{DeliveryStatus, Direction, MessageKind, preview};
use charla_domain::outbound::window;
use charla_domain::search::search_key;
use charla_domain::time::Ts;
use serde_json::{Value, json};
use uuid::Uuid;

use super::Working;
use super::events;
use super::outbox::SendJob;
use crate::error::{ApiError, ApiResult};
use crate::jobs::kinds::JobKind;
use crate::services::jobs::{Enqueue, enqueue};
use crate::state::AppState;

pub enum Content {
    Text(String),
    Menu(Menu),
}

/// The interactive payload the send job maps onto each network's buttons or list; the
/// message's text is the numbered rendering, for networks without them.
fn interactive(menu: &Menu, style: Style) -> Value {
    let style = match style {
        Style::List => "list",
        Style::Buttons | Style::Keyboard | Style::Numbered if menu.options.len() <= 3 => "buttons",
        Style::Buttons | Style::Keyboard | Style::Numbered => "list",
    };
    let options: Vec<Value> =
        menu.options.iter().map(|o| json!({ "id": o.id, "title": o.title, "description": null })).collect();
    json!({ "interactive": { "style": style, "body": menu.body, "button": menu.button, "options": options } })
}

/// Whether the network still takes a free-form message (WhatsApp's 24-hour window).
pub fn can_reach(w: &Working, now: Ts) -> bool {
    w.row.channel_kind != "whatsapp" || window::is_open(w.next.last_contact_message_at, now)
}

/// Queues one message to the contact of `w`'s conversation; the caller wakes the job
/// runner after commit.
pub async fn say(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    w: &Working,
    content: &Content,
    now: Ts,
) -> ApiResult<MessageRow> {
    let (kind, text, payload) = match content {
        Content::Text(text) => (MessageKind::Text, text.clone(), json!({})),
        Content::Menu(menu) => match style_for(&w.row.channel_kind, menu) {
            Style::Numbered => (MessageKind::Text, numbered_text(menu), json!({})),
            style => (MessageKind::Interactive, numbered_text(menu), interactive(menu, style)),
        },
    };
    let id = new_id();
    let key = search_key(&text);
    messages::insert(
        tx,
        &NewMessage {
            org,
            id,
            conversation_id: w.row.id,
            contact_id: w.row.contact_id,
            channel_id: w.row.channel_id,
            direction: Direction::Outbound.code(),
            kind: kind.code(),
            text: Some(&text),
            search_key: Some(&key),
            payload: &payload,
            file_id: None,
            reply_to_id: None,
            author_id: None,
            network_id: None,
            status: Some(DeliveryStatus::Pending.code()),
            now,
        },
    )
    .await?;
    enqueue(
        state,
        tx,
        Enqueue {
            org,
            kind: JobKind::SendMessage,
            payload: &SendJob { message_id: id },
            run_at: None,
            dedup_key: Some(&format!("send:{id}")),
        },
    )
    .await?;
    let message = messages::get(&mut *tx, org, id).await?.ok_or(ApiError::NotFound)?;
    let mut row = w.row.clone();
    row.last_message_preview = Some(preview(&text));
    events::message_created(state, tx, org, &row, &message).await?;
    Ok(message)
}
