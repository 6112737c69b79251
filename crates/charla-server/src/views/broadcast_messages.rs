//! A broadcast's messages (OUT-4): totals by status, and each recipient's status, stages
//! and stage times.

use charla_db::repo::broadcasts::RecipientRow;
use charla_domain::broadcasts::tracking::{Stage, Times, Track, stage_times, stages};
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;

/// Each recipient once, under its current status.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct TotalsView {
    pub in_outbox: i64,
    pub departed: i64,
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub departure_failed: i64,
    pub send_failed: i64,
}

impl TotalsView {
    pub fn from_counts(counts: &[(String, i64)]) -> Self {
        let mut t = TotalsView::default();
        for (status, n) in counts {
            let slot = match Track::parse(status) {
                Some(Track::InOutbox) => &mut t.in_outbox,
                Some(Track::Departed) => &mut t.departed,
                Some(Track::Sent) => &mut t.sent,
                Some(Track::Delivered) => &mut t.delivered,
                Some(Track::Read) => &mut t.read,
                Some(Track::DepartureFailed) => &mut t.departure_failed,
                Some(Track::SendFailed) => &mut t.send_failed,
                None => continue,
            };
            *slot += n;
        }
        t
    }
}

/// A message's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrackView {
    InOutbox,
    Departed,
    Sent,
    Delivered,
    Read,
    DepartureFailed,
    SendFailed,
}

/// A stage of a message: `na` only after an earlier stage failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageView {
    Pending,
    Success,
    Failed,
    Na,
}

impl From<Stage> for StageView {
    fn from(s: Stage) -> Self {
        match s {
            Stage::Pending => StageView::Pending,
            Stage::Success => StageView::Success,
            Stage::Failed => StageView::Failed,
            Stage::Na => StageView::Na,
        }
    }
}

impl From<Track> for TrackView {
    fn from(t: Track) -> Self {
        match t {
            Track::InOutbox => TrackView::InOutbox,
            Track::Departed => TrackView::Departed,
            Track::Sent => TrackView::Sent,
            Track::Delivered => TrackView::Delivered,
            Track::Read => TrackView::Read,
            Track::DepartureFailed => TrackView::DepartureFailed,
            Track::SendFailed => TrackView::SendFailed,
        }
    }
}

/// The four stages, keyed by name.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct StagesView {
    pub departure: StageView,
    pub send: StageView,
    pub delivery: StageView,
    pub read: StageView,
}

/// When each stage succeeded or failed; null while pending or when only implied.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct StageTimesView {
    pub departure: Option<Ts>,
    pub send: Option<Ts>,
    pub delivery: Option<Ts>,
    pub read: Option<Ts>,
}

/// The network's refusal of a message.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SendErrorView {
    pub code: Option<String>,
    pub title: Option<String>,
}

/// One recipient's message.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BroadcastMessageView {
    /// The sheet's row (the header is row 1).
    pub row: i64,
    pub recipient: String,
    pub template: String,
    pub language: String,
    pub status: TrackView,
    /// Why it never left: `internal`, `opted_out`; null otherwise.
    pub comment: Option<String>,
    pub stages: StagesView,
    pub stage_times: StageTimesView,
    pub replied_at: Option<Ts>,
    /// The network's code and title when it refused the message.
    pub error: Option<SendErrorView>,
}

impl From<&RecipientRow> for BroadcastMessageView {
    fn from(r: &RecipientRow) -> Self {
        let track = Track::parse(&r.status).unwrap_or(Track::InOutbox);
        let s = stages(track);
        let times = Times {
            departed: r.departed_at.map(Ts::from),
            sent: r.sent_at.map(Ts::from),
            delivered: r.delivered_at.map(Ts::from),
            read: r.read_at.map(Ts::from),
            failed: r.failed_at.map(Ts::from),
        };
        let [departure, send, delivery, read] = stage_times(track, times);
        let failed = r.error_code.is_some() || r.error_title.is_some();
        BroadcastMessageView {
            row: r.row_number,
            recipient: r.recipient.clone(),
            template: r.template_name.clone(),
            language: r.language.clone(),
            status: track.into(),
            comment: r.comment.clone(),
            stages: StagesView {
                departure: s.departure.into(),
                send: s.send.into(),
                delivery: s.delivery.into(),
                read: s.read.into(),
            },
            stage_times: StageTimesView { departure, send, delivery, read },
            replied_at: r.replied_at.map(Ts::from),
            error: failed.then(|| SendErrorView { code: r.error_code.clone(), title: r.error_title.clone() }),
        }
    }
}
