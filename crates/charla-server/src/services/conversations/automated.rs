//! Messages the system sends by itself (bot texts and menus, out-of-hours, absence,
//! post-attention, surveys): like an agent's reply, a row plus its send job in the
//! caller's transaction, with no author.

use charla_db::Tx;
use charla_db::repo::messages::MessageRow;
use charla_domain::bots::menu::{Menu, Style, numbered_text, style_for};
use charla_domain::messages::{Automated, MessageKind};
use charla_domain::outbound::window;
use charla_domain::time::Ts;
use serde_json::{Value, json};
use uuid::Uuid;

use super::Working;
use super::outbox::{Part, Sender, insert_outbound};
use crate::error::AppResult;
use crate::state::AppState;

pub enum Content {
    Text(String),
    Menu(Menu),
    /// A menu whose options are a number scale: networks without buttons get `plain` (the
    /// question and "answer with a number from 1 to 5") instead of a list of bare numbers.
    Scale {
        menu: Menu,
        plain: String,
    },
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
    !crate::channels::of(&w.row.channel_kind).is_some_and(|n| n.reply_window())
        || window::is_open(w.next.last_contact_message_at, now)
}

/// Queues one message to the contact of `w`'s conversation, marked with its automatic
/// `sender`; the caller wakes the job runner after commit.
pub async fn say(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    w: &Working,
    content: &Content,
    sender: Automated,
    now: Ts,
) -> AppResult<MessageRow> {
    let (kind, text, payload) = match content {
        Content::Text(text) => (MessageKind::Text, text.clone(), json!({})),
        Content::Menu(menu) => match style_for(&w.row.channel_kind, menu) {
            Style::Numbered => (MessageKind::Text, numbered_text(menu), json!({})),
            style => (MessageKind::Interactive, numbered_text(menu), interactive(menu, style)),
        },
        Content::Scale { menu, plain } => match style_for(&w.row.channel_kind, menu) {
            Style::Numbered => (MessageKind::Text, plain.clone(), json!({})),
            style => (MessageKind::Interactive, plain.clone(), interactive(menu, style)),
        },
    };
    let mut payload = payload;
    if let Value::Object(fields) = &mut payload {
        fields.insert("automated".to_owned(), Value::String(sender.code().to_owned()));
    }
    let part = Part { kind, text: Some(text), file_id: None, payload };
    let message = insert_outbound(state, tx, Sender { org, author: None, api: false }, w, &part, None, now).await?;
    Ok(message)
}
