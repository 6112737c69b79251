//! The application's one error. Services answer with it; each adapter translates it once:
//! `api::problem` into a problem+json document and a status, the job runner into "retry" or
//! "give up" (`jobs::kinds::JobError::from`), the drain into a retry of the event. Nothing
//! here knows HTTP.

use charla_db::DbError;
use charla_domain::time::Ts;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Serialize;

/// Declares `ErrorCode` with its wire spelling, and `ErrorCode::ALL`.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)*) => {
        /// Every stable code a client may see in a problem document's `code`; the web app
        /// translates each one (`errors.<code>` in every locale).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* #[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// Some fields are invalid; `errors` lists them.
    ValidationFailed = "validation_failed",
    MalformedJson = "malformed_json",
    UnknownField = "unknown_field",
    InvalidQuery = "invalid_query",
    UnsupportedMediaType = "unsupported_media_type",
    PayloadTooLarge = "payload_too_large",
    /// A reset or invitation link that is unknown, used or expired.
    TokenInvalid = "token_invalid",
    Unauthorized = "unauthorized",
    InvalidCredentials = "invalid_credentials",
    AccountLocked = "account_locked",
    TooManyRequests = "too_many_requests",
    Forbidden = "forbidden",
    CsrfFailed = "csrf_failed",
    /// A token may not be given permissions its creator lacks.
    ProfileExceedsCaller = "profile_exceeds_caller",
    /// The request's Origin is not one the channel allows.
    OriginNotAllowed = "origin_not_allowed",
    /// The campaign's agent permissions rule out emojis.
    EmojisNotAllowed = "emojis_not_allowed",
    /// The campaign's agent permissions rule out voice notes.
    VoiceNotesNotAllowed = "voice_notes_not_allowed",
    /// The campaign's agent permissions rule out attachments.
    AttachmentsNotAllowed = "attachments_not_allowed",
    NotFound = "not_found",
    MethodNotAllowed = "method_not_allowed",
    /// Another write got there first (a unique key or a row's version).
    Conflict = "conflict",
    /// The conversation changed under the request; reading it again and retrying may succeed.
    ConversationChanged = "conversation_changed",
    NotYourConversation = "not_your_conversation",
    CampaignWithoutQueue = "campaign_without_queue",
    AlreadyClosed = "already_closed",
    ConversationClosed = "conversation_closed",
    AlreadyAssigned = "already_assigned",
    NotAssigned = "not_assigned",
    NotWaiting = "not_waiting",
    NoQueue = "no_queue",
    AgentAtCapacity = "agent_at_capacity",
    InvalidTransition = "invalid_transition",
    TransferNotAllowed = "transfer_not_allowed",
    /// The 24-hour window is closed: only a template may go.
    WindowClosed = "window_closed",
    /// Messenger and Instagram: 7 days have passed since the contact wrote, even a person's
    /// reply (tagged `HUMAN_AGENT`) may no longer go.
    HumanAgentWindowClosed = "human_agent_window_closed",
    /// A reaction to a message the network has not accepted yet.
    ReactionTargetUnsent = "reaction_target_unsent",
    TemplatesUnavailable = "templates_unavailable",
    SetupDone = "setup_done",
    ProfileBuiltin = "profile_builtin",
    EmailTaken = "email_taken",
    Duplicate = "duplicate",
    DefaultQueue = "default_queue",
    /// The organization already has as many custom contact fields as it may.
    TooManyFields = "too_many_fields",
    /// A webhook whose signature does not match the channel's secret.
    InvalidSignature = "invalid_signature",
    /// A webhook without the channel's secret token.
    InvalidSecret = "invalid_secret",
    MalformedWebhook = "malformed_webhook",
    /// The uploaded sheet has no rows below its header (or nothing at all).
    SpreadsheetEmpty = "spreadsheet_empty",
    /// The upload is neither a CSV text nor an XLSX workbook.
    SpreadsheetUnreadable = "spreadsheet_unreadable",
    /// The CSV is not UTF-8 text.
    SpreadsheetEncoding = "spreadsheet_encoding",
    /// The header lacks a required column, names one twice, or has too many.
    SpreadsheetColumns = "spreadsheet_columns",
    /// A cell holds a formula; the sheet must hold plain values.
    SpreadsheetFormula = "spreadsheet_formula",
    /// The database could not be reached; the caller should try again.
    Unavailable = "unavailable",
    InternalError = "internal_error",
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A refusal fully said by its code.
    #[error("{}", .0.as_str())]
    Code(ErrorCode),
    /// `validation_failed`, with the invalid fields.
    #[error("validation_failed")]
    Invalid(Invalid),
    /// A refusal with a sentence for the developer (which field, which parameter).
    #[error("{}: {}", .0.as_str(), .1)]
    Detailed(ErrorCode, String),
    #[error("account_locked")]
    AccountLocked { until: Ts },
    #[error("too_many_requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error(transparent)]
    Internal(anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// The stable code a client sees.
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Code(code) | AppError::Detailed(code, _) => *code,
            AppError::Invalid(_) => ErrorCode::ValidationFailed,
            AppError::AccountLocked { .. } => ErrorCode::AccountLocked,
            AppError::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            AppError::Internal(_) => ErrorCode::InternalError,
        }
    }

    /// Lost a race with another writer: the operation may start again from a fresh read.
    pub fn is_race(&self) -> bool {
        matches!(self.code(), ErrorCode::ConversationChanged | ErrorCode::Conflict)
    }

    /// Worth another try later: a race, a database hiccup or anything unexpected. A refusal
    /// by rule (not found, closed, not allowed) answers the same next time.
    pub fn is_transient(&self) -> bool {
        self.is_race() || matches!(self.code(), ErrorCode::InternalError | ErrorCode::Unavailable)
    }
}

impl From<ErrorCode> for AppError {
    fn from(code: ErrorCode) -> Self {
        AppError::Code(code)
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::Invalid(invalid)
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Conflict(_) => ErrorCode::Conflict.into(),
            // Every connection stayed busy past the pool's wait: the server is overloaded,
            // not broken; the client may try again (503, not 500).
            other if other.is_pool_exhausted() => {
                tracing::warn!("no database connection free within the pool's wait");
                ErrorCode::Unavailable.into()
            }
            other if other.is_retryable() => ErrorCode::ConversationChanged.into(),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        AppError::Internal(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saturated_pool_is_unavailable_not_an_internal_error() {
        let err = AppError::from(DbError::Sqlx(sqlx::Error::PoolTimedOut));
        assert_eq!(err.code(), ErrorCode::Unavailable);
        assert!(err.is_transient());
    }

    #[test]
    fn every_code_is_written_as_its_snake_case_name() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            let snake = code.as_str();
            assert!(snake.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{snake}");
        }
        let mut seen: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), ErrorCode::ALL.len(), "a code is listed twice");
    }

    #[test]
    fn races_and_surprises_are_transient_refusals_are_not() {
        assert!(AppError::from(ErrorCode::ConversationChanged).is_transient());
        assert!(AppError::Internal(anyhow::anyhow!("disk")).is_transient());
        assert!(!AppError::from(ErrorCode::NotFound).is_transient());
        assert!(!AppError::from(ErrorCode::AlreadyClosed).is_transient());
    }
}
