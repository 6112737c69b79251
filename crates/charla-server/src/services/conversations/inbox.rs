//! The inbox list and the 3-month history (CONV-10, CONV-11): filters, search within what
//! the caller may match on, keyset pages by last activity.

use charla_db::repo;
use charla_db::repo::conversations::{self, ListFilter, SearchFilter};
use charla_domain::contacts::normalize_tag;
use charla_domain::conversations::lifecycle::ConversationStatus;
use charla_domain::search::contains_pattern;
use charla_domain::time::Ts;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::inbox_access::{self, NumberVisibility};
use crate::state::AppState;
use crate::views::Page;
use crate::views::inbox::ConversationView;

/// How far back the history page reaches (CONV-10).
pub const HISTORY_DAYS: i64 = 90;

/// What the inbox list asks for.
pub struct InboxQuery {
    /// One status or several, comma-separated.
    pub status: Option<String>,
    pub queue_id: Option<Uuid>,
    pub campaign_id: Option<Uuid>,
    pub channel_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub tag: Option<String>,
    pub unread: Option<bool>,
    /// Searched in the contact, the messages and (three digits or more) the number.
    pub text: Option<String>,
    /// The cursor of the page before (`next`).
    pub after: Option<String>,
    pub limit: Option<i64>,
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
fn filter_of(q: &InboxQuery, numbers: &NumberVisibility, opened_since: Option<Ts>) -> AppResult<ListFilter> {
    let search = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(|text| {
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
        tag: q.tag.as_deref().map(normalize_tag),
        unread: q.unread,
        opened_since,
        search,
        after: parse_cursor(q.after.as_deref())?,
        limit: repo::page_limit(q.limit),
    })
}

async fn page(
    state: &AppState,
    caller: &Caller,
    q: &InboxQuery,
    opened_since: Option<Ts>,
) -> AppResult<Page<ConversationView>> {
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
    let items = rows.iter().map(|r| ConversationView::new(r, numbers.shows(r.campaign_id))).collect();
    Ok(Page::new(items, next))
}

/// The inbox: the conversations the caller's view shows (everything for an administrator,
/// supervised campaigns for a supervisor, own and queued for an agent).
pub async fn list(state: &AppState, caller: &Caller, q: &InboxQuery) -> AppResult<Page<ConversationView>> {
    page(state, caller, q, None).await
}

/// The history page: conversations of the last 3 months (closed unless a status is asked).
pub async fn history(state: &AppState, caller: &Caller, mut q: InboxQuery) -> AppResult<Page<ConversationView>> {
    if q.status.is_none() {
        q.status = Some("closed".to_owned());
    }
    let since = state.clock.now().minus(SignedDuration::from_hours(24 * HISTORY_DAYS));
    page(state, caller, &q, Some(since)).await
}
