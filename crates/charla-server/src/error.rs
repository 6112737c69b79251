//! API errors: one `application/problem+json` envelope with a stable snake_case `code`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use charla_db::DbError;
use charla_domain::time::Ts;
use charla_domain::validation::{FieldError, Invalid};
use serde_json::json;

#[derive(Debug)]
pub enum ApiError {
    /// 400 with the list of invalid fields.
    Invalid(Invalid),
    /// 400 for a body that is not the JSON the route expects.
    MalformedJson(String),
    UnknownField(String),
    InvalidQuery(String),
    UnsupportedMediaType,
    PayloadTooLarge,
    BadRequest(&'static str),
    Unauthorized,
    InvalidCredentials,
    Forbidden,
    /// 403 for an action the campaign's agent permissions rule out, with its own code.
    NotAllowed(&'static str),
    CsrfFailed,
    NotFound,
    Conflict(&'static str),
    AccountLocked {
        until: Ts,
    },
    TooManyRequests {
        retry_after_secs: u64,
    },
    Internal(anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// The stable code a client sees.
    pub fn code(&self) -> &'static str {
        self.status_and_code().1
    }

    /// Lost a race with another writer: the operation may start again from a fresh read.
    pub fn is_race(&self) -> bool {
        matches!(self, ApiError::Conflict("conversation_changed" | "conflict"))
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Invalid(_) => (StatusCode::BAD_REQUEST, "validation_failed"),
            ApiError::MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            ApiError::UnknownField(_) => (StatusCode::BAD_REQUEST, "unknown_field"),
            ApiError::InvalidQuery(_) => (StatusCode::BAD_REQUEST, "invalid_query"),
            ApiError::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ApiError::BadRequest(code) => (StatusCode::BAD_REQUEST, code),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotAllowed(code) => (StatusCode::FORBIDDEN, code),
            ApiError::CsrfFailed => (StatusCode::FORBIDDEN, "csrf_failed"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Conflict(code) => (StatusCode::CONFLICT, code),
            ApiError::AccountLocked { .. } => (StatusCode::LOCKED, "account_locked"),
            ApiError::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error"),
        }
    }
}

/// Writes a problem document; used by `ApiError` and by the fallbacks of the router.
pub fn problem(status: StatusCode, code: &str, detail: Option<String>, extra: serde_json::Value) -> Response {
    let mut body = json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "code": code,
        "detail": detail,
        "errors": [],
    });
    if let (Some(obj), Some(more)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in more {
            obj.insert(k.clone(), v.clone());
        }
    }
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match self {
            ApiError::Invalid(invalid) => {
                let errors: Vec<&FieldError> = invalid.0.iter().collect();
                problem(status, code, None, json!({ "errors": errors }))
            }
            ApiError::MalformedJson(detail) | ApiError::UnknownField(detail) | ApiError::InvalidQuery(detail) => {
                problem(status, code, Some(detail), json!({}))
            }
            ApiError::AccountLocked { until } => problem(
                status,
                code,
                Some(format!("The account is locked until {until}.")),
                json!({ "locked_until": until }),
            ),
            ApiError::TooManyRequests { retry_after_secs } => {
                let mut response = problem(status, code, None, json!({ "retry_after": retry_after_secs }));
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                problem(status, code, None, json!({}))
            }
            _ => problem(status, code, None, json!({})),
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(invalid: Invalid) -> Self {
        ApiError::Invalid(invalid)
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Conflict(_) => ApiError::Conflict("conflict"),
            other if other.is_retryable() => ApiError::Conflict("conversation_changed"),
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::Internal(err)
    }
}
