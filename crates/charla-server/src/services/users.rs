//! Users: the list and one user, invitation by email, profile edits, deactivation, the
//! status history.

use charla_db::Tx;
use charla_db::repo::{self, profiles, sessions, users};
use charla_domain::ids::new_id;
use charla_domain::people::Language;
use charla_domain::search::{contains_pattern, search_key};
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::jobs::model as jobs;
use crate::jobs::model::JobKind;
use crate::locales;
use crate::mail::Mail;
use crate::services::{audit, orgs};
use crate::state::AppState;
use crate::views::users::{StatusChangeView, UserView};
use crate::views::{Page, audited};

/// Which users a page lists.
#[derive(Default)]
pub struct UserQuery {
    /// Matched anywhere in the name or the email; blank lists everyone.
    pub search: Option<String>,
    pub profile_id: Option<Uuid>,
    pub after: Option<Uuid>,
    pub limit: Option<i64>,
}

/// One page of the organization's users, in creation order.
pub async fn list(state: &AppState, org: Uuid, query: &UserQuery) -> AppResult<Page<UserView>> {
    let limit = repo::page_limit(query.limit);
    let pattern = query.search.as_deref().filter(|s| !s.trim().is_empty()).map(contains_pattern);
    let filter =
        users::UserFilter { search: pattern.as_deref(), profile_id: query.profile_id, after: query.after, limit };
    let rows = users::list(&state.db, org, &filter).await?;
    let (rows, next) = repo::paginate(rows, limit, |u| u.id);
    Ok(Page::new(rows.iter().map(UserView::from).collect(), next))
}

