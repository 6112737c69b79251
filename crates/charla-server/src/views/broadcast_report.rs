//! A broadcast report (OUT-6): totals of outbound templates over a period, by broadcast or
//! origin and by day.

use charla_domain::broadcasts::report::Figures;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

/// Outbound templates counted: each later stage counts in the earlier ones.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReportFiguresView {
    /// Accepted by the network (delivered and read ones too).
    pub sent: i64,
    /// Received on the phone (read ones too).
    pub delivered: i64,
    pub read: i64,
    /// Failed at departure or refused by the network.
    pub failed: i64,
    /// The recipient wrote back afterwards.
    pub replied: i64,
    /// `replied / sent`, 0 to 1 with four decimals (0 when nothing was sent).
    pub reply_rate: f64,
}

impl From<&Figures> for ReportFiguresView {
    fn from(f: &Figures) -> Self {
        ReportFiguresView {
            sent: f.sent,
            delivered: f.delivered,
            read: f.read,
            failed: f.failed,
            replied: f.replied,
            reply_rate: f.reply_rate(),
        }
    }
}

/// Where a row's messages came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginView {
    Broadcast,
    Conversation,
    Api,
}

/// One broadcast's figures, or those of templates sent from conversations or the API.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReportSourceView {
    pub origin: OriginView,
    /// The broadcast, for origin `broadcast`.
    pub broadcast_id: Option<Uuid>,
    pub broadcast_name: Option<String>,
    pub figures: ReportFiguresView,
}

/// One local day's figures.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReportDayView {
    /// `YYYY-MM-DD` in the organization's time zone.
    pub day: String,
    pub figures: ReportFiguresView,
}

/// The report: the period as asked, the zone its days follow, totals, and the rows (only
/// sources and days with messages).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BroadcastReportView {
    pub from: String,
    pub to: String,
    pub time_zone: String,
    pub totals: ReportFiguresView,
    pub sources: Vec<ReportSourceView>,
    pub days: Vec<ReportDayView>,
}
