//! Dispositions (CONV-3): configured per project, selected per campaign.

use charla_db::repo::dispositions;
use charla_db::repo::hierarchy::{self, Level};
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::campaigns::DispositionView;
use crate::views::{Page, audited};

/// Dispositions of every project, or of one.
pub async fn list(state: &AppState, org: Uuid, project: Option<Uuid>) -> AppResult<Page<DispositionView>> {
    let rows = dispositions::list(&state.db, org, project).await?;
    Ok(Page::new(rows.iter().map(DispositionView::from).collect(), None::<Uuid>))
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> AppResult<DispositionView> {
    let row = dispositions::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(DispositionView::from(&row))
}

pub async fn create(state: &AppState, caller: &Caller, project: Uuid, name: &str) -> AppResult<DispositionView> {
    if hierarchy::get(&state.db, Level::Project, caller.org, project).await?.is_none() {
        return Err(Invalid::single("project_id", "invalid").into());
    }
    let id = new_id();
    let mut tx = state.db.begin().await?;
    dispositions::insert(&mut tx, caller.org, id, project, name, state.clock.now()).await?;
    let row = dispositions::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = DispositionView::from(&row);
    let audited_after = audited(&after);
    audit::record(state, &mut tx, caller, "disposition.created", ("disposition", Some(id)), None, Some(&audited_after))
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    name: Option<&str>,
    archived: Option<bool>,
) -> AppResult<DispositionView> {
    let row = dispositions::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let now = state.clock.now();
    let archived_at = match archived {
        Some(true) => row.archived_at.map(|t| t.0).or(Some(now)),
        Some(false) => None,
        None => row.archived_at.map(|t| t.0),
    };
    let mut tx = state.db.begin().await?;
    dispositions::update(&mut tx, caller.org, id, name.unwrap_or(&row.name), archived_at, now).await?;
    let after_row = dispositions::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = DispositionView::from(&after_row);
    let (before, audited_after) = (audited(&DispositionView::from(&row)), audited(&after));
    audit::record(
        state,
        &mut tx,
        caller,
        "disposition.updated",
        ("disposition", Some(id)),
        Some(&before),
        Some(&audited_after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
