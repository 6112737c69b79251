//! What one conversation adds to the report of its day (`ConversationFact`), and the sums
//! rollups keep of many (`ConversationTotals`).
//!
//! A conversation counts once, on the local day it became a ticket (reached a queue), in
//! the campaign, channel, queue and agent it has now: a transfer between agents or queues
//! moves its one fact, and its times keep their first values (the first queueing, the
//! first assignment). A transfer to another campaign closes it as `transferred` and opens
//! a new conversation there, offered to that campaign on its own. A closed conversation
//! is final: a contact writing again opens a new one (counted as a new ticket).

use serde::{Deserialize, Serialize};

use super::summary::TimeSummary;
use super::times::ConversationTimes;
use crate::conversations::lifecycle::ClosedReason;

/// One conversation's part in the report: 0 or 1 per counter, at most one value per
/// single time metric, and its response times.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationFact {
    pub totals: ConversationTotals,
}

/// Counters and time metrics over a set of conversations; adding is exact and order-free.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationTotals {
    /// Tickets: conversations that reached a queue.
    pub offered: u64,
    /// Closed or transferred by an agent or a manager.
    pub attended: u64,
    /// Cancelled by the contact after an agent got it.
    pub abandoned: u64,
    /// Cancelled (or lost) before an agent got it.
    pub lost: u64,
    /// Closed by a transfer to another campaign.
    pub transferred: u64,
    /// Closed because the campaign was outside its hours.
    pub out_of_hours: u64,
    pub tmf: TimeSummary,
    pub first_response: TimeSummary,
    pub tme: TimeSummary,
    pub tma: TimeSummary,
    pub response: TimeSummary,
    pub resolution: TimeSummary,
}

impl ConversationFact {
    /// The fact of a conversation, or `None` while it counts nowhere (still with the bot,
    /// or closed there without ever being offered or out of hours).
    pub fn of(times: &ConversationTimes, responses: &[u64]) -> Option<ConversationFact> {
        let reason = times.closed_reason;
        let offered = times.queued_at.is_some();
        let out_of_hours = reason == Some(ClosedReason::OutOfHours);
        if !offered && !out_of_hours {
            return None;
        }
        let flag = |yes: bool| u64::from(yes);
        let by_person = matches!(reason, Some(ClosedReason::Resolved | ClosedReason::Transferred));
        let mut t = ConversationTotals {
            offered: flag(offered),
            attended: flag(offered && times.closed_by_person && by_person),
            abandoned: flag(reason == Some(ClosedReason::Abandoned)),
            lost: flag(reason == Some(ClosedReason::Lost)),
            transferred: flag(reason == Some(ClosedReason::Transferred)),
            out_of_hours: flag(out_of_hours),
            ..ConversationTotals::default()
        };
        let single = [
            (&mut t.tmf, times.tmf()),
            (&mut t.first_response, times.first_response()),
            (&mut t.tme, times.tme()),
            (&mut t.tma, times.tma()),
            (&mut t.resolution, times.resolution()),
        ];
        for (summary, value) in single {
            if let Some(ms) = value {
                summary.add_ms(ms);
            }
        }
        responses.iter().for_each(|ms| t.response.add_ms(*ms));
        Some(ConversationFact { totals: t })
    }
}

impl ConversationTotals {
    pub fn add(&mut self, fact: &ConversationFact) {
        self.merge(&fact.totals);
    }

    pub fn merge(&mut self, other: &ConversationTotals) {
        self.offered += other.offered;
        self.attended += other.attended;
        self.abandoned += other.abandoned;
        self.lost += other.lost;
        self.transferred += other.transferred;
        self.out_of_hours += other.out_of_hours;
        self.tmf.merge(&other.tmf);
        self.first_response.merge(&other.first_response);
        self.tme.merge(&other.tme);
        self.tma.merge(&other.tma);
        self.response.merge(&other.response);
        self.resolution.merge(&other.resolution);
    }

