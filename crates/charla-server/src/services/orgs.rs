//! Creating an organization: its built-in profiles and its first administrator.

use charla_db::repo::{orgs, profiles, sessions, users};
use charla_db::{Db, DbError, Tx};
use charla_domain::access::BuiltinProfile;
use charla_domain::ids::new_id;
use charla_domain::people::{DEFAULT_CAPACITY, Language};
use charla_domain::search::search_key;
use charla_domain::time::{Clock, Ts};
use uuid::Uuid;

use crate::auth::secret_token;

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
