//! REP-2's time metrics of one conversation, from the timestamps the conversation keeps.
//! Every duration is in milliseconds; a clock that went backwards counts as 0, never as a
//! negative wait.

use crate::conversations::lifecycle::ClosedReason;
use crate::time::Ts;

/// The timestamps of one conversation (REP-2), as stored on its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConversationTimes {
    pub opened_at: Ts,
    /// When it first reached a queue (a "ticket" from then on).
    pub queued_at: Option<Ts>,
    /// When an agent first got it; a later transfer keeps the first.
    pub assigned_at: Option<Ts>,
    /// The first message of the agent who held it.
    pub first_response_at: Option<Ts>,
    pub closed_at: Option<Ts>,
    pub closed_reason: Option<ClosedReason>,
    /// Closed (or transferred) by a person: an agent or a manager, not a timer or the contact.
    pub closed_by_person: bool,
}

fn between(from: Option<Ts>, to: Option<Ts>) -> Option<u64> {
    let micros = to?.as_micros().saturating_sub(from?.as_micros());
    Some(u64::try_from(micros / 1000).unwrap_or(0))
}

impl ConversationTimes {
    /// Queue time (TMF) = assigned − queued.
    pub fn tmf(&self) -> Option<u64> {
        between(self.queued_at, self.assigned_at)
    }

    /// First response time = first agent message − assigned.
    pub fn first_response(&self) -> Option<u64> {
        between(self.assigned_at, self.first_response_at)
    }

    /// Wait time (TME) = TMF + first response.
    pub fn tme(&self) -> Option<u64> {
        Some(self.tmf()? + self.first_response()?)
    }

    /// Attention time (TMA) = closed − assigned.
    pub fn tma(&self) -> Option<u64> {
        between(self.assigned_at, self.closed_at)
    }

    /// Resolution time = closed − opened.
    pub fn resolution(&self) -> Option<u64> {
        between(Some(self.opened_at), self.closed_at)
    }
}

/// Who wrote a message, as response times see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Contact,
    /// A person answering: an agent's (or manager's) outbound message.
    Agent,
    /// The bot, automatic texts and notes: they answer nobody.
    Other,
}

/// Response time = each contact message to the next agent message. Only contact messages
/// written while an agent held the conversation (at or after `assigned_at`) count: before
/// that the contact waits in the queue, which TMF measures. Messages come in time order;
/// contact messages nobody answered yet give no value.
pub fn response_times(assigned_at: Option<Ts>, messages: &[(Side, Ts)]) -> Vec<u64> {
    let Some(assigned_at) = assigned_at else {
        return Vec::new();
    };
    let mut waiting: Vec<Ts> = Vec::new();
    let mut times = Vec::new();
    for (side, at) in messages {
        match side {
            Side::Contact if *at >= assigned_at => waiting.push(*at),
            Side::Agent => times.extend(waiting.drain(..).filter_map(|asked| between(Some(asked), Some(*at)))),
            Side::Contact | Side::Other => {}
        }
    }
    times
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn at(seconds: i64) -> Ts {
        Ts::from_micros(1_800_000_000_000_000 + seconds * 1_000_000)
    }

    fn times(queued: i64, assigned: i64, first: i64, closed: i64) -> ConversationTimes {
        ConversationTimes {
            opened_at: at(0),
            queued_at: Some(at(queued)),
            assigned_at: Some(at(assigned)),
            first_response_at: Some(at(first)),
            closed_at: Some(at(closed)),
            closed_reason: Some(ClosedReason::Resolved),
            closed_by_person: true,
        }
    }

    #[test]
    fn the_definitions() {
        let t = times(10, 70, 100, 400);
        assert_eq!(t.tmf(), Some(60_000));
        assert_eq!(t.first_response(), Some(30_000));
        assert_eq!(t.tme(), Some(90_000));
        assert_eq!(t.tma(), Some(330_000));
        assert_eq!(t.resolution(), Some(400_000));
    }

    #[test]
    fn missing_steps_give_no_value() {
        let lost = ConversationTimes {
            assigned_at: None,
            first_response_at: None,
            closed_reason: Some(ClosedReason::Lost),
            closed_by_person: false,
            ..times(10, 0, 0, 50)
        };
        assert_eq!((lost.tmf(), lost.first_response(), lost.tme(), lost.tma()), (None, None, None, None));
        assert_eq!(lost.resolution(), Some(50_000));
        let unanswered = ConversationTimes { first_response_at: None, ..times(10, 20, 0, 50) };
        assert_eq!((unanswered.tmf(), unanswered.tme()), (Some(10_000), None));
    }

    #[test]
    fn a_clock_going_backwards_counts_zero() {
        assert_eq!(times(70, 10, 100, 400).tmf(), Some(0));
    }

    #[test]
    fn each_contact_message_to_the_next_agent_message() {
        use Side::*;
        let messages = [
            (Contact, at(0)),  // before the agent: the queue's wait, not a response
            (Agent, at(20)),   // the first response
            (Contact, at(30)), // 30 → 50
            (Contact, at(40)), // 40 → 50
            (Other, at(45)),   // the bot answers nobody
            (Agent, at(50)),
            (Agent, at(55)),   // nothing waiting
            (Contact, at(60)), // 60 → 90
            (Agent, at(90)),
            (Contact, at(100)), // never answered
        ];
        assert_eq!(response_times(Some(at(10)), &messages), vec![20_000, 10_000, 30_000]);
        assert!(response_times(None, &messages).is_empty());
    }

    proptest! {
        #[test]
        fn tme_is_tmf_plus_first_response(q in 0i64..100_000, a in 0i64..100_000, f in 0i64..100_000) {
            let t = times(q, q + a, q + a + f, q + a + f + 1);
            prop_assert_eq!(t.tme(), Some(t.tmf().unwrap() + t.first_response().unwrap()));
            prop_assert!(t.tma().unwrap() >= t.first_response().unwrap());
            prop_assert!(t.resolution().unwrap() >= t.tma().unwrap());
        }

        #[test]
        fn one_value_per_answered_contact_message(sides in prop::collection::vec(0u8..3, 0..60)) {
            let messages: Vec<(Side, Ts)> = sides.iter().enumerate().map(|(i, s)| {
                let side = match s { 0 => Side::Contact, 1 => Side::Agent, _ => Side::Other };
                (side, at(i as i64))
            }).collect();
            let answered = messages.iter().enumerate().filter(|(i, (side, _))| {
                *side == Side::Contact && messages[*i..].iter().any(|(s, _)| *s == Side::Agent)
            }).count();
            prop_assert_eq!(response_times(Some(at(0)), &messages).len(), answered);
        }
    }
}
