//! Agents' absence messages (CONV-13): an agent sets their own, a manager anyone's.

use charla_db::repo::{absences, users};
use charla_domain::access::Permission;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::absences::AbsenceView;
use crate::views::audited;

pub const MESSAGE_MAX: usize = 1000;
pub const CONTACT_MAX: usize = 200;

pub struct AbsenceInput {
    pub enabled: bool,
    pub message: String,
    pub suggested_contact: Option<String>,
}

/// An agent's own absence, or anyone's of the organization for a manager of users.
async fn check_may(state: &AppState, caller: &Caller, user: Uuid) -> AppResult<()> {
    users::get(&state.db, caller.org, user).await?.ok_or(ErrorCode::NotFound)?;
    if user == caller.user_id || caller.can(Permission::UsersManage) {
        Ok(())
    } else {
        Err(ErrorCode::Forbidden.into())
    }
}

async fn read(state: &AppState, org: Uuid, user: Uuid) -> AppResult<AbsenceView> {
    Ok(AbsenceView::new(user, absences::get(&state.db, org, user).await?.as_ref()))
}

pub async fn get(state: &AppState, caller: &Caller, user: Uuid) -> AppResult<AbsenceView> {
    check_may(state, caller, user).await?;
    read(state, caller.org, user).await
}

pub async fn put(state: &AppState, caller: &Caller, user: Uuid, input: &AbsenceInput) -> AppResult<AbsenceView> {
    check_may(state, caller, user).await?;
    let mut invalid = Invalid::new();
    let message = input.message.trim();
    if message.chars().count() > MESSAGE_MAX {
        invalid.add_with("message", "too_long", &[("max", MESSAGE_MAX as i64)]);
    }
    if input.enabled && message.is_empty() {
        invalid.add("message", "required");
    }
    let contact = invalid.optional_text("suggested_contact", input.suggested_contact.as_deref(), CONTACT_MAX);
    invalid.finish()?;
    let before = read(state, caller.org, user).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let update = absences::AbsenceUpdate {
        enabled: input.enabled,
        message,
        suggested_contact: contact.as_deref(),
        by: caller.user_id,
        now,
    };
    absences::put(&mut tx, caller.org, user, &update).await?;
    let after = AbsenceView::new(user, absences::get(&mut tx, caller.org, user).await?.as_ref());
    let (before_json, after_json) = (audited(&before), audited(&after));
    let entity = ("user", Some(user));
    audit::record(state, &mut tx, caller, "user.absence_updated", entity, Some(&before_json), Some(&after_json))
        .await?;
    tx.commit().await?;
    Ok(after)
}
