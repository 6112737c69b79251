//! A user as administrators see it.

use charla_db::repo::users::{StatusHistoryRow, UserRow};
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct UserView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub avatar_url: Option<String>,
    /// `es`, `pt-BR` or `en`.
    pub language: String,
    /// An IANA time zone.
    pub time_zone: String,
    /// `online`, `paused`, `invisible` or `offline`.
    pub status: String,
    pub pause_reason_id: Option<Uuid>,
    pub status_changed_at: Ts,
    /// Conversations the user may hold at once.
    pub capacity: i64,
    pub profile_id: Option<Uuid>,
    pub profile_name: Option<String>,
    /// The built-in profile's code (`administrator`, `supervisor`, `agent`), if it is one.
    pub profile_builtin: Option<String>,
    pub active: bool,
    /// Invited and not yet set a password.
    pub invited: bool,
    pub created_at: Ts,
}

impl From<&UserRow> for UserView {
    fn from(u: &UserRow) -> Self {
        UserView {
            id: u.id,
            email: u.email.clone(),
            name: u.name.clone(),
            avatar_url: u.avatar_url.clone(),
            language: u.language.clone(),
            time_zone: u.time_zone.clone(),
            status: u.status.clone(),
            pause_reason_id: u.pause_reason_id,
            status_changed_at: u.status_changed_at.0,
            capacity: u.capacity,
            profile_id: u.profile_id,
            profile_name: u.profile_name.clone(),
            profile_builtin: u.profile_builtin.clone(),
            active: u.active,
            invited: u.invited,
            created_at: u.created_at.0,
        }
    }
}

/// One change of a user's status.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct StatusChangeView {
    pub at: Ts,
    pub status: String,
    pub pause_reason_id: Option<Uuid>,
    pub pause_reason_name: Option<String>,
}

impl From<&StatusHistoryRow> for StatusChangeView {
    fn from(r: &StatusHistoryRow) -> Self {
        StatusChangeView {
            at: r.at.0,
            status: r.status.clone(),
            pause_reason_id: r.pause_reason_id,
            pause_reason_name: r.pause_reason_name.clone(),
        }
    }
}

/// The campaigns a supervisor supervises (ORG-3).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SupervisionView {
    pub campaign_ids: std::collections::BTreeSet<Uuid>,
}

/// The organization a caller belongs to.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OrganizationView {
    pub id: Uuid,
    pub name: String,
    /// The IANA zone of the organization's days: a report's dates and monitoring's "today".
    pub time_zone: String,
}

impl From<&charla_db::repo::orgs::OrgRow> for OrganizationView {
    fn from(org: &charla_db::repo::orgs::OrgRow) -> Self {
        OrganizationView { id: org.id, name: org.name.clone(), time_zone: org.time_zone.clone() }
    }
}

/// Who is calling: what login and `GET /me` answer.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WhoamiView {
    pub user: UserView,
    pub organization: OrganizationView,
    /// The caller's own permission codes (an API token's: its profile's that its creator
    /// still holds).
    pub permissions: Vec<String>,
    /// The CSRF token to send as `X-CSRF-Token` on mutations (cookie sessions only).
    pub csrf_token: Option<String>,
}
