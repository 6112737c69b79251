//! Who is calling: a cookie session (web app) or a bearer API token (integrations).

pub mod caller;
pub mod guard;
pub mod password;
pub mod secret_token;

pub use caller::Caller;

pub const SESSION_COOKIE: &str = "charla_session";
pub const CSRF_COOKIE: &str = "charla_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
