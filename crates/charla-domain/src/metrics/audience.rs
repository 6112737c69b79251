//! REP-2's contact and survey figures: MAU, MEU, CSAT and NPS.

use std::collections::HashSet;
use std::hash::Hash;

/// A message's direction as the monthly user counts see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    FromContact,
    ToContact,
}

/// Monthly users of one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthlyUsers {
    /// MAU: contacts who sent or received a message in the month.
    pub active: u64,
    /// MEU: contacts who sent a message in the month.
    pub engaged: u64,
}

/// MAU and MEU over one month's messages (contact, direction); a contact counts once.
pub fn monthly_users<C: Eq + Hash>(messages: impl IntoIterator<Item = (C, Direction)>) -> MonthlyUsers {
    let mut active = HashSet::new();
    let mut engaged = HashSet::new();
    for (contact, direction) in messages {
        if direction == Direction::FromContact {
            engaged.insert(contact);
        } else {
            active.insert(contact);
        }
    }
    let engaged_count = engaged.len() as u64;
    active.extend(engaged);
    MonthlyUsers { active: active.len() as u64, engaged: engaged_count }
}

/// Month-over-month change in percent to 0.01; none when the previous month had nobody.
pub fn change_pct(previous: u64, current: u64) -> Option<f64> {
    (previous > 0).then(|| ((current as f64 - previous as f64) * 10_000.0 / previous as f64).round() / 100.0)
}

/// CSAT: the share of 4–5 answers on the 1–5 scale, in percent to 0.01. Answers outside the
/// scale are ignored; none without answers.
pub fn csat(answers: &[u8]) -> Option<f64> {
    let valid: Vec<u8> = answers.iter().copied().filter(|a| (1..=5).contains(a)).collect();
    let satisfied = valid.iter().filter(|a| **a >= 4).count();
    percent(satisfied as f64, valid.len())
}

/// NPS: % promoters (9–10) − % detractors (0–6) on the 0–10 scale, to 0.01.
pub fn nps(answers: &[u8]) -> Option<f64> {
    let valid: Vec<u8> = answers.iter().copied().filter(|a| *a <= 10).collect();
    let promoters = valid.iter().filter(|a| **a >= 9).count() as f64;
    let detractors = valid.iter().filter(|a| **a <= 6).count() as f64;
    percent(promoters - detractors, valid.len())
}

fn percent(part: f64, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (part * 10_000.0 / whole as f64).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn monthly_users_count_each_contact_once() {
        use Direction::*;
        let month = [(1, FromContact), (1, ToContact), (2, ToContact), (3, FromContact), (3, FromContact)];
        assert_eq!(monthly_users(month), MonthlyUsers { active: 3, engaged: 2 });
        assert_eq!(monthly_users(Vec::<(u8, Direction)>::new()), MonthlyUsers::default());
    }

    #[test]
    fn month_over_month() {
        assert_eq!(change_pct(200, 250), Some(25.0));
        assert_eq!(change_pct(3, 2), Some(-33.33));
        assert_eq!(change_pct(0, 5), None);
    }

    #[test]
    fn csat_and_nps() {
        assert_eq!(csat(&[5, 4, 3, 1]), Some(50.0));
        assert_eq!(csat(&[0, 9]), None, "outside the scale");
        assert_eq!(nps(&[10, 9, 8, 7, 6, 0]), Some(0.0));
        assert_eq!(nps(&[10, 10, 10, 3]), Some(50.0));
        assert_eq!(nps(&[]), None);
    }

    proptest! {
        #[test]
        fn engaged_never_exceed_active(messages in prop::collection::vec((0u8..20, any::<bool>()), 0..100)) {
            let users = monthly_users(messages.iter().map(|(c, from)| {
                (*c, if *from { Direction::FromContact } else { Direction::ToContact })
            }));
            prop_assert!(users.engaged <= users.active);
        }

        #[test]
        fn scores_stay_in_range(answers in prop::collection::vec(0u8..=10, 1..100)) {
            let n = nps(&answers).unwrap_or(0.0);
            prop_assert!((-100.0..=100.0).contains(&n));
            if let Some(c) = csat(&answers) {
                prop_assert!((0.0..=100.0).contains(&c));
            }
        }
    }
}
