//! A broadcast's lifecycle: `draft` → `scheduled` or `sending` → `done`, with `paused` and
//! `cancelled` on the way. One function says which moves are allowed.

use crate::time::Ts;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BroadcastStatus {
    Draft,
    Scheduled,
    Sending,
    Paused,
    Done,
    Cancelled,
}

impl BroadcastStatus {
    pub const ALL: [BroadcastStatus; 6] = [
        BroadcastStatus::Draft,
        BroadcastStatus::Scheduled,
        BroadcastStatus::Sending,
        BroadcastStatus::Paused,
        BroadcastStatus::Done,
        BroadcastStatus::Cancelled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            BroadcastStatus::Draft => "draft",
            BroadcastStatus::Scheduled => "scheduled",
            BroadcastStatus::Sending => "sending",
            BroadcastStatus::Paused => "paused",
            BroadcastStatus::Done => "done",
            BroadcastStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<BroadcastStatus> {
        BroadcastStatus::ALL.into_iter().find(|s| s.as_str() == code)
    }
}

/// What a person (or the sender, for `Finish`) asks of a broadcast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Start,
    Pause,
    Resume,
    Cancel,
    /// Every recipient has left the outbox.
    Finish,
    /// A scheduled broadcast's time came.
    Due,
}

/// The status after `action`, or `None` when the move is not allowed. Starting (or resuming)
/// before the broadcast's `start_at` schedules it; at or after, it sends.
pub fn next(status: BroadcastStatus, action: Action, start_at: Option<Ts>, now: Ts) -> Option<BroadcastStatus> {
    use BroadcastStatus::*;
    let go = if start_at.is_some_and(|at| at > now) { Scheduled } else { Sending };
    match (status, action) {
        (Draft, Action::Start) | (Paused, Action::Resume) => Some(go),
        (Scheduled | Sending, Action::Pause) => Some(Paused),
        (Draft | Scheduled | Sending | Paused, Action::Cancel) => Some(Cancelled),
        (Sending, Action::Finish) => Some(Done),
        (Scheduled, Action::Due) if go == Sending => Some(Sending),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::BroadcastStatus::*;
    use super::*;

    const NOW: Ts = Ts::from_micros(1_000_000);
    const LATER: Ts = Ts::from_micros(2_000_000);

    #[test]
    fn start_sends_now_or_waits_for_its_time() {
        assert_eq!(next(Draft, Action::Start, None, NOW), Some(Sending));
        assert_eq!(next(Draft, Action::Start, Some(LATER), NOW), Some(Scheduled));
        assert_eq!(next(Draft, Action::Start, Some(NOW), NOW), Some(Sending));
        assert_eq!(next(Paused, Action::Resume, Some(LATER), NOW), Some(Scheduled));
        assert_eq!(next(Paused, Action::Resume, None, NOW), Some(Sending));
        assert_eq!(next(Scheduled, Action::Due, Some(LATER), NOW), None, "not before its time");
        assert_eq!(next(Scheduled, Action::Due, Some(LATER), LATER), Some(Sending));
    }

    #[test]
    fn only_the_listed_moves_are_allowed() {
        let allowed = [
            (Draft, Action::Start),
            (Draft, Action::Cancel),
            (Scheduled, Action::Pause),
            (Scheduled, Action::Cancel),
            (Sending, Action::Pause),
            (Sending, Action::Cancel),
            (Sending, Action::Finish),
            (Scheduled, Action::Due),
            (Paused, Action::Resume),
            (Paused, Action::Cancel),
        ];
        for status in BroadcastStatus::ALL {
            for action in [Action::Start, Action::Pause, Action::Resume, Action::Cancel, Action::Finish, Action::Due] {
                assert_eq!(
                    next(status, action, None, NOW).is_some(),
                    allowed.contains(&(status, action)),
                    "{status:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in BroadcastStatus::ALL {
            assert_eq!(BroadcastStatus::parse(s.as_str()), Some(s));
        }
    }
}
