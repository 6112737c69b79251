//! The customer-service window (WhatsApp, Messenger): free-form replies only within 24
//! hours of the contact's last message; outside it, only templates.

use jiff::SignedDuration;

use crate::time::Ts;

pub const WINDOW: SignedDuration = SignedDuration::from_hours(24);

/// Whether a free-form message may be sent at `now`, given when the contact last wrote.
pub fn is_open(last_contact_message: Option<Ts>, now: Ts) -> bool {
    last_contact_message.is_some_and(|at| now < at.plus(WINDOW))
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
}