/// One page of the users holding a profile of the organization.
pub async fn members(state: &AppState, org: Uuid, profile_id: Uuid, query: UserQuery) -> AppResult<Page<UserView>> {
    profiles::get(&state.db, org, profile_id).await?.ok_or(ErrorCode::NotFound)?;
    list(state, org, &UserQuery { profile_id: Some(profile_id), ..query }).await
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> AppResult<UserView> {
    let user = users::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(UserView::from(&user))
}

/// A user's status changes, newest first.
pub async fn status_history(
    state: &AppState,
    org: Uuid,
    id: Uuid,
    after: Option<Uuid>,
    limit: Option<i64>,
) -> AppResult<Page<StatusChangeView>> {
    users::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    let limit = repo::page_limit(limit);
    let rows = users::status_history(&state.db, org, id, after, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |r| r.id);
    Ok(Page::new(rows.iter().map(StatusChangeView::from).collect(), next))
}

pub struct Invite {
    pub email: String,
    pub name: String,
    pub profile_id: Uuid,
    pub language: Language,
    pub time_zone: String,
    pub capacity: i64,
}

/// Creates the user without a password and mails a link that sets it.
pub async fn invite(state: &AppState, caller: &Caller, invite: Invite) -> AppResult<UserView> {
    let now = state.clock.now();
    let org = repo::orgs::get(&state.db, caller.org).await?.ok_or(ErrorCode::NotFound)?;
    let mut tx = state.db.begin().await?;
    if profiles::get(&mut tx, caller.org, invite.profile_id).await?.is_none() {
        return Err(Invalid::single("profile_id", "invalid").into());
    }
    let id = new_id();
    let inserted = users::insert(
        &mut tx,
        &users::NewUser {
            org: caller.org,
            id,
            email: &invite.email,
            name: &invite.name,
            search_key: &search_key(&invite.name),
            language: invite.language.code(),
            time_zone: &invite.time_zone,
            capacity: invite.capacity,
            profile_id: invite.profile_id,
            password_hash: None,
            now,
        },
    )
    .await;
    if let Err(charla_db::DbError::Conflict(_)) = inserted {
        return Err(ErrorCode::EmailTaken.into());
    }
    inserted?;
    let token = orgs::issue_one_time(&mut tx, caller.org, id, "invite", now, orgs::INVITE_HOURS).await?;
    let mail = invite_mail(state, &invite, &org.name, &token);
    jobs::enqueue(
        state,
        &mut tx,
        jobs::Enqueue { org: caller.org, kind: JobKind::SendMail, payload: &mail, run_at: None, dedup_key: None },
    )
    .await?;
    let user = users::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let view = UserView::from(&user);
    audit::record(state, &mut tx, caller, "user.invited", ("user", Some(id)), None, Some(&audited(&view))).await?;
    tx.commit().await?;
    state.jobs_wake.notify_one();
    Ok(view)
}

/// The invitation, in the invitee's language, with the link that sets their password.
fn invite_mail(state: &AppState, invite: &Invite, org_name: &str, token: &str) -> Mail {
    let link = format!("{}/accept-invite?token={token}", state.settings.public_base());
    Mail {
        to: invite.email.clone(),
        subject: locales::text(invite.language, "mail.invite.subject", &[("org", org_name)]),
        body: locales::text(
            invite.language,
            "mail.invite.body",
            &[("name", &invite.name), ("org", org_name), ("link", &link)],
        ),
    }
}

#[derive(Default)]
pub struct UserPatch {
    pub name: Option<String>,
    pub avatar_url: Option<Option<String>>,
    pub language: Option<Language>,
    pub time_zone: Option<String>,
    pub capacity: Option<i64>,
    pub profile_id: Option<Uuid>,
    pub active: Option<bool>,
}

/// Applies a partial update; deactivating ends the user's sessions.
pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    patch: UserPatch,
    action: &str,
) -> AppResult<UserView> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = users::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    if let Some(profile) = patch.profile_id
        && profiles::get(&mut tx, caller.org, profile).await?.is_none()
    {
        return Err(Invalid::single("profile_id", "invalid").into());
    }
    let name = patch.name.unwrap_or_else(|| before.name.clone());
    let avatar_url = patch.avatar_url.unwrap_or_else(|| before.avatar_url.clone());
    let language = patch.language.map(|l| l.code().to_owned()).unwrap_or_else(|| before.language.clone());
    let time_zone = patch.time_zone.unwrap_or_else(|| before.time_zone.clone());
    let active = patch.active.unwrap_or(before.active);
    users::update(
        &mut tx,
        caller.org,
        id,
        &users::UserUpdate {
            name: &name,
            search_key: &search_key(&name),
            avatar_url: avatar_url.as_deref(),
            language: &language,
            time_zone: &time_zone,
            capacity: patch.capacity.unwrap_or(before.capacity),
            profile_id: patch.profile_id.or(before.profile_id),
            active,
        },
        now,
    )
    .await?;
    if before.active && !active {
        sessions::delete_for_user(&mut tx, caller.org, id).await?;
    }
    let after = users::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after_view = record_change(state, &mut tx, caller, action, &before, &after).await?;
    tx.commit().await?;
    // More room (or reactivated): the agent may take what waits in their queues.
    if after.active && after.capacity > before.capacity {
        crate::services::conversations::routing::fill_agent(state, caller.org, id).await?;
    }
    Ok(after_view)
}

/// Audits a change of a user; when their profile or activity changed, their open sockets
/// take the new access. Answers the user's view after the change.
async fn record_change(
    state: &AppState,
    tx: &mut Tx,
    caller: &Caller,
    action: &str,
    before: &users::UserRow,
    after: &users::UserRow,
) -> AppResult<UserView> {
    let (before_view, after_view) = (UserView::from(before), UserView::from(after));
    let (before_json, after_json) = (audited(&before_view), audited(&after_view));
    audit::record(state, tx, caller, action, ("user", Some(after.id)), Some(&before_json), Some(&after_json)).await?;
    if before.profile_id != after.profile_id || before.active != after.active {
        crate::services::supervision::access_changed(state, tx, caller.org, Some(after.id), None).await?;
    }
    Ok(after_view)
}

/// Deactivates a user (never oneself): history keeps their name; they can no longer log in.
pub async fn deactivate(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    if id == caller.user_id {
        return Err(Invalid::single("id", "invalid").into());
    }
    let patch = UserPatch { active: Some(false), ..Default::default() };
    update(state, caller, id, patch, "user.deactivated").await?;
    Ok(())
}
