//! Agents' absence messages (CONV-13): an agent sets their own, a manager anyone's.

use charla_db::repo::{absences, users};
use charla_domain::access::Permission;
use charla_domain::validation::Invalid;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;

pub const MESSAGE_MAX: usize = 1000;
pub const CONTACT_MAX: usize = 200;

pub struct AbsenceInput {
    pub enabled: bool,
    pub message: String,
    pub suggested_contact: Option<String>,
}

async fn check_may(state: &AppState, caller: &Caller, user: Uuid) -> AppResult<()> {
    users::get(&state.db, caller.org, user).await?.ok_or(ErrorCode::NotFound)?;
    if user == caller.user_id || caller.can(Permission::UsersManage) {
        Ok(())
    } else {
        Err(ErrorCode::Forbidden.into())
    }
}

fn view(user: Uuid, row: Option<&absences::AbsenceRow>) -> Value {
    json!({
        "user_id": user,
        "enabled": row.is_some_and(|r| r.enabled),
        "message": row.map(|r| r.message.as_str()).unwrap_or_default(),
        "suggested_contact": row.and_then(|r| r.suggested_contact.as_deref()),
        "updated_at": row.map(|r| r.updated_at.0),
    })
}

pub async fn get(state: &AppState, caller: &Caller, user: Uuid) -> AppResult<Value> {
    check_may(state, caller, user).await?;
    Ok(view(user, absences::get(&state.db, caller.org, user).await?.as_ref()))
}

pub async fn put(state: &AppState, caller: &Caller, user: Uuid, input: &AbsenceInput) -> AppResult<Value> {
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
    let before = get(state, caller, user).await?;
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
    let after = view(user, absences::get(&mut tx, caller.org, user).await?.as_ref());
    audit::record(state, &mut tx, caller, "user.absence_updated", ("user", Some(user)), Some(&before), Some(&after))
        .await?;
    tx.commit().await?;
    Ok(after)
}
