//! The organization's own settings (`PATCH /api/v1/organization`): today its time zone,
//! which decides the local day a conversation is counted under in reports and what
//! monitoring calls "today".

use charla_db::repo::orgs;
use charla_domain::people::check_time_zone;
use charla_domain::validation::Invalid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::audited;
use crate::views::users::OrganizationView;

/// What an administrator may change; `None` keeps the current value.
pub struct OrgPatch {
    pub time_zone: Option<String>,
}

/// Applies the patch and its audit entry in one transaction. A new zone files the
/// conversations that change from now on under its days; figures already summed keep
/// the day they were counted under (REP-2 days are fixed at write time, DESIGN §3).
pub async fn update(state: &AppState, caller: &Caller, patch: OrgPatch) -> AppResult<OrganizationView> {
    let mut invalid = Invalid::new();
    let zone = patch.time_zone.as_deref().map(|z| check_time_zone(&mut invalid, "time_zone", z));
    invalid.finish()?;
    let before = orgs::get(&state.db, caller.org).await?.ok_or(ErrorCode::NotFound)?;
    let before_view = OrganizationView::from(&before);
    let mut tx = state.db.begin().await?;
    if let Some(zone) = &zone {
        orgs::set_time_zone(&mut tx, caller.org, zone).await?;
    }
    let after_view = OrganizationView { time_zone: zone.unwrap_or(before.time_zone), ..before_view.clone() };
    let (before_json, after_json) = (audited(&before_view), audited(&after_view));
    audit::record(
        state,
        &mut tx,
        caller,
        "organization.updated",
        ("organization", Some(caller.org)),
        Some(&before_json),
        Some(&after_json),
    )
    .await?;
    tx.commit().await?;
    Ok(after_view)
}
