//! `/api/v1/conversations`: the inbox list, one conversation with its context, the
//! 3-month history, and search across conversations and messages (CONV-10, CONV-11).

pub mod actions;
pub mod messages;
pub mod start;

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::conversations::{detail, inbox};
use crate::state::AppState;
use crate::views::Page;
use crate::views::conversations::ConversationDetailView;
use crate::views::inbox::ConversationView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// One status or several, comma-separated.
    status: Option<String>,
    queue_id: Option<Uuid>,
    campaign_id: Option<Uuid>,
    channel_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    contact_id: Option<Uuid>,
    tag: Option<String>,
    unread: Option<bool>,
    q: Option<String>,
    after: Option<String>,
    limit: Option<i64>,
}

impl From<ListQuery> for inbox::InboxQuery {
    fn from(q: ListQuery) -> Self {
        inbox::InboxQuery {
            status: q.status,
            queue_id: q.queue_id,
            campaign_id: q.campaign_id,
            channel_id: q.channel_id,
            agent_id: q.agent_id,
            contact_id: q.contact_id,
            tag: q.tag,
            unread: q.unread,
            text: q.q,
            after: q.after,
            limit: q.limit,
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<ConversationView>>> {
    Ok(Json(inbox::list(&state, &caller, &q.into()).await?))
}

/// The history page: conversations of the last 3 months (closed unless a status is asked).
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<ConversationView>>> {
    Ok(Json(inbox::history(&state, &caller, q.into()).await?))
}

/// One conversation with its contact, the contact's previous conversations and, where the
/// campaign allows it, their messages of the last hours (CONV-5, CONV-10).
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<ConversationDetailView>> {
    Ok(Json(detail::get(&state, &caller, id).await?))
}
