//! The conversation's timeline of system events (assigned, back to a queue, transferred,
//! closed): messages of direction `system`, never sent to the contact, shown in order
//! among the others.

use charla_db::Tx;
use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::messages::{self, NewMessage};
use charla_domain::ids::new_id;
use charla_domain::messages::{Direction, MessageKind};
use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use super::events;
use crate::error::{AppResult, ErrorCode};
use crate::state::AppState;

pub async fn write(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    conversation: &ConversationRow,
    entry: &Value,
    now: Ts,
) -> AppResult<()> {
    let id = new_id();
    let author = entry.pointer("/by/id").and_then(Value::as_str).and_then(|s| Uuid::try_parse(s).ok());
    messages::insert(
        tx,
        &NewMessage {
            org,
            id,
            conversation_id: conversation.id,
            contact_id: conversation.contact_id,
            channel_id: conversation.channel_id,
            direction: Direction::System.code(),
            kind: MessageKind::Text.code(),
            text: None,
            search_key: None,
            payload: entry,
            file_id: None,
            reply_to_id: None,
            author_id: author,
            network_id: None,
            status: None,
            now,
        },
    )
    .await?;
    let message = messages::get(&mut *tx, org, id).await?.ok_or(ErrorCode::NotFound)?;
    events::message_created(state, tx, org, conversation, &message).await
}
