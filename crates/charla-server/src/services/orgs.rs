//! Creating an organization: its built-in profiles and its first administrator; the first
//! run (`/setup`) creates the server's first one.

use charla_db::repo::{orgs, profiles, sessions, users};
use charla_db::{Db, DbError, Tx};
use charla_domain::access::BuiltinProfile;
use charla_domain::ids::new_id;
use charla_domain::people::{DEFAULT_CAPACITY, Language, check_email, check_password};
use charla_domain::search::search_key;
use charla_domain::tenancy::check_name;
use charla_domain::time::{Clock, Ts};
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::secret_token;
use crate::error::{AppResult, ErrorCode};
use crate::services::sessions::{self as web_sessions, StartedSession};
use crate::state::AppState;
use crate::views::setup::SetupStatusView;

/// How long an invitation link stays valid.
pub const INVITE_HOURS: i64 = 72;

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub admin_name: &'a str,
    pub admin_email: &'a str,
    /// Already hashed; `None` leaves the administrator to set it through the returned link.
    pub admin_password_hash: Option<&'a str>,
    pub language: Language,
    pub time_zone: &'a str,
}

pub struct CreatedOrg {
    pub org: Uuid,
    pub admin: Uuid,
    /// A one-time set-password token when no password was given.
    pub invite_token: Option<String>,
}

pub async fn create(db: &Db, clock: &Clock, new: &NewOrg<'_>) -> Result<CreatedOrg, DbError> {
    let now = clock.now();
    let org = new_id();
    let mut tx = db.begin().await?;
    let created = create_in(&mut tx, org, now, new).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn setup_status(state: &AppState) -> AppResult<SetupStatusView> {
    Ok(SetupStatusView { needs_setup: orgs::count(&state.db).await? == 0 })
}

/// What the first run asks for, as typed.
pub struct FirstRun {
    pub organization_name: String,
    pub name: String,
    pub email: String,
    pub password: String,
}

/// The first run: creates the organization and its administrator and logs them in. Once
/// an organization exists every call answers `setup_done`, before looking at the input.
pub async fn set_up(state: &AppState, input: FirstRun) -> AppResult<StartedSession> {
    if orgs::count(&state.db).await? > 0 {
        return Err(ErrorCode::SetupDone.into());
    }
    let mut invalid = Invalid::new();
    let org_name = check_name(&mut invalid, "organization_name", &input.organization_name);
    let name = check_name(&mut invalid, "name", &input.name);
    let email = check_email(&mut invalid, "email", &input.email);
    check_password(&mut invalid, "password", &input.password);
    invalid.finish()?;
    let hash = state.password_work.hash(input.password).await?;
    let new = NewOrg {
        name: &org_name,
        admin_name: &name,
        admin_email: &email,
        admin_password_hash: Some(&hash),
        language: Language::Es,
        time_zone: "America/Bogota",
    };
    // One transaction that claims the first run: of parallel set-ups, one wins.
    let created = create_first(&state.db, &state.clock, &new).await?.ok_or(ErrorCode::SetupDone)?;
    web_sessions::start(state, created.org, created.admin).await
}

/// The first run's organization (`POST /setup`): `None` when one exists already or a
/// parallel set-up claimed the first run, in the same transaction that creates it.
pub async fn create_first(db: &Db, clock: &Clock, new: &NewOrg<'_>) -> Result<Option<CreatedOrg>, DbError> {
    let now = clock.now();
    let org = new_id();
    let mut tx = db.begin().await?;
    if !orgs::claim_setup(&mut tx, org, now).await? || orgs::count_in(&mut tx).await? > 0 {
        return Ok(None);
    }
    let created = create_in(&mut tx, org, now, new).await?;
    tx.commit().await?;
    Ok(Some(created))
}

async fn create_in(tx: &mut Tx, org: Uuid, now: Ts, new: &NewOrg<'_>) -> Result<CreatedOrg, DbError> {
    orgs::insert(tx, org, new.name, now).await?;
    // The organization's days (reports, "today") follow its first administrator's zone.
    orgs::set_time_zone(tx, org, new.time_zone).await?;
    let admin_profile = insert_builtin_profiles(tx, org, now).await?;
    let admin = new_id();
    users::insert(
        tx,
        &users::NewUser {
            org,
            id: admin,
            email: new.admin_email,
            name: new.admin_name,
            search_key: &search_key(new.admin_name),
            language: new.language.code(),
            time_zone: new.time_zone,
            capacity: DEFAULT_CAPACITY,
            profile_id: admin_profile,
            password_hash: new.admin_password_hash,
            now,
        },
    )
    .await?;
    let invite_token = match new.admin_password_hash {
        Some(_) => None,
        None => Some(issue_one_time(tx, org, admin, "invite", now, INVITE_HOURS).await?),
    };
    Ok(CreatedOrg { org, admin, invite_token })
}

/// Inserts Administrator, Supervisor and Agent; returns the Administrator's id.
async fn insert_builtin_profiles(tx: &mut Tx, org: Uuid, now: Ts) -> Result<Uuid, DbError> {
    let mut admin = None;
    for builtin in BuiltinProfile::ALL {
        let id = new_id();
        profiles::insert(tx, org, id, builtin.default_name(), Some(builtin.code()), now).await?;
        let codes: Vec<&str> = builtin.permissions().iter().map(|p| p.code()).collect();
        profiles::set_permissions(tx, org, id, &codes).await?;
        if builtin == BuiltinProfile::Administrator {
            admin = Some(id);
        }
    }
    Ok(admin.unwrap_or_default())
}

/// Stores a one-time token (invitation or recovery) and returns the secret for the link.
pub async fn issue_one_time(
    tx: &mut Tx,
    org: Uuid,
    user: Uuid,
    purpose: &str,
    now: Ts,
    valid_hours: i64,
) -> Result<String, DbError> {
    let (token, hash) = secret_token::issue(org);
    let expires = now.plus(jiff::SignedDuration::from_hours(valid_hours));
    sessions::insert_one_time(tx, org, &hash, user, purpose, now, expires).await?;
    Ok(token)
}
