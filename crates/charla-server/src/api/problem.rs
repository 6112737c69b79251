//! The one place an application error becomes HTTP: its status, and the
//! `application/problem+json` document with its stable `code`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use charla_domain::validation::FieldError;
use serde_json::json;

use crate::error::{AppError, ErrorCode};

/// Every code's status. Exhaustive, so a new code cannot ship without one.
pub const fn status(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        ValidationFailed | MalformedJson | UnknownField | InvalidQuery | TokenInvalid | MalformedWebhook => {
            StatusCode::BAD_REQUEST
        }
        Unauthorized | InvalidCredentials | InvalidSignature => StatusCode::UNAUTHORIZED,
        Forbidden
        | CsrfFailed
        | ProfileExceedsCaller
        | OriginNotAllowed
        | EmojisNotAllowed
        | VoiceNotesNotAllowed
        | AttachmentsNotAllowed
        | InvalidSecret => StatusCode::FORBIDDEN,
        NotFound => StatusCode::NOT_FOUND,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Conflict | ConversationChanged | NotYourConversation | CampaignWithoutQueue | AlreadyClosed
        | ConversationClosed | AlreadyAssigned | NotAssigned | NotWaiting | NoQueue | AgentAtCapacity
        | InvalidTransition | TransferNotAllowed | WindowClosed | ReactionTargetUnsent | TemplatesUnavailable
        | SetupDone | ProfileBuiltin | EmailTaken | Duplicate | DefaultQueue => StatusCode::CONFLICT,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        AccountLocked => StatusCode::LOCKED,
        TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        InternalError => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A problem document for a code, with an optional sentence and extra members.
pub fn problem(code: ErrorCode, detail: Option<String>, extra: serde_json::Value) -> Response {
    let status = status(code);
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

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let code = self.code();
        match self {
            AppError::Invalid(invalid) => {
                let errors: Vec<&FieldError> = invalid.0.iter().collect();
                problem(code, None, json!({ "errors": errors }))
            }
            AppError::Detailed(_, detail) => problem(code, Some(detail), json!({})),
            AppError::AccountLocked { until } => {
                problem(code, Some(format!("The account is locked until {until}.")), json!({ "locked_until": until }))
            }
            AppError::TooManyRequests { retry_after_secs } => {
                let mut response = problem(code, None, json!({ "retry_after": retry_after_secs }));
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                problem(code, None, json!({}))
            }
            AppError::Code(_) => problem(code, None, json!({})),
        }
    }
}
