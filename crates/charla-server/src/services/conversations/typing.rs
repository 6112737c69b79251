//! An agent is typing: told to the conversation's web chat visitor (CH-3), whose widget
//! shows it. Written as an event so every node's visitors hear it; agents' sockets do not
//! receive it (its audience is empty).

use charla_db::repo::conversations;
use serde_json::json;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::{events, inbox_access};
use crate::state::AppState;

pub const CONVERSATION_TYPING: &str = "conversation.typing";

pub async fn agent_typing(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    let row = conversations::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    inbox_access::check_visible(state, caller, &row).await?;
    if !crate::channels::of(&row.channel_kind).is_some_and(|n| n.typing()) {
        // Other networks have no typing signal Charla sends: nothing to tell.
        return Ok(());
    }
    let payload = json!({ "conversation_id": row.id, "channel_id": row.channel_id, "contact_id": row.contact_id });
    let mut tx = state.db.begin().await?;
    events::emit(state, &mut tx, caller.org, CONVERSATION_TYPING, &payload, &events::audience(&[], &[])).await?;
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}