    /// Attended % = attended / offered, as a percentage to 0.01; none without tickets.
    pub fn attended_pct(&self) -> Option<f64> {
        (self.offered > 0).then(|| (self.attended as f64 * 10_000.0 / self.offered as f64).round() / 100.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::metrics::day::{local_day, zone};
    use crate::metrics::times::{Side, response_times};
    use crate::time::Ts;
    use proptest::prelude::*;

    fn at(seconds: i64) -> Ts {
        // 2026-03-01 23:00:00 in Bogotá (UTC−5).
        Ts::from_micros(1_772_424_000_000_000 + seconds * 1_000_000)
    }

    fn attended() -> ConversationTimes {
        ConversationTimes {
            opened_at: at(0),
            queued_at: Some(at(5)),
            assigned_at: Some(at(65)),
            first_response_at: Some(at(95)),
            closed_at: Some(at(600)),
            closed_reason: Some(ClosedReason::Resolved),
            closed_by_person: true,
        }
    }

    #[test]
    fn an_attended_conversation() {
        let t = ConversationFact::of(&attended(), &[30_000, 12_000]).unwrap().totals;
        assert_eq!((t.offered, t.attended, t.abandoned, t.lost, t.transferred), (1, 1, 0, 0, 0));
        assert_eq!(t.tmf.stats().avg, Some(60.0));
        assert_eq!(t.first_response.stats().avg, Some(30.0));
        assert_eq!(t.tme.stats().avg, Some(90.0));
        assert_eq!(t.tma.stats().avg, Some(535.0));
        assert_eq!(t.resolution.stats().avg, Some(600.0));
        assert_eq!((t.response.n, t.response.max_ms), (2, 30_000));
    }

    #[test]
    fn a_transferred_conversation_is_attended_once() {
        let times = ConversationTimes { closed_reason: Some(ClosedReason::Transferred), ..attended() };
        let t = ConversationFact::of(&times, &[]).unwrap().totals;
        assert_eq!((t.offered, t.attended, t.transferred), (1, 1, 1));
    }

    #[test]
    fn an_abandoned_conversation() {
        let times = ConversationTimes {
            first_response_at: None,
            closed_reason: Some(ClosedReason::Abandoned),
            closed_by_person: false,
            ..attended()
        };
        let t = ConversationFact::of(&times, &[]).unwrap().totals;
        assert_eq!((t.offered, t.attended, t.abandoned, t.lost), (1, 0, 1, 0));
        assert_eq!((t.tmf.n, t.first_response.n, t.tme.n, t.tma.n), (1, 0, 0, 1));
    }

    #[test]
    fn a_lost_conversation() {
        let times = ConversationTimes {
            assigned_at: None,
            first_response_at: None,
            closed_reason: Some(ClosedReason::Lost),
            closed_by_person: false,
            ..attended()
        };
        let t = ConversationFact::of(&times, &[]).unwrap().totals;
        assert_eq!((t.offered, t.attended, t.abandoned, t.lost), (1, 0, 0, 1));
        assert_eq!((t.tmf.n, t.tma.n, t.resolution.n), (0, 0, 1));
        // Lost in the bot, before any queue: no ticket, no figures.
        let in_bot = ConversationTimes { queued_at: None, ..times };
        assert_eq!(ConversationFact::of(&in_bot, &[]), None);
    }

    #[test]
    fn out_of_hours_counts_even_without_a_queue() {
        let times = ConversationTimes {
            queued_at: None,
            assigned_at: None,
            first_response_at: None,
            closed_reason: Some(ClosedReason::OutOfHours),
            closed_by_person: false,
            ..attended()
        };
        let t = ConversationFact::of(&times, &[]).unwrap().totals;
        assert_eq!((t.offered, t.out_of_hours), (0, 1));
        assert_eq!(t.attended_pct(), None);
    }

    #[test]
    fn a_reopened_conversation_is_a_second_ticket() {
        // Closed is final: the contact writing again opens a new conversation, whose
        // fact adds to the day besides the first one's; neither changes the other.
        let first = ConversationFact::of(&attended(), &[]).unwrap();
        let again = ConversationTimes { opened_at: at(900), queued_at: Some(at(901)), ..attended() };
        let second = ConversationFact::of(&again, &[]).unwrap();
        let mut day = ConversationTotals::default();
        day.add(&first);
        day.add(&second);
        assert_eq!((day.offered, day.attended, day.tmf.n), (2, 2, 2));
        assert_eq!(ConversationFact::of(&attended(), &[]).unwrap(), first, "recomputing is idempotent");
    }

    #[test]
    fn an_open_conversation_counts_what_it_has_so_far() {
        let open = ConversationTimes { closed_at: None, closed_reason: None, ..attended() };
        let t = ConversationFact::of(&open, &[]).unwrap().totals;
        assert_eq!((t.offered, t.attended, t.tme.n, t.tma.n, t.resolution.n), (1, 0, 1, 0, 0));
    }

    #[test]
    fn crossing_midnight_counts_on_the_day_it_was_offered() {
        // Queued at 23:58 on 1 March in Bogotá, answered and closed after midnight.
        let times = ConversationTimes {
            queued_at: Some(at(3480)),
            assigned_at: Some(at(3540)),
            first_response_at: Some(at(3660)),
            closed_at: Some(at(4200)),
            ..attended()
        };
        let bogota = zone("America/Bogota");
        assert_eq!(local_day(times.queued_at.unwrap(), &bogota).to_string(), "2026-03-01");
        assert_eq!(local_day(times.closed_at.unwrap(), &bogota).to_string(), "2026-03-02");
        let t = ConversationFact::of(&times, &[]).unwrap().totals;
        assert_eq!((t.tme.stats().avg, t.tma.stats().avg), (Some(180.0), Some(660.0)));
        let messages = [(Side::Contact, at(3600)), (Side::Agent, at(3660))];
        assert_eq!(response_times(times.assigned_at, &messages), vec![60_000]);
    }

    #[test]
    fn attended_percentage() {
        let t = ConversationTotals { offered: 3, attended: 2, ..ConversationTotals::default() };
        assert_eq!(t.attended_pct(), Some(66.67));
    }

    proptest! {
        #[test]
        fn totals_are_the_sum_of_facts(picks in prop::collection::vec((0usize..5, 0i64..5000), 1..40)) {
            let reasons = [None, Some(ClosedReason::Resolved), Some(ClosedReason::Abandoned), Some(ClosedReason::Lost), Some(ClosedReason::Transferred)];
            let mut totals = ConversationTotals::default();
            let mut expected_offered = 0;
            let mut expected_attended = 0;
            for (pick, wait) in &picks {
                let reason = reasons[*pick];
                let times = ConversationTimes {
                    assigned_at: (reason != Some(ClosedReason::Lost)).then(|| at(5 + wait)),
                    closed_at: reason.map(|_| at(10_000)),
                    closed_reason: reason,
                    ..attended()
                };
                let fact = ConversationFact::of(&times, &[]).unwrap();
                expected_offered += 1;
                expected_attended += u64::from(matches!(reason, Some(ClosedReason::Resolved | ClosedReason::Transferred)));
                totals.add(&fact);
            }
            prop_assert_eq!(totals.offered, expected_offered);
            prop_assert_eq!(totals.attended, expected_attended);
            prop_assert!(totals.attended + totals.abandoned + totals.lost <= totals.offered);
            let max_wait = picks.iter().filter(|(p, _)| *p != 3).map(|(_, w)| *w as u64 * 1000).max();
            prop_assert_eq!(totals.tmf.stats().max, max_wait.map(|ms| ms as f64 / 1000.0));
        }
    }
}
