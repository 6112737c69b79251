//! Who may call the widget's endpoints: pages on an origin the channel lists. A request
//! from any other origin, or with none, is refused with 403 and no CORS headers, so a
//! browser shows the other site nothing.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use charla_db::repo::channels::ChannelRow;
use charla_domain::webchat::origin_allowed;
use uuid::Uuid;

use crate::channels::webchat::config as webchat_config;
use crate::error::{AppError, ErrorCode};
use crate::services::webchat;
use crate::state::AppState;

/// The channel a widget request is for, found and checked once.
#[derive(Clone)]
pub struct Embed {
    pub org: Uuid,
    pub channel: ChannelRow,
}

/// `/widget/v1/channels/{id}/…` → the id.
fn channel_in(path: &str) -> Option<Uuid> {
    let rest = path.strip_prefix("/widget/v1/channels/")?;
    Uuid::try_parse(rest.split('/').next()?).ok()
}

pub async fn embed(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(id) = channel_in(request.uri().path()) else {
        return AppError::from(ErrorCode::NotFound).into_response();
    };
    let (org, channel) = match webchat::channel(&state, id).await {
        Ok(found) => found,
        Err(err) => return err.into_response(),
    };
    let allowed = webchat_config::read(&channel.config.0).allowed_origins;
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|o| origin_allowed(&allowed, o))
        .and_then(|o| HeaderValue::from_str(o).ok());
    let Some(origin) = origin else {
        return AppError::from(ErrorCode::OriginNotAllowed).into_response();
    };
    request.extensions_mut().insert(Embed { org, channel });
    let mut response = next.run(request).await;
    allow(&mut response, origin);
    response
}

/// A preflight from an allowed origin (others never get here): what the widget may send.
pub async fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    response
}

/// The request headers the widget sends (a test keeps it in step with `VISITOR_HEADER`).
const ALLOWED_HEADERS: &str = "content-type, x-charla-visitor, x-file-name";

fn allow(response: &mut Response, origin: HeaderValue) {
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
}

#[cfg(test)]
mod tests {
    use super::super::VISITOR_HEADER;
    use super::*;

    #[test]
    fn the_channel_comes_from_the_path() {
        let id = Uuid::now_v7();
        assert_eq!(channel_in(&format!("/widget/v1/channels/{id}/messages")), Some(id));
        assert_eq!(channel_in(&format!("/widget/v1/channels/{id}")), Some(id));
        assert_eq!(channel_in("/widget/v1/channels/nope/messages"), None);
        assert_eq!(channel_in("/widget/v1/charla.js"), None);
    }

    #[test]
    fn preflight_allows_the_visitor_header() {
        assert!(ALLOWED_HEADERS.split(", ").any(|h| h == VISITOR_HEADER));
    }
}
