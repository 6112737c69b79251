//! Who is calling: a cookie session (web app) or a bearer API token (integrations).

// A check whose result is dropped is how "any password works" bugs happen (HOSTILE row 11).
#![deny(clippy::let_underscore_must_use, clippy::let_underscore_future, unused_must_use)]

pub mod caller;
pub mod guard;
pub mod password;
pub mod secret_token;

pub use caller::Caller;

pub const SESSION_COOKIE: &str = "charla_session";
pub const CSRF_COOKIE: &str = "charla_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";
