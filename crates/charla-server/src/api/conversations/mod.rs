//! `/api/v1/conversations`: the inbox list, one conversation with its context, the
//! 3-month history, and search across conversations and messages (CONV-10, CONV-11).

pub mod actions;
pub mod messages;

use axum::Json;
use axum::extract::State;
use charla_db::repo::conversations::{self, ListFilter, SearchFilter};
use charla_db::repo::{self, contacts, messages as message_repo};
use charla_domain::conversations::lifecycle::ConversationStatus;
use charla_domain::search::contains_pattern;
use charla_domain::time::Ts;
use jiff::SignedDuration;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::inbox_access::{self, NumberVisibility};
use crate::services::{campaign_rules, conversations::closing};
use crate::state::AppState;
use crate::views::contacts::{ContactView, IdentityView, NoteView};
use crate::views::inbox::{ConversationView, MessageView};

/// How far back the history page reaches (CONV-10).
pub const HISTORY_DAYS: i64 = 90;

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

/// The cursor of a page: the last row's activity instant and id.
fn parse_cursor(after: Option<&str>) -> AppResult<Option<(Ts, Uuid)>> {
    let Some(text) = after.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let bad = || AppError::Detailed(ErrorCode::InvalidQuery, "bad cursor".to_owned());
    let (micros, id) = text.split_once('_').ok_or_else(bad)?;
    let micros: i64 = micros.parse().map_err(|_| bad())?;
    Ok(Some((Ts::from_micros(micros), Uuid::try_parse(id).map_err(|_| bad())?)))
}

fn statuses(raw: Option<&str>) -> AppResult<Vec<String>> {
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(|s| {
            ConversationStatus::parse(s.trim())
                .map(|s| s.code().to_owned())
                .ok_or_else(|| AppError::Detailed(ErrorCode::InvalidQuery, format!("unknown status {s}")))
        })
        .collect()
}

/// The filter a query asks for, with search limited to what the caller may match on.
fn filter_of(q: &ListQuery, numbers: &NumberVisibility, opened_since: Option<Ts>) -> AppResult<ListFilter> {
    let search = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|text| {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        SearchFilter {
            pattern: contains_pattern(text),
            phone_pattern: (digits.len() >= 3).then(|| format!("%{digits}%")),
            phone_campaigns: numbers.campaigns(),
        }
    });
    Ok(ListFilter {
        statuses: statuses(q.status.as_deref())?,
        queue_id: q.queue_id,
        campaign_id: q.campaign_id,
        channel_id: q.channel_id,
        agent_id: q.agent_id,
        contact_id: q.contact_id,
        tag: q.tag.as_deref().map(charla_domain::contacts::normalize_tag),
        unread: q.unread,
        opened_since,
        search,
        after: parse_cursor(q.after.as_deref())?,
        limit: repo::page_limit(q.limit),
    })
}

async fn page(state: &AppState, caller: &Caller, q: &ListQuery, opened_since: Option<Ts>) -> AppResult<Value> {
    let view = inbox_access::view(state, caller).await?;
    let numbers = inbox_access::number_visibility(state, caller.org, Some(&view)).await?;
    let filter = filter_of(q, &numbers, opened_since)?;
    let mut rows = conversations::list(&state.db, caller.org, &inbox_access::list_scope(&view), &filter).await?;
    let limit = usize::try_from(filter.limit).unwrap_or(0);
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| format!("{}_{}", r.last_activity_at.0.as_micros(), r.id))
    } else {
        None
    };
    let items: Vec<ConversationView> =
        rows.iter().map(|r| ConversationView::new(r, numbers.shows(r.campaign_id))).collect();
    Ok(json!({ "items": items, "next": next }))
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Value>> {
    Ok(Json(page(&state, &caller, &q, None).await?))
}

/// The history page: conversations of the last 3 months (closed unless a status is asked).
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(mut q): ApiQuery<ListQuery>,
) -> AppResult<Json<Value>> {
    if q.status.is_none() {
        q.status = Some("closed".to_owned());
    }
    let since = state.clock.now().minus(SignedDuration::from_hours(24 * HISTORY_DAYS));
    Ok(Json(page(&state, &caller, &q, Some(since)).await?))
}

