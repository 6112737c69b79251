//! The customer-service window (WhatsApp, Messenger, Instagram): free-form replies only
//! within 24 hours of the contact's last message; outside it, only templates (WhatsApp) or,
//! on Messenger and Instagram, a person's reply tagged `HUMAN_AGENT` within 7 days.

use jiff::SignedDuration;

use crate::time::Ts;

pub const WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// Whether a free-form message may be sent at `now`, given when the contact last wrote.
pub fn is_open(last_contact_message: Option<Ts>, now: Ts) -> bool {
    last_contact_message.is_some_and(|at| now < at.plus(WINDOW))
}

/// How long after the contact's last message a person (never a bot or an automation) may
/// still answer on Messenger and Instagram, with the `HUMAN_AGENT` tag.
pub const HUMAN_AGENT_WINDOW: SignedDuration = SignedDuration::from_hours(7 * 24);

/// How a reply may go out on a network with Meta's messaging policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowance {
    /// Inside the 24-hour standard window: a plain response.
    Standard,
    /// Past 24 hours but within 7 days, by a person: tagged `HUMAN_AGENT`.
    HumanAgent,
    /// Nothing free-form may go.
    Closed,
}

/// Whether a reply may go at `now` and how, given when the contact last wrote, whether a
/// person writes it (`by_person`), and whether the network has the `HUMAN_AGENT` tag.
pub fn allowance(last_contact_message: Option<Ts>, now: Ts, by_person: bool, human_agent_tag: bool) -> Allowance {
    if is_open(last_contact_message, now) {
        return Allowance::Standard;
    }
    let within_seven_days = last_contact_message.is_some_and(|at| now < at.plus(HUMAN_AGENT_WINDOW));
    if by_person && human_agent_tag && within_seven_days { Allowance::HumanAgent } else { Allowance::Closed }
}

/// When the window closes (None: it is not open).
pub fn closes_at(last_contact_message: Option<Ts>, now: Ts) -> Option<Ts> {
    last_contact_message.map(|at| at.plus(WINDOW)).filter(|end| now < *end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_for_exactly_twenty_four_hours() {
        let wrote = Ts::from_micros(1_767_283_210_000_000);
        assert!(is_open(Some(wrote), wrote));
        assert!(is_open(Some(wrote), wrote.plus(SignedDuration::from_secs(24 * 3600 - 1))));
        assert!(!is_open(Some(wrote), wrote.plus(WINDOW)));
        assert!(!is_open(None, wrote));
        assert_eq!(closes_at(Some(wrote), wrote), Some(Ts::from_micros(1_767_369_610_000_000)));
    }

    #[test]
    fn a_person_may_answer_for_seven_days_with_the_tag_and_a_bot_only_for_one() {
        let wrote = Ts::from_micros(1_767_283_200_000_000);
        let day = SignedDuration::from_hours(24);
        assert_eq!(
            allowance(Some(wrote), wrote.plus(SignedDuration::from_hours(23)), false, true),
            Allowance::Standard
        );
        assert_eq!(allowance(Some(wrote), wrote.plus(day), true, true), Allowance::HumanAgent);
        assert_eq!(allowance(Some(wrote), wrote.plus(day), false, true), Allowance::Closed, "never for a bot");
        assert_eq!(allowance(Some(wrote), wrote.plus(day), true, false), Allowance::Closed, "no tag on WhatsApp");
        let last_second = wrote.plus(HUMAN_AGENT_WINDOW).minus(SignedDuration::from_secs(1));
        assert_eq!(allowance(Some(wrote), last_second, true, true), Allowance::HumanAgent);
        assert_eq!(allowance(Some(wrote), wrote.plus(HUMAN_AGENT_WINDOW), true, true), Allowance::Closed);
        assert_eq!(allowance(None, wrote, true, true), Allowance::Closed);
    }
}
