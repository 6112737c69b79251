//! Broadcasts from a spreadsheet (OUT-2): the import (`import`), reading a broadcast and
//! the list.

pub mod actions;
mod catalogue;
pub mod import;
pub mod sending;
mod sheet;
pub mod spool;

use charla_db::repo;
use charla_db::repo::broadcasts::{self as broadcasts, RejectionRow};
use charla_domain::broadcasts::rows::RowCode;
use charla_domain::people::Language;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::state::AppState;
use crate::views::Page;
use crate::views::broadcasts::{BroadcastDetailView, BroadcastView, InvalidRowView};

/// The caller's language for texts the server writes (a token speaks its creator's).
async fn language_of(state: &AppState, caller: &Caller) -> AppResult<Language> {
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
    Ok(view.with_rows(rejected.iter().filter_map(|r| invalid_row(r, language)).collect()))
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
