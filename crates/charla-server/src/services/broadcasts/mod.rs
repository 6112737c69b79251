//! Broadcasts from a spreadsheet (OUT-2): the import (`import`), reading a broadcast and
//! the list.

pub mod actions;
mod catalogue;
pub mod exports;
pub mod import;
pub mod report;
pub mod report_csv;
pub mod sending;
pub mod tracking;

use charla_db::repo;
use charla_db::repo::broadcasts::{self as broadcasts, RejectionRow};
use charla_domain::broadcasts::rows::RowCode;
use charla_domain::broadcasts::tracking::Track;
use charla_domain::people::Language;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::AppState;
use crate::views::Page;
use crate::views::broadcast_messages::{BroadcastMessageView, TotalsView};
use crate::views::broadcasts::{BroadcastDetailView, BroadcastView, InvalidRowView};

/// The caller's language for texts the server writes (a token speaks its creator's).
pub(crate) async fn language_of(state: &AppState, caller: &Caller) -> AppResult<Language> {
    let user = repo::users::get(&state.db, caller.org, caller.user_id).await?;
    Ok(user.and_then(|u| Language::parse(&u.language)).unwrap_or(Language::Es))
}

fn invalid_row(r: &RejectionRow, language: Language) -> Option<InvalidRowView> {
    let code = RowCode::parse(&r.code)?;
    let message = crate::locales::text(language, &format!("broadcasts.invalid.{}", code.as_str()), &[]);
    Some(InvalidRowView { row: r.row_number, column: r.column_name.clone(), code: code.into(), message })
}

/// One broadcast with every row its sheet left out.
pub async fn detail(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<BroadcastDetailView> {
    let row = broadcasts::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let view = BroadcastView::from_row(&row).ok_or(ErrorCode::NotFound)?;
    let language = language_of(state, caller).await?;
    let rejected = broadcasts::rejections(&state.db, caller.org, id).await?;
    let (counts, replied) = repo::broadcast_tracking::totals(&state.db, caller.org, id).await?;
    let rows = rejected.iter().filter_map(|r| invalid_row(r, language)).collect();
    Ok(view.with_rows(rows, (TotalsView::from_counts(&counts), replied)))
}

/// The organization's broadcasts, newest first.
pub async fn list(
    state: &AppState,
    org: Uuid,
    after: Option<Uuid>,
    limit: Option<i64>,
) -> AppResult<Page<BroadcastView>> {
    let limit = repo::page_limit(limit);
    let rows = broadcasts::list(&state.db, org, after, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |b| b.id);
    Ok(Page::new(rows.iter().filter_map(BroadcastView::from_row).collect(), next))
}

/// A broadcast's messages in row order, of one status when asked: a keyset page by row.
pub async fn messages(
    state: &AppState,
    org: Uuid,
    id: Uuid,
    status: Option<&str>,
    (after, limit): (Option<i64>, Option<i64>),
) -> AppResult<Page<BroadcastMessageView>> {
    broadcasts::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    if status.is_some_and(|s| Track::parse(s).is_none()) {
        return Err(AppError::Detailed(ErrorCode::InvalidQuery, "unknown status".to_owned()));
    }
    let limit = repo::page_limit(limit);
    let mut rows = broadcasts::recipients(&state.db, org, id, status, after, limit).await?;
    // One row more than the page says there is a next page, after this page's last row.
    let more = rows.len() > usize::try_from(limit).unwrap_or(0);
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    let next = if more { rows.last().map(|r| r.row_number) } else { None };
    Ok(Page::new(rows.iter().map(BroadcastMessageView::from).collect(), next))
}
