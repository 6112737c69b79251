//! The one place an application error becomes HTTP: its status, and the
//! `application/problem+json` document with its stable `code`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use charla_domain::time::Ts;
use charla_domain::validation::FieldError;
use schemars::JsonSchema;
use serde::Serialize;

use crate::error::{AppError, ErrorCode};

/// Every code's status. Exhaustive, so a new code cannot ship without one.
pub const fn status(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        ValidationFailed
        | MalformedJson
        | UnknownField
        | InvalidQuery
        | TokenInvalid
        | MalformedWebhook
        | SpreadsheetEmpty
        | SpreadsheetUnreadable
        | SpreadsheetEncoding
        | SpreadsheetColumns
        | SpreadsheetFormula => StatusCode::BAD_REQUEST,
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
        Conflict
        | ConversationChanged
        | NotYourConversation
        | CampaignWithoutQueue
        | AlreadyClosed
        | ConversationClosed
        | AlreadyAssigned
        | NotAssigned
        | NotWaiting
        | NoQueue
        | AgentAtCapacity
        | InvalidTransition
        | TransferNotAllowed
        | WindowClosed
        | HumanAgentWindowClosed
        | ReactionTargetUnsent
        | TemplatesUnavailable
        | SetupDone
        | ProfileBuiltin
        | EmailTaken
        | Duplicate
        | DefaultQueue
        | TooManyFields => StatusCode::CONFLICT,
        PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        AccountLocked => StatusCode::LOCKED,
        TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        InternalError => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The `application/problem+json` document (RFC 9457) every error answers.
#[derive(Serialize, JsonSchema)]
pub struct Problem {
    /// Always `about:blank`: the `code` says what happened.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's reason phrase.
    pub title: &'static str,
    pub status: u16,
    pub code: ErrorCode,
    /// A sentence for the developer; the web app shows its own text for the code.
    pub detail: Option<String>,
    /// The invalid fields, for `validation_failed`; empty otherwise.
    pub errors: Vec<FieldError>,
    /// Until when an account is locked (`account_locked`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<Ts>,
    /// Seconds to wait before trying again (`too_many_requests`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// The document for a code, with nothing more to say.
    pub fn of(code: ErrorCode) -> Problem {
        let status = status(code);
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            code,
            detail: None,
            errors: Vec::new(),
            locked_until: None,
            retry_after: None,
        }
    }

    pub fn with_detail(self, detail: String) -> Problem {
        Problem { detail: Some(detail), ..self }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (status(self.code), Json(self)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let problem = Problem::of(self.code());
        match self {
            AppError::Invalid(invalid) => Problem { errors: invalid.0, ..problem }.into_response(),
            AppError::Detailed(_, detail) => problem.with_detail(detail).into_response(),
            AppError::AccountLocked { until } => Problem { locked_until: Some(until), ..problem }
                .with_detail(format!("The account is locked until {until}."))
                .into_response(),
            AppError::TooManyRequests { retry_after_secs } => {
                let mut response = Problem { retry_after: Some(retry_after_secs), ..problem }.into_response();
                if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                response
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
                problem.into_response()
            }
            AppError::Code(_) => problem.into_response(),
        }
    }
}
