//! The web chat widget's public endpoints (CH-3), under `/widget/v1/channels/{id}/…`.
//! They sit outside the `/api/v1` route table on purpose: no user or token calls them, a
//! visitor proves who they are with the token in `X-Charla-Visitor` (never a cookie, so
//! any site can embed the widget), and every request, preflight included, must come from
//! an origin the channel allows (`cors`).

mod cors;
mod handlers;
mod stream;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::state::AppState;

/// The header that carries the visitor's token.
pub const VISITOR_HEADER: &str = "x-charla-visitor";

pub fn router(state: &AppState) -> Router<AppState> {
    let upload_limit = state.settings.max_upload_mb.max(1) * 1024 * 1024;
    let base = "/widget/v1/channels/{channel_id}";
    let json = Router::new()
        .route(&format!("{base}/config"), get(handlers::config).options(cors::preflight))
        .route(&format!("{base}/sessions"), post(handlers::start).options(cors::preflight))
        .route(&format!("{base}/messages"), get(handlers::thread).post(handlers::write).options(cors::preflight))
        .route(&format!("{base}/read"), post(handlers::read).options(cors::preflight))
        .route(&format!("{base}/files/{{file_id}}"), get(handlers::file).options(cors::preflight))
        .route(&format!("{base}/stream"), get(stream::connect))
        .layer(DefaultBodyLimit::max(crate::api::BODY_LIMIT));
    let uploads = Router::new()
        .route(&format!("{base}/files"), post(handlers::upload).options(cors::preflight))
        .layer(DefaultBodyLimit::max(upload_limit));
    json.merge(uploads).layer(axum::middleware::from_fn_with_state(state.clone(), cors::embed))
}
