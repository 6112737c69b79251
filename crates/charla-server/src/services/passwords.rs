//! Password recovery by a one-time link, admin resets, and setting a password from a link.

use charla_db::repo::{login_guard, sessions, users};
use charla_domain::access::RECOVERY_POLICY;
use charla_domain::people::Language;
use uuid::Uuid;

use crate::auth::{Caller, secret_token};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::jobs::model as jobs;
use crate::jobs::model::JobKind;
use crate::locales;
use crate::mail::Mail;
use crate::services::{audit, login, orgs};
use crate::state::AppState;

/// How long a recovery link stays valid.
pub const RECOVERY_HOURS: i64 = 2;

/// Mails a recovery link when the (normalized) address belongs to an active user; says
/// nothing either way. Every address, known or not, may ask `RECOVERY_POLICY` times an
/// hour; beyond, 429 for both alike.
pub async fn request_recovery(state: &AppState, email: &str) -> AppResult<()> {
    let now = state.clock.now();
    let key = login::email_key(email);
    let (count, began) = login_guard::record_recovery(&state.db, &key, now, RECOVERY_POLICY.window_start(now)).await?;
    RECOVERY_POLICY.verdict(count, began, now).map_err(|secs| AppError::TooManyRequests { retry_after_secs: secs })?;
    let Some(found) = users::credentials_by_email(&state.db, email).await? else {
        return Ok(());
    };
    if !found.active {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    mail_recovery_link(state, &mut tx, found.organization_id, found.id).await?;
    tx.commit().await?;
    state.jobs_wake.notify_one();
    Ok(())
}

/// An administrator sends a user a link to choose a new password.
pub async fn admin_reset(state: &AppState, caller: &Caller, user_id: Uuid) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let user = users::get(&mut tx, caller.org, user_id).await?.ok_or(ErrorCode::NotFound)?;
    mail_recovery_link(state, &mut tx, caller.org, user.id).await?;
    audit::record(state, &mut tx, caller, "user.password_reset_sent", ("user", Some(user.id)), None, None).await?;
    tx.commit().await?;
    state.jobs_wake.notify_one();
    Ok(())
}

async fn mail_recovery_link(state: &AppState, tx: &mut charla_db::Tx, org: Uuid, user_id: Uuid) -> AppResult<()> {
    let user = users::get(&mut *tx, org, user_id).await?.ok_or(ErrorCode::NotFound)?;
    let now = state.clock.now();
    let token = orgs::issue_one_time(tx, org, user.id, "recovery", now, RECOVERY_HOURS).await?;
    let language = Language::parse(&user.language).unwrap_or(Language::Es);
    let link = format!("{}/reset-password?token={token}", state.settings.public_base());
    let mail = Mail {
        to: user.email.clone(),
        subject: locales::text(language, "mail.recovery.subject", &[]),
        body: locales::text(
            language,
            "mail.recovery.body",
            &[("name", &user.name), ("link", &link), ("hours", &RECOVERY_HOURS.to_string())],
        ),
    };
    jobs::enqueue(
        state,
        tx,
        jobs::Enqueue { org, kind: JobKind::SendMail, payload: &mail, run_at: None, dedup_key: None },
    )
    .await?;
    Ok(())
}

/// Sets the password from an invitation or recovery link. The link is checked before any
/// Argon2 work (a bogus, used or expired one costs a lookup), works once, voids every other
/// outstanding link of the user, ends their open sessions and lifts a login lock.
pub async fn reset_with_token(state: &AppState, token: &str, new_password: String) -> AppResult<()> {
    let invalid = || ErrorCode::TokenInvalid;
    let (org, hash) = secret_token::parse(token).ok_or_else(invalid)?;
    sessions::peek_one_time(&state.db, org, &hash, state.clock.now()).await?.ok_or_else(invalid)?;
    let password_hash = state.password_work.hash(new_password).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let user_id = sessions::use_one_time(&mut tx, org, &hash, now).await?.ok_or_else(invalid)?;
    let user = users::get(&mut tx, org, user_id).await?.ok_or_else(invalid)?;
    users::set_password(&mut tx, org, user_id, &password_hash, now).await?;
    sessions::void_one_time_for_user(&mut tx, org, user_id, now).await?;
    sessions::delete_for_user(&mut tx, org, user_id).await?;
    login_guard::clear_failures(&mut tx, &login::email_key(&user.email), now).await?;
    tx.commit().await?;
    Ok(())
}
