//! Contact imports (CRM-5): the import just queued, and its progress with the rows it
//! could not take.

use charla_domain::contact_import::ImportCode;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

/// An import accepted and queued; read its progress at `/api/v1/contacts/imports/{id}`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContactImportQueuedView {
    pub id: Uuid,
}

/// Where an import is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactImportStatusView {
    Queued,
    Running,
    /// Every row read; some may have failed (`failed`).
    Done,
    /// The file as a whole could not be read (`error` says why); rows stored before the
    /// problem was found stay.
    Failed,
}

impl ContactImportStatusView {
    pub fn parse(status: &str) -> Option<Self> {
        Some(match status {
            "queued" => Self::Queued,
            "running" => Self::Running,
            "done" => Self::Done,
            "failed" => Self::Failed,
            _ => return None,
        })
    }
}

/// Why a row, or one of its cells, was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactImportCodeView {
    /// Neither a phone nor an email to find the contact by.
    IdentityRequired,
    /// Not a phone number with its country code.
    InvalidPhone,
    InvalidEmail,
    /// Longer than the column allows.
    TooLong,
    /// A tag longer than 40 characters.
    InvalidTag,
    InvalidNumber,
    /// Not a date written `YYYY-MM-DD`.
    InvalidDate,
    /// Not one of the list field's options.
    NotAnOption,
    /// A value the field's type cannot take (a yes/no field with something else).
    InvalidValue,
    /// Not the email of an active user of the organization.
    UnknownAssignee,
    /// The phone is another contact's than the email.
    IdentityConflict,
}

impl From<ImportCode> for ContactImportCodeView {
    fn from(c: ImportCode) -> Self {
        match c {
            ImportCode::IdentityRequired => Self::IdentityRequired,
            ImportCode::InvalidPhone => Self::InvalidPhone,
            ImportCode::InvalidEmail => Self::InvalidEmail,
            ImportCode::TooLong => Self::TooLong,
            ImportCode::InvalidTag => Self::InvalidTag,
            ImportCode::InvalidNumber => Self::InvalidNumber,
            ImportCode::InvalidDate => Self::InvalidDate,
            ImportCode::NotAnOption => Self::NotAnOption,
            ImportCode::InvalidValue => Self::InvalidValue,
            ImportCode::UnknownAssignee => Self::UnknownAssignee,
            ImportCode::IdentityConflict => Self::IdentityConflict,
        }
    }
}

/// A cell of the sheet that was not taken; its row was left out.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContactImportFailureView {
    /// The row's number in the sheet; the header is row 1.
    pub row: i64,
    /// The column's header as the sheet writes it.
    pub column: String,
    pub code: ContactImportCodeView,
    /// The reason in the caller's language.
    pub message: String,
}

/// Why a whole file was refused.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContactImportErrorView {
    /// An error code (`spreadsheet_columns`, `spreadsheet_encoding`…), as `errors.<code>`.
    pub code: String,
    /// What was found, in English (the column or the row).
    pub detail: Option<String>,
}

/// An import's progress.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContactImportView {
    pub id: Uuid,
    pub status: ContactImportStatusView,
    pub file_name: String,
    /// Rows read below the header, blank rows not counted.
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    /// The first 1,000 cells not taken, in row order.
    pub failed: Vec<ContactImportFailureView>,
    /// Rows left out, all of them.
    pub failed_rows: i64,
    pub error: Option<ContactImportErrorView>,
    pub created_at: Ts,
    pub updated_at: Ts,
}
