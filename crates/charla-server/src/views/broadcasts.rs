//! Broadcasts (OUT-2): a broadcast with its validation counts and summary, and the rows its
//! sheet left out with why, in the caller's language.

use charla_db::repo::broadcasts::BroadcastRow;
use charla_domain::broadcasts::lifecycle::BroadcastStatus;
use charla_domain::broadcasts::rows::RowCode;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::broadcast_messages::TotalsView;

/// Where a broadcast is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BroadcastStatusView {
    Draft,
    Scheduled,
    Sending,
    Paused,
    Done,
    Cancelled,
}

impl From<BroadcastStatus> for BroadcastStatusView {
    fn from(s: BroadcastStatus) -> Self {
        match s {
            BroadcastStatus::Draft => BroadcastStatusView::Draft,
            BroadcastStatus::Scheduled => BroadcastStatusView::Scheduled,
            BroadcastStatus::Sending => BroadcastStatusView::Sending,
            BroadcastStatus::Paused => BroadcastStatusView::Paused,
            BroadcastStatus::Done => BroadcastStatusView::Done,
            BroadcastStatus::Cancelled => BroadcastStatusView::Cancelled,
        }
    }
}

/// Why a row of the sheet is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowCodeView {
    /// The recipient is not a phone number with its country code.
    InvalidNumber,
    /// The sender is not the display number of one of the organization's WhatsApp channels.
    UnknownSender,
    /// The sender's business account has no template of this name (or of this language).
    UnknownTemplate,
    /// The template has several languages and the row names none.
    LanguageRequired,
    /// The template is not approved by WhatsApp.
    TemplateNotApproved,
    /// A variable of the template is empty or its column is missing.
    MissingVariables,
    /// The body with the variables filled in is longer than 1,024 characters.
    TooLong,
    /// The same number already gets this broadcast from this sender, on an earlier row.
    DuplicateRecipient,
    /// The recipient answered the opt-out word; a marketing template does not go to them.
    OptedOut,
}

impl From<RowCode> for RowCodeView {
    fn from(c: RowCode) -> Self {
        match c {
            RowCode::InvalidNumber => RowCodeView::InvalidNumber,
            RowCode::UnknownSender => RowCodeView::UnknownSender,
            RowCode::UnknownTemplate => RowCodeView::UnknownTemplate,
            RowCode::LanguageRequired => RowCodeView::LanguageRequired,
            RowCode::TemplateNotApproved => RowCodeView::TemplateNotApproved,
            RowCode::MissingVariables => RowCodeView::MissingVariables,
            RowCode::TooLong => RowCodeView::TooLong,
            RowCode::DuplicateRecipient => RowCodeView::DuplicateRecipient,
            RowCode::OptedOut => RowCodeView::OptedOut,
        }
    }
}

/// How many rows the sheet had, and how many of them will be sent.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ValidationView {
    /// Rows below the header, blank rows not counted.
    pub rows: i64,
    pub valid: i64,
    pub invalid: i64,
}

/// Distinct senders, recipients and templates among the valid rows.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SummaryView {
    pub senders: i64,
    pub recipients: i64,
    pub templates: i64,
}

/// A row of the sheet left out, and why.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct InvalidRowView {
    /// The row's number in the sheet; the header is row 1.
    pub row: i64,
    /// The column's header as the sheet writes it.
    pub column: String,
    pub code: RowCodeView,
    /// The reason in the caller's language.
    pub message: String,
}

/// A broadcast in a list.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BroadcastView {
    pub id: Uuid,
    pub name: String,
    pub status: BroadcastStatusView,
    /// When sending starts once started; null to start at once.
    pub start_at: Option<Ts>,
    /// Gradual sending: this many messages every `batch_interval_seconds`; null for the
    /// number's own pace.
    pub batch_size: Option<i64>,
    pub batch_interval_seconds: Option<i64>,
    pub validation: ValidationView,
    pub summary: SummaryView,
    /// Why the rest waits while sending: `tier_limit` (the number's unique recipients per
    /// 24 hours are reached); null otherwise.
    pub wait_reason: Option<String>,
    /// The broadcast's own opt-out word, besides BAJA, SAIR and STOP.
    pub opt_out_word: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: Ts,
}

/// A broadcast with every row its sheet left out.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BroadcastDetailView {
    pub id: Uuid,
    pub name: String,
    pub status: BroadcastStatusView,
    pub start_at: Option<Ts>,
    pub batch_size: Option<i64>,
    pub batch_interval_seconds: Option<i64>,
    pub validation: ValidationView,
    pub summary: SummaryView,
    /// Why the rest waits while sending: `tier_limit`; null otherwise.
    pub wait_reason: Option<String>,
    /// The broadcast's own opt-out word, besides BAJA, SAIR and STOP.
    pub opt_out_word: Option<String>,
    /// Every row left out, in row order.
    pub invalid_rows: Vec<InvalidRowView>,
    /// The good rows' messages, each once under its current status.
    pub totals: TotalsView,
    /// Recipients who answered.
    pub replied: i64,
    pub created_by: Option<Uuid>,
    pub created_at: Ts,
}

impl BroadcastView {
    /// `None` for a row whose status this server does not know (never written by it).
    pub fn from_row(b: &BroadcastRow) -> Option<Self> {
        let status = BroadcastStatus::parse(&b.status)?;
        Some(BroadcastView {
            id: b.id,
            name: b.name.clone(),
            status: status.into(),
            start_at: b.start_at.map(Into::into),
            batch_size: b.batch_size,
            batch_interval_seconds: b.batch_interval_seconds,
            validation: ValidationView { rows: b.rows_total, valid: b.rows_valid, invalid: b.rows_invalid },
            summary: SummaryView { senders: b.senders, recipients: b.recipients, templates: b.templates },
            wait_reason: b.wait_reason.clone(),
            opt_out_word: b.opt_out_word.clone(),
            created_by: b.created_by,
            created_at: b.created_at.into(),
        })
    }

    pub fn with_rows(
        self,
        invalid_rows: Vec<InvalidRowView>,
        (totals, replied): (TotalsView, i64),
    ) -> BroadcastDetailView {
        BroadcastDetailView {
            id: self.id,
            name: self.name,
            status: self.status,
            start_at: self.start_at,
            batch_size: self.batch_size,
            batch_interval_seconds: self.batch_interval_seconds,
            validation: self.validation,
            summary: self.summary,
            wait_reason: self.wait_reason,
            opt_out_word: self.opt_out_word,
            invalid_rows,
            totals,
            replied,
            created_by: self.created_by,
            created_at: self.created_at,
        }
    }
}
