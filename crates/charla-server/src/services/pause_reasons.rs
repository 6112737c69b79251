//! The organization's list of pause reasons.

use charla_db::DbError;
use charla_db::repo::pause_reasons;
use charla_domain::ids::new_id;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::pause_reasons::PauseReasonView;
use crate::views::{Page, audited};

fn name_taken(err: DbError) -> AppError {
    match err {
        DbError::Conflict(_) => charla_domain::validation::Invalid::single("name", "taken").into(),
        other => other.into(),
    }
}

/// Every reason, by name, on one page.
pub async fn list(state: &AppState, org: Uuid) -> AppResult<Page<PauseReasonView>> {
    let rows = pause_reasons::list(&state.db, org).await?;
    Ok(Page::new(rows.iter().map(PauseReasonView::from).collect(), None::<String>))
}

pub async fn create(state: &AppState, caller: &Caller, name: &str) -> AppResult<PauseReasonView> {
    let id = new_id();
    let mut tx = state.db.begin().await?;
    pause_reasons::insert(&mut tx, caller.org, id, name, state.clock.now()).await.map_err(name_taken)?;
    let view = PauseReasonView { id, name: name.to_owned() };
    let after = audited(&view);
    audit::record(state, &mut tx, caller, "pause_reason.created", ("pause_reason", Some(id)), None, Some(&after))
        .await?;
    tx.commit().await?;
    Ok(view)
}

pub async fn rename(state: &AppState, caller: &Caller, id: Uuid, name: &str) -> AppResult<PauseReasonView> {
    let before = pause_reasons::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let mut tx = state.db.begin().await?;
    pause_reasons::rename(&mut tx, caller.org, id, name).await.map_err(name_taken)?;
    let view = PauseReasonView { id, name: name.to_owned() };
    let (before, after) = (audited(&PauseReasonView::from(&before)), audited(&view));
    audit::record(
        state,
        &mut tx,
        caller,
        "pause_reason.updated",
        ("pause_reason", Some(id)),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    let before = pause_reasons::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let mut tx = state.db.begin().await?;
    pause_reasons::delete(&mut tx, caller.org, id).await?;
    let before = audited(&PauseReasonView::from(&before));
    audit::record(state, &mut tx, caller, "pause_reason.deleted", ("pause_reason", Some(id)), Some(&before), None)
        .await?;
    tx.commit().await?;
    Ok(())
}