/// One conversation with its contact, the contact's previous conversations and, where the
/// campaign allows it, their messages of the last hours (CONV-5, CONV-10).
pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    let row = conversations::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let view = inbox_access::view(&state, &caller).await?;
    if !inbox_access::sees(&state, caller.org, &view, &row).await? {
        return Err(ErrorCode::NotFound.into());
    }
    // A supervisor's reach into the contact's past is its supervision's: the whole
    // history of the campaigns it oversees, the agents' rule elsewhere.
    let supervises = view.oversees(row.campaign_id);
    let numbers = inbox_access::number_visibility(&state, caller.org, Some(&view)).await?;
    let show = numbers.shows(row.campaign_id);
    let rules = campaign_rules::load(&state.db, caller.org, row.campaign_id).await?;
    let contact = contacts::get(&state.db, caller.org, row.contact_id).await?.ok_or(ErrorCode::NotFound)?;
    let identities = contacts::identities(&state.db, caller.org, row.contact_id).await?;
    let tags = contacts::tags(&state.db, caller.org, row.contact_id).await?;
    let notes = contacts::notes(&state.db, caller.org, row.contact_id).await?;
    let (previous, history) = if supervises || rules.permissions.history {
        let reach = if supervises { 24 * HISTORY_DAYS } else { rules.permissions.history_hours };
        let since = state.clock.now().minus(SignedDuration::from_hours(reach));
        let theirs = conversations::of_contact(&state.db, caller.org, row.contact_id, 200).await?;
        // What the supervisor oversees; the agent's rule (any campaign) otherwise.
        let in_reach = |campaign: Uuid| !supervises || view.oversees(campaign);
        let previous: Vec<ConversationView> = theirs
            .iter()
            .filter(|c| c.id != row.id && c.opened_at.0 >= since && in_reach(c.campaign_id))
            .take(20)
            .map(|c| ConversationView::new(c, numbers.shows(c.campaign_id)))
            .collect();
        let reachable: std::collections::BTreeSet<Uuid> =
            theirs.iter().filter(|c| in_reach(c.campaign_id)).map(|c| c.id).collect();
        let history: Vec<MessageView> =
            message_repo::of_contact_since(&state.db, caller.org, row.contact_id, since, row.id, 200)
                .await?
                .iter()
                .filter(|m| !supervises || reachable.contains(&m.conversation_id))
                .map(MessageView::from)
                .collect();
        (previous, history)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut tx = state.db.begin().await?;
    let fields = closing::field_defs(&mut tx, caller.org, row.campaign_id).await?;
    let dispositions = charla_db::repo::campaign_settings::dispositions(&mut tx, caller.org, row.campaign_id).await?;
    let named: Vec<Value> = charla_db::repo::dispositions::list(&mut tx, caller.org, Some(rules.project_id))
        .await?
        .iter()
        .filter(|d| dispositions.contains(&d.id) && d.archived_at.is_none())
        .map(|d| json!({ "id": d.id, "name": d.name }))
        .collect();
    let channel = charla_db::repo::channels::get(&mut tx, caller.org, row.channel_id).await?;
    tx.commit().await?;
    Ok(Json(json!({
        "conversation": ConversationView::new(&row, show),
        "contact": {
            "contact": ContactView::new(&contact, show),
            "identities": IdentityView::list(&identities, show),
            "tags": tags,
            "notes": notes.iter().map(NoteView::from).collect::<Vec<_>>(),
        },
        "campaign": {
            "id": rules.id,
            "name": rules.name,
            "agent_permissions": rules.permissions,
            "disposition_ids": dispositions,
            "dispositions": named,
            "fields": fields.iter().map(|f| json!({
                "id": f.id, "name": f.name, "kind": f.kind.code(), "required": f.required, "options": f.options,
            })).collect::<Vec<_>>(),
        },
        "channel": channel.map(|c| json!({ "id": c.id, "name": c.name, "kind": c.kind })),
        "previous_conversations": previous,
        "history_messages": history,
    })))
}
