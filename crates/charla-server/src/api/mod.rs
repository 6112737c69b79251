//! The REST API under `/api/v1`: one table of routes, from which both the router and the
//! OpenAPI document are built, so neither can miss a route.

pub mod audit_log;
pub mod extract;
pub mod hierarchy;
pub mod jobs;
pub mod me;
pub mod openapi;
pub mod passwords;
pub mod pause_reasons;
pub mod profiles;
pub mod session;
pub mod setup;
pub mod system;
pub mod tokens;
pub mod users;
pub mod views;

use axum::Router;
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use charla_domain::access::Permission;

use crate::realtime::ws;
use crate::state::AppState;

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any user or token of the organization.
    Member,
    /// A person logged in through the web app; API tokens are refused.
    Session,
    /// Holders of this permission.
    Permission(Permission),
}

#[derive(Clone, Copy, Debug)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// What a successful call answers.
    pub success: u16,
}

pub struct Route {
    pub spec: RouteSpec,
    /// The JSON Schema of the request body, for the OpenAPI document.
    pub body: Option<serde_json::Value>,
    pub handler: MethodRouter<AppState>,
}

impl Route {
    fn with_body<T: schemars::JsonSchema>(mut self) -> Self {
        self.body = serde_json::to_value(schemars::schema_for!(T)).ok();
        self
    }
}

fn route(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    access: Access,
    success: u16,
    handler: MethodRouter<AppState>,
) -> Route {
    Route { spec: RouteSpec { method, path, tag, summary, access, success }, body: None, handler }
}

