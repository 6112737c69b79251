//! `/health`, `/ready`, `/metrics` and the OpenAPI document.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

pub async fn health() -> &'static str {
    "ok"
}

/// Ready when the database answers.
pub async fn ready(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(err) => {
            tracing::warn!(error = ?err, "not ready");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

/// Prometheus text. With `--metrics-token`, only `Authorization: Bearer <token>` (compared
/// in constant time) is answered; anything else is 401.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = state.settings.metrics_token.as_deref().filter(|t| !t.is_empty()) {
        let sent = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !charla_channels::signature::same_secret(sent.trim(), token) {
            let mut refused = AppError::from(ErrorCode::Unauthorized).into_response();
            refused.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return refused;
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}

/// The OpenAPI document: a generic JSON document, built from the route table.
pub async fn openapi() -> Json<Value> {
    Json(super::openapi::document())
}
