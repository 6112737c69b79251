//! The organization's local day of an instant: reports group by it, and it is computed
//! here, once, when a conversation's figures are written (never by the database, whose
//! time zone rules differ between SQLite and PostgreSQL).

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::time::Ts;

/// The calendar day `at` falls on in `zone`.
pub fn local_day(at: Ts, zone: &TimeZone) -> Date {
    at.to_timestamp().to_zoned(zone.clone()).date()
}

/// A time zone by IANA name; an unknown name (never stored: it is validated on input)
/// falls back to UTC rather than losing the figures.
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn midnight_in_bogota_is_five_in_utc() {
        let bogota = zone("America/Bogota");
        let before: jiff::Timestamp = "2026-03-02T04:59:59Z".parse().unwrap();
        let after: jiff::Timestamp = "2026-03-02T05:00:00Z".parse().unwrap();
        assert_eq!(local_day(Ts::from_timestamp(before), &bogota).to_string(), "2026-03-01");
        assert_eq!(local_day(Ts::from_timestamp(after), &bogota).to_string(), "2026-03-02");
        assert_eq!(local_day(Ts::from_timestamp(before), &zone("Nowhere/Atlantis")).to_string(), "2026-03-02");
    }
}