/// Every route of the API.
#[rustfmt::skip]
pub fn routes() -> Vec<Route> {
    use Access::{Member, Public, Session};
    use Permission::{ApiManage, AuditView, CampaignsManage, SettingsManage, UsersManage};
    let p = Access::Permission;
    vec![
        route("get", "/api/v1/setup", "setup", "Whether this server still needs its first organization", Public, 200, get(setup::status)),
        route("post", "/api/v1/setup", "setup", "Create the first organization and its administrator", Public, 201, post(setup::create)).with_body::<setup::SetupBody>(),
        route("post", "/api/v1/session", "session", "Log in with email and password", Public, 200, post(session::login)).with_body::<session::LoginBody>(),
        route("delete", "/api/v1/session", "session", "Log out", Session, 204, delete(session::logout)),
        route("delete", "/api/v1/sessions", "session", "Log out everywhere", Session, 204, delete(session::logout_everywhere)),
        route("post", "/api/v1/password-recovery", "session", "Mail a password recovery link", Public, 202, post(passwords::request_recovery)).with_body::<passwords::RecoveryBody>(),
        route("post", "/api/v1/password-reset", "session", "Set a password from an invitation or recovery link", Public, 204, post(passwords::reset)).with_body::<passwords::ResetBody>(),
        route("get", "/api/v1/me", "me", "The caller, organization and permissions", Member, 200, get(me::get)),
        route("patch", "/api/v1/me", "me", "Edit one's own profile", Session, 200, patch(me::update)).with_body::<me::MePatch>(),
        route("put", "/api/v1/me/status", "me", "Set one's own status", Session, 200, put(me::set_status)).with_body::<me::StatusBody>(),
        route("get", "/api/v1/realtime", "realtime", "WebSocket of the organization's events", Member, 101, get(ws::connect)),
        route("get", "/api/v1/users", "users", "List users", p(UsersManage), 200, get(users::list)),
        route("post", "/api/v1/users", "users", "Invite a user by email", p(UsersManage), 201, post(users::invite)).with_body::<users::InviteBody>(),
        route("get", "/api/v1/users/{id}", "users", "One user", p(UsersManage), 200, get(users::get)),
        route("patch", "/api/v1/users/{id}", "users", "Edit a user", p(UsersManage), 200, patch(users::update)).with_body::<users::UserPatchBody>(),
        route("delete", "/api/v1/users/{id}", "users", "Deactivate a user", p(UsersManage), 204, delete(users::deactivate)),
        route("post", "/api/v1/users/{id}/reset-password", "users", "Mail a user a password reset link", p(UsersManage), 202, post(users::reset_password)),
        route("get", "/api/v1/users/{id}/status-history", "users", "A user's status changes", p(UsersManage), 200, get(users::status_history)),
        route("get", "/api/v1/pause-reasons", "users", "The organization's pause reasons", Member, 200, get(pause_reasons::list)),
        route("post", "/api/v1/pause-reasons", "users", "Add a pause reason", p(UsersManage), 201, post(pause_reasons::create)).with_body::<pause_reasons::NameBody>(),
        route("patch", "/api/v1/pause-reasons/{id}", "users", "Rename a pause reason", p(UsersManage), 200, patch(pause_reasons::update)).with_body::<pause_reasons::NameBody>(),
        route("delete", "/api/v1/pause-reasons/{id}", "users", "Delete a pause reason", p(UsersManage), 204, delete(pause_reasons::delete)),
        route("get", "/api/v1/permissions", "profiles", "The permission catalogue by module", p(UsersManage), 200, get(profiles::catalogue)),
        route("get", "/api/v1/profiles", "profiles", "List access profiles", p(UsersManage), 200, get(profiles::list)),
        route("post", "/api/v1/profiles", "profiles", "Create a custom access profile", p(UsersManage), 201, post(profiles::create)).with_body::<profiles::CreateBody>(),
        route("get", "/api/v1/profiles/{id}", "profiles", "One access profile", p(UsersManage), 200, get(profiles::get)),
        route("patch", "/api/v1/profiles/{id}", "profiles", "Edit a custom access profile", p(UsersManage), 200, patch(profiles::update)).with_body::<profiles::PatchBody>(),
        route("delete", "/api/v1/profiles/{id}", "profiles", "Delete a custom profile; its members lose its permissions", p(UsersManage), 204, delete(profiles::delete)),
        route("get", "/api/v1/profiles/{id}/members", "profiles", "Users with this profile", p(UsersManage), 200, get(users::members)),
        route("get", "/api/v1/clients", "hierarchy", "List clients", Member, 200, get(hierarchy::clients::list)),
        route("post", "/api/v1/clients", "hierarchy", "Create a client", p(CampaignsManage), 201, post(hierarchy::clients::create)).with_body::<hierarchy::CreateBody>(),
        route("get", "/api/v1/clients/{id}", "hierarchy", "One client", Member, 200, get(hierarchy::clients::get)),
        route("patch", "/api/v1/clients/{id}", "hierarchy", "Edit or archive a client", p(CampaignsManage), 200, patch(hierarchy::clients::update)).with_body::<hierarchy::PatchBody>(),
        route("delete", "/api/v1/clients/{id}", "hierarchy", "Archive a client", p(CampaignsManage), 204, delete(hierarchy::clients::archive)),
        route("get", "/api/v1/projects", "hierarchy", "List projects", Member, 200, get(hierarchy::projects::list)),
        route("post", "/api/v1/projects", "hierarchy", "Create a project", p(CampaignsManage), 201, post(hierarchy::projects::create)).with_body::<hierarchy::CreateBody>(),
        route("get", "/api/v1/projects/{id}", "hierarchy", "One project", Member, 200, get(hierarchy::projects::get)),
        route("patch", "/api/v1/projects/{id}", "hierarchy", "Edit or archive a project", p(CampaignsManage), 200, patch(hierarchy::projects::update)).with_body::<hierarchy::PatchBody>(),
        route("delete", "/api/v1/projects/{id}", "hierarchy", "Archive a project", p(CampaignsManage), 204, delete(hierarchy::projects::archive)),
        route("get", "/api/v1/campaigns", "hierarchy", "List campaigns", Member, 200, get(hierarchy::campaigns::list)),
        route("post", "/api/v1/campaigns", "hierarchy", "Create a campaign", p(CampaignsManage), 201, post(hierarchy::campaigns::create)).with_body::<hierarchy::CreateBody>(),
        route("get", "/api/v1/campaigns/{id}", "hierarchy", "One campaign", Member, 200, get(hierarchy::campaigns::get)),
        route("patch", "/api/v1/campaigns/{id}", "hierarchy", "Edit or archive a campaign", p(CampaignsManage), 200, patch(hierarchy::campaigns::update)).with_body::<hierarchy::PatchBody>(),
        route("delete", "/api/v1/campaigns/{id}", "hierarchy", "Archive a campaign", p(CampaignsManage), 204, delete(hierarchy::campaigns::archive)),
        route("get", "/api/v1/tokens", "tokens", "List API tokens", p(ApiManage), 200, get(tokens::list)),
        route("post", "/api/v1/tokens", "tokens", "Create an API token (shown once)", p(ApiManage), 201, post(tokens::create)).with_body::<tokens::CreateBody>(),
        route("get", "/api/v1/tokens/{id}", "tokens", "One API token", p(ApiManage), 200, get(tokens::get)),
        route("delete", "/api/v1/tokens/{id}", "tokens", "Revoke an API token", p(ApiManage), 204, delete(tokens::revoke)),
        route("get", "/api/v1/audit-log", "audit", "Administrative changes, newest first", p(AuditView), 200, get(audit_log::list)),
        route("get", "/api/v1/jobs", "jobs", "Background jobs and their failures", p(SettingsManage), 200, get(jobs::list)),
        route("get", "/api/v1/openapi.json", "system", "This document", Public, 200, get(system::openapi)),
    ]
}

/// The API router; each route first authorizes its caller as the table says, before any
/// body is read, so a caller without the right gets 403 whatever it sent.
pub fn router(state: &AppState) -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |router, r| {
        let access = r.spec.access;
        let guard = axum::middleware::from_fn_with_state(state.clone(), move |s, req, next| {
            crate::auth::guard::authorize(s, access, req, next)
        });
        router.route(r.spec.path, r.handler.route_layer(guard))
    })
}
