//! A broadcast message's tracking (OUT-4): seven statuses, four stages with their times,
//! fed by the network's statuses in any arrival order and never moving backwards.

use crate::time::Ts;

/// Where a recipient's message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Track {
    InOutbox,
    Departed,
    Sent,
    Delivered,
    Read,
    /// Never left: ours to say why (internal, opted out, …).
    DepartureFailed,
    /// The network refused it, with its code and title.
    SendFailed,
}

impl Track {
    pub const ALL: [Track; 7] = [
        Track::InOutbox,
        Track::Departed,
        Track::Sent,
        Track::Delivered,
        Track::Read,
        Track::DepartureFailed,
        Track::SendFailed,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Track::InOutbox => "in_outbox",
            Track::Departed => "departed",
            Track::Sent => "sent",
            Track::Delivered => "delivered",
            Track::Read => "read",
            Track::DepartureFailed => "departure_failed",
            Track::SendFailed => "send_failed",
        }
    }

    pub fn parse(code: &str) -> Option<Track> {
        Track::ALL.into_iter().find(|t| t.as_str() == code)
    }

    /// How far along a message is; failures end the line.
    const fn rank(self) -> u8 {
        match self {
            Track::InOutbox => 0,
            Track::Departed => 1,
            Track::Sent => 2,
            Track::Delivered => 3,
            Track::Read => 4,
            Track::DepartureFailed | Track::SendFailed => 5,
        }
    }
}

/// What the network reported about a departed message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    Sent,
    Delivered,
    Read,
    Failed,
}

/// When each stage happened; a later stage may be known without an earlier one's time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Times {
    pub departed: Option<Ts>,
    pub sent: Option<Ts>,
    pub delivered: Option<Ts>,
    pub read: Option<Ts>,
    pub failed: Option<Ts>,
}

/// A report applied: the status moves only forward (a late "sent" after "read" keeps
/// "read" and only fills in its time); a failure counts only before delivery. A report for
/// a message that never departed changes nothing.
pub fn apply(track: Track, times: Times, report: Report, at: Ts) -> (Track, Times) {
    if matches!(track, Track::InOutbox | Track::DepartureFailed) {
        return (track, times);
    }
    let mut times = times;
    let reached = match report {
        Report::Sent => {
            times.sent = times.sent.or(Some(at));
            Track::Sent
        }
        Report::Delivered => {
            times.delivered = times.delivered.or(Some(at));
            Track::Delivered
        }
        Report::Read => {
            times.read = times.read.or(Some(at));
            Track::Read
        }
        Report::Failed => {
            if track.rank() >= Track::Delivered.rank() {
                return (track, times);
            }
            times.failed = times.failed.or(Some(at));
            return (Track::SendFailed, times);
        }
    };
    if track == Track::SendFailed {
        // A status after a failure does not revive it; its time is still worth keeping.
        return (track, times);
    }
    (if reached.rank() > track.rank() { reached } else { track }, times)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Pending,
    Success,
    Failed,
    /// Not applicable: an earlier stage failed.
    Na,
}

impl Stage {
    pub const fn as_str(self) -> &'static str {
        match self {
            Stage::Pending => "pending",
            Stage::Success => "success",
            Stage::Failed => "failed",
            Stage::Na => "na",
        }
    }
}

/// The four stages: departure, send, delivery, read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stages {
    pub departure: Stage,
    pub send: Stage,
    pub delivery: Stage,
    pub read: Stage,
}

/// Each stage from the status: a later stage implies the earlier ones succeeded.
pub fn stages(track: Track) -> Stages {
    use Stage::{Failed, Na, Pending, Success};
    let (departure, send, delivery, read) = match track {
        Track::InOutbox => (Pending, Pending, Pending, Pending),
        Track::Departed => (Success, Pending, Pending, Pending),
        Track::Sent => (Success, Success, Pending, Pending),
        Track::Delivered => (Success, Success, Success, Pending),
        Track::Read => (Success, Success, Success, Success),
        Track::DepartureFailed => (Failed, Na, Na, Na),
        Track::SendFailed => (Success, Failed, Na, Na),
    };
    Stages { departure, send, delivery, read }
}

/// Each stage's time: when it succeeded, or when it failed.
pub fn stage_times(track: Track, t: Times) -> [Option<Ts>; 4] {
    match track {
        Track::DepartureFailed => [t.failed, None, None, None],
        Track::SendFailed => [t.departed, t.failed, None, None],
        _ => [t.departed, t.sent, t.delivered, t.read],
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn ts(s: i64) -> Ts {
        Ts::from_micros(s * 1_000_000)
    }

    fn departed() -> (Track, Times) {
        (Track::Departed, Times { departed: Some(ts(1)), ..Times::default() })
    }

    fn feed(reports: &[(Report, i64)]) -> (Track, Times) {
        reports.iter().fold(departed(), |(track, times), (r, at)| apply(track, times, *r, ts(*at)))
    }

    #[test]
    fn every_arrival_order_ends_read_with_every_time() {
        let all = [(Report::Sent, 2), (Report::Delivered, 3), (Report::Read, 4)];
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        for order in orders {
            let reports: Vec<_> = order.iter().map(|i| all[*i]).collect();
            let (track, times) = feed(&reports);
            assert_eq!(track, Track::Read, "{order:?}");
            assert_eq!(stage_times(track, times), [Some(ts(1)), Some(ts(2)), Some(ts(3)), Some(ts(4))]);
            assert_eq!(stages(track).read, Stage::Success);
        }
    }

    #[test]
    fn read_first_implies_the_earlier_stages() {
        let (track, times) = feed(&[(Report::Read, 4)]);
        assert_eq!(
            stages(track),
            Stages { departure: Stage::Success, send: Stage::Success, delivery: Stage::Success, read: Stage::Success }
        );
        assert_eq!(stage_times(track, times)[1], None, "no time for a stage only implied");
    }

    #[test]
    fn a_failure_counts_before_delivery_and_is_never_revived() {
        let (track, _) = feed(&[(Report::Sent, 2), (Report::Failed, 3)]);
        assert_eq!(track, Track::SendFailed);
        assert_eq!(
            stages(track),
            Stages { departure: Stage::Success, send: Stage::Failed, delivery: Stage::Na, read: Stage::Na }
        );
        assert_eq!(feed(&[(Report::Failed, 3), (Report::Delivered, 4)]).0, Track::SendFailed);
        assert_eq!(feed(&[(Report::Delivered, 3), (Report::Failed, 4)]).0, Track::Delivered);
    }

    #[test]
    fn nothing_moves_a_message_that_never_left() {
        let times = Times::default();
        assert_eq!(apply(Track::InOutbox, times, Report::Read, ts(1)), (Track::InOutbox, times));
        assert_eq!(stages(Track::DepartureFailed).send, Stage::Na);
        for t in Track::ALL {
            assert_eq!(Track::parse(t.as_str()), Some(t));
        }
    }
}
