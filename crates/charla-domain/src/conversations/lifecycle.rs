//! The conversation state machine: bot → queued → assigned → closed, and nothing leaves closed.

/// Where a conversation is; only `assigned` ones have an agent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConversationStatus {
    Bot,
    Queued,
    Assigned,
    Closed,
}

impl ConversationStatus {
    pub const ALL: [ConversationStatus; 4] =
        [ConversationStatus::Bot, ConversationStatus::Queued, ConversationStatus::Assigned, ConversationStatus::Closed];

    pub const fn code(self) -> &'static str {
        match self {
            ConversationStatus::Bot => "bot",
            ConversationStatus::Queued => "queued",
            ConversationStatus::Assigned => "assigned",
            ConversationStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<ConversationStatus> {
        ConversationStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why a conversation closed; reports group by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClosedReason {
    Resolved,
    Inactivity,
    OutOfHours,
    Abandoned,
    Lost,
    Transferred,
    Bot,
}

impl ClosedReason {
    pub const ALL: [ClosedReason; 7] = [
        ClosedReason::Resolved,
        ClosedReason::Inactivity,
        ClosedReason::OutOfHours,
        ClosedReason::Abandoned,
        ClosedReason::Lost,
        ClosedReason::Transferred,
        ClosedReason::Bot,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ClosedReason::Resolved => "resolved",
            ClosedReason::Inactivity => "inactivity",
            ClosedReason::OutOfHours => "out_of_hours",
            ClosedReason::Abandoned => "abandoned",
            ClosedReason::Lost => "lost",
            ClosedReason::Transferred => "transferred",
            ClosedReason::Bot => "bot",
        }
    }

    pub fn parse(code: &str) -> Option<ClosedReason> {
        ClosedReason::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The statuses a conversation may close from with this reason: a conversation nobody
    /// answered cannot be "resolved", and only one an agent held can be "abandoned".
    pub const fn allowed_from(self, from: ConversationStatus) -> bool {
        use ConversationStatus::{Assigned, Bot, Queued};
        match self {
            ClosedReason::Resolved => matches!(from, Queued | Assigned),
            ClosedReason::Inactivity | ClosedReason::Transferred => matches!(from, Bot | Queued | Assigned),
            ClosedReason::OutOfHours | ClosedReason::Lost => matches!(from, Bot | Queued),
            ClosedReason::Bot => matches!(from, Bot),
            ClosedReason::Abandoned => matches!(from, Assigned),
        }
    }
}

/// Something that happens to a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The bot hands the conversation to a queue.
    Enqueue,
    /// A queued conversation gets an agent.
    Assign,
    /// Another agent takes it (from an agent or straight from the queue).
    TransferToAgent,
    /// The agent lets it go back to its queue.
    Unassign,
    /// It moves to a (possibly different) queue, without an agent.
    TransferToQueue,
    Close(ClosedReason),
    /// The contact sent the cancel word.
    Cancel,
}

/// An action the conversation's current status does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot apply {action:?} to a {} conversation", from.code())]
pub struct IllegalTransition {
    pub from: ConversationStatus,
    pub action: Action,
}

/// The status after `action`, with the closed reason when (and only when) it closes.
pub fn apply(
    from: ConversationStatus,
    action: Action,
) -> Result<(ConversationStatus, Option<ClosedReason>), IllegalTransition> {
    use ConversationStatus::{Assigned, Bot, Closed, Queued};
    let illegal = IllegalTransition { from, action };
    let to = match (from, action) {
        (Closed, _) => return Err(illegal),
        (Bot, Action::Enqueue) => Queued,
        (Queued, Action::Assign) => Assigned,
        (Queued | Assigned, Action::TransferToAgent) => Assigned,
        (Assigned, Action::Unassign) => Queued,
        (Queued | Assigned, Action::TransferToQueue) => Queued,
        (_, Action::Close(reason)) if reason.allowed_from(from) => return Ok((Closed, Some(reason))),
        // A contact cancelling while an agent held the conversation abandoned that agent;
        // before that, the conversation was simply lost.
        (Bot | Queued, Action::Cancel) => return Ok((Closed, Some(ClosedReason::Lost))),
        (Assigned, Action::Cancel) => return Ok((Closed, Some(ClosedReason::Abandoned))),
        _ => return Err(illegal),
    };
    Ok((to, None))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{HashSet, VecDeque};

    fn all_actions() -> Vec<Action> {
        let mut actions = vec![
            Action::Enqueue,
            Action::Assign,
            Action::TransferToAgent,
            Action::Unassign,
            Action::TransferToQueue,
            Action::Cancel,
        ];
        actions.extend(ClosedReason::ALL.map(Action::Close));
        actions
    }

    #[test]
    fn codes_round_trip() {
        for s in ConversationStatus::ALL {
            assert_eq!(ConversationStatus::parse(s.code()), Some(s));
        }
        for r in ClosedReason::ALL {
            assert_eq!(ClosedReason::parse(r.code()), Some(r));
        }
        assert_eq!(ClosedReason::OutOfHours.code(), "out_of_hours");
        assert_eq!(ConversationStatus::parse("open"), None);
    }

    #[test]
    fn the_happy_path() {
        use ConversationStatus::*;
        assert_eq!(apply(Bot, Action::Enqueue), Ok((Queued, None)));
        assert_eq!(apply(Queued, Action::Assign), Ok((Assigned, None)));
        assert_eq!(apply(Assigned, Action::TransferToAgent), Ok((Assigned, None)));
        assert_eq!(apply(Queued, Action::TransferToAgent), Ok((Assigned, None)));
        assert_eq!(apply(Assigned, Action::Unassign), Ok((Queued, None)));
        assert_eq!(apply(Assigned, Action::TransferToQueue), Ok((Queued, None)));
        assert_eq!(apply(Queued, Action::TransferToQueue), Ok((Queued, None)));
        assert_eq!(apply(Assigned, Action::Close(ClosedReason::Resolved)), Ok((Closed, Some(ClosedReason::Resolved))));
    }

    #[test]
    fn illegal_moves() {
        use ConversationStatus::*;
        for (from, action) in [
            (Bot, Action::Assign),
            (Bot, Action::TransferToAgent),
            (Bot, Action::Unassign),
            (Bot, Action::TransferToQueue),
            (Queued, Action::Enqueue),
            (Queued, Action::Unassign),
            (Assigned, Action::Enqueue),
            (Assigned, Action::Assign),
        ] {
            assert_eq!(apply(from, action), Err(IllegalTransition { from, action }), "{from:?} {action:?}");
        }
        for action in all_actions() {
            assert!(apply(Closed, action).is_err(), "closed is terminal: {action:?}");
        }
    }

    #[test]
    fn cancel_word() {
        use ConversationStatus::*;
        assert_eq!(apply(Bot, Action::Cancel), Ok((Closed, Some(ClosedReason::Lost))));
        assert_eq!(apply(Queued, Action::Cancel), Ok((Closed, Some(ClosedReason::Lost))));
        assert_eq!(apply(Assigned, Action::Cancel), Ok((Closed, Some(ClosedReason::Abandoned))));
    }

    #[test]
    fn close_reasons_table() {
        use ClosedReason as R;
        use ConversationStatus::*;
        let table: [(R, &[ConversationStatus]); 7] = [
            (R::Resolved, &[Queued, Assigned]),
            (R::Inactivity, &[Bot, Queued, Assigned]),
            (R::OutOfHours, &[Bot, Queued]),
            (R::Transferred, &[Bot, Queued, Assigned]),
            (R::Bot, &[Bot]),
            (R::Abandoned, &[Assigned]),
            (R::Lost, &[Bot, Queued]),
        ];
        for (reason, allowed) in table {
            for from in ConversationStatus::ALL {
                let result = apply(from, Action::Close(reason));
                if allowed.contains(&from) {
                    assert_eq!(result, Ok((Closed, Some(reason))), "{reason:?} from {from:?}");
                } else {
                    assert!(result.is_err(), "{reason:?} from {from:?}");
                }
            }
        }
    }

    #[test]
    fn every_open_status_can_reach_closed() {
        for start in ConversationStatus::ALL {
            if start == ConversationStatus::Closed {
                continue;
            }
            let mut seen = HashSet::from([start]);
            let mut next = VecDeque::from([start]);
            let mut reached = false;
            while let Some(status) = next.pop_front() {
                if status == ConversationStatus::Closed {
                    reached = true;
                    break;
                }
                for action in all_actions() {
                    if let Ok((to, _)) = apply(status, action)
                        && seen.insert(to)
                    {
                        next.push_back(to);
                    }
                }
            }
            assert!(reached, "{start:?} cannot close");
        }
    }

    fn action() -> impl Strategy<Value = Action> {
        let actions = all_actions();
        (0..actions.len()).prop_map(move |i| actions[i])
    }

    proptest! {
        #[test]
        fn random_sequences_stay_legal(actions in proptest::collection::vec(action(), 0..40)) {
            let mut status = ConversationStatus::Bot;
            let mut closed = false;
            for action in actions {
                match apply(status, action) {
                    Ok((to, reason)) => {
                        prop_assert!(!closed, "something left closed");
                        prop_assert_eq!(to == ConversationStatus::Closed, reason.is_some());
                        if action == Action::Assign {
                            prop_assert_eq!(status, ConversationStatus::Queued);
                        }
                        if let Some(reason) = reason {
                            prop_assert!(reason.allowed_from(status));
                        }
                        status = to;
                        closed = to == ConversationStatus::Closed;
                    }
                    Err(e) => prop_assert_eq!(e, IllegalTransition { from: status, action }),
                }
            }
            prop_assert!(apply(ConversationStatus::Bot, Action::Assign).is_err());
        }
    }
}
