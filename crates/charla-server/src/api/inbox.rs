//! The inbox's badges and the people in it: `GET /api/v1/inbox/counts` (the caller's
//! badges are counters kept in the same transactions as the changes; supervisors' totals
//! per filter count open conversations only, never the history), `GET /api/v1/agents`,
//! `GET /api/v1/assignment-log`, and the caller's notifications.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::{self, conversations, notifications, profiles, queues, users};
use charla_domain::access::Permission;
use charla_domain::inbox_view::InboxView;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::inbox_access;
use crate::state::AppState;

pub async fn counts(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Value>> {
    let view = inbox_access::view(&state, &caller).await?;
    let mine = queues::counters(&state.db, caller.org, caller.user_id).await?;
    let all = !matches!(view, InboxView::Agent(_));
    let my_queues = queues::queues_of_user(&state.db, caller.org, caller.user_id).await?;
    let queues: Vec<Value> = queues::list(&state.db, caller.org, None)
        .await?
        .iter()
        .filter(|q| q.archived_at.is_none() && (view.oversees(q.campaign_id) || my_queues.contains(&q.id)))
        .map(|q| json!({ "queue_id": q.id, "campaign_id": q.campaign_id, "name": q.name, "waiting": q.waiting_count }))
        .collect();
    let by = if all { Some(open_counts(&state, caller.org, &view).await?) } else { None };
    Ok(Json(json!({
        "assigned": mine.assigned_count,
        "unread_conversations": mine.unread_conversations,
        "unread_messages": mine.unread_messages,
        "queues": queues,
        // For supervisors: the open conversations of what they oversee, per filter value.
        "open": by,
    })))
}

async fn open_counts(state: &AppState, org: Uuid, view: &InboxView) -> AppResult<Value> {
    let mut by_status: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_campaign: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_channel: BTreeMap<String, i64> = BTreeMap::new();
    for row in conversations::open_counts(&state.db, org).await?.into_iter().filter(|r| view.oversees(r.campaign_id)) {
        *by_status.entry(row.status).or_default() += row.count;
        *by_campaign.entry(row.campaign_id.to_string()).or_default() += row.count;
        *by_channel.entry(row.channel_id.to_string()).or_default() += row.count;
    }
    Ok(json!({ "by_status": by_status, "by_campaign": by_campaign, "by_channel": by_channel }))
}

/// The organization's active people as the inbox needs them (transfer targets, the
/// supervisor's agent list): status, capacity, load and queues.
pub async fn agents(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Value>> {
    inbox_access::scope(&caller)?;
    let filter = users::UserFilter { search: None, profile_id: None, after: None, limit: repo::PAGE_MAX * 5 };
    // Who may be given conversations: holders of the agent's inbox permission.
    let takers: Vec<Uuid> = profiles::all_permissions(&state.db, caller.org)
        .await?
        .into_iter()
        .filter(|(_, p)| p == Permission::InboxOwn.code())
        .map(|(profile, _)| profile)
        .collect();
    let mut items = Vec::new();
    for u in users::list(&state.db, caller.org, &filter).await?.iter().filter(|u| u.active) {
        let counters = queues::counters(&state.db, caller.org, u.id).await?;
        let member_of = queues::queues_of_user(&state.db, caller.org, u.id).await?;
        items.push(json!({
            "id": u.id,
            "name": u.name,
            "avatar_url": u.avatar_url,
            "status": u.status,
            "status_changed_at": u.status_changed_at.0,
            "capacity": u.capacity,
            "takes_conversations": u.profile_id.is_some_and(|p| takers.contains(&p)),
            "assigned": counters.assigned_count,
            "unread_conversations": counters.unread_conversations,
            "queue_ids": member_of,
        }));
    }
    Ok(Json(json!({ "items": items, "next": null })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogQuery {
    conversation_id: Option<Uuid>,
    after: Option<String>,
    limit: Option<i64>,
}

/// Every assignment change with its source and who did it (REP-4), oldest first.
pub async fn assignment_log(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LogQuery>,
) -> AppResult<Json<Value>> {
    let limit = repo::page_limit(q.limit);
    let rows = queues::assignment_log(
        &state.db,
        caller.org,
        q.conversation_id,
        inbox_access::report_supervisor(&caller),
        parse_cursor(q.after.as_deref())?,
        limit + 1,
    )
    .await?;
    let (rows, next) = repo::paginate(rows, limit, |r| r.id);
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "conversation_id": r.conversation_id,
                "contact_id": r.contact_id,
                "campaign_id": r.campaign_id,
                "from_agent_id": r.from_agent_id,
                "to_agent_id": r.to_agent_id,
                "from_queue_id": r.from_queue_id,
                "to_queue_id": r.to_queue_id,
                "source": r.source,
                "actor_user_id": r.actor_user_id,
                "actor_name": r.actor_name,
                "at": r.at.0,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "next": next })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationsQuery {
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn notifications(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<NotificationsQuery>,
) -> AppResult<Json<Value>> {
    let limit = repo::page_limit(q.limit);
    let rows =
        notifications::list(&state.db, caller.org, caller.user_id, parse_cursor(q.after.as_deref())?, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |n| n.id);
    let items: Vec<Value> = rows
        .iter()
        .map(|n| {
            json!({ "id": n.id, "kind": n.kind, "payload": n.payload.0, "read_at": n.read_at.map(|t| t.0), "created_at": n.created_at.0 })
        })
        .collect();
    Ok(Json(json!({ "items": items, "next": next })))
}

pub async fn read_notification(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    let found = notifications::mark_read(&mut tx, caller.org, caller.user_id, id, state.clock.now()).await?;
    tx.commit().await?;
    if found { Ok(StatusCode::NO_CONTENT) } else { Err(ErrorCode::NotFound.into()) }
}
