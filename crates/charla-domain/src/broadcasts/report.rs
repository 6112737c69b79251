//! Broadcast reports (OUT-6): what counts as sent, received, read, failed and replied for a
//! broadcast recipient or a template sent from a conversation or the API, the reply rate,
//! and the organization's local days a report spans.
//!
//! The database counts messages per quarter-hour of their departure (one SQL for both
//! databases' clocks); every time zone in use today is a whole number of quarter-hours
//! from UTC, so each quarter-hour falls on one local day, decided here.

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::tracking::Track;
use crate::messages::DeliveryStatus;
use crate::metrics::day::local_day;
use crate::time::Ts;

/// Where an outbound template came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    Broadcast,
    /// Sent by a person from a conversation (or the New conversation dialog).
    Conversation,
    /// Sent through an API token.
    Api,
}

impl Origin {
    pub const ALL: [Origin; 3] = [Origin::Broadcast, Origin::Conversation, Origin::Api];

    pub const fn as_str(self) -> &'static str {
        match self {
            Origin::Broadcast => "broadcast",
            Origin::Conversation => "conversation",
            Origin::Api => "api",
        }
    }

    pub fn parse(code: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.as_str() == code)
    }
}

/// How far a message got, for counting: each stage reached implies the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not sent yet (waiting, or on its way to the network).
    Pending,
    Sent,
    Delivered,
    Read,
    Failed,
}

impl Outcome {
    pub const fn of_track(track: Track) -> Outcome {
        match track {
            Track::InOutbox | Track::Departed => Outcome::Pending,
            Track::Sent => Outcome::Sent,
            Track::Delivered => Outcome::Delivered,
            Track::Read => Outcome::Read,
            Track::DepartureFailed | Track::SendFailed => Outcome::Failed,
        }
    }

    pub const fn of_delivery(status: DeliveryStatus) -> Outcome {
        match status {
            DeliveryStatus::Pending | DeliveryStatus::Sending => Outcome::Pending,
            DeliveryStatus::Sent => Outcome::Sent,
            DeliveryStatus::Delivered => Outcome::Delivered,
            DeliveryStatus::Read => Outcome::Read,
            DeliveryStatus::Failed => Outcome::Failed,
        }
    }
}

/// A report's counters: `sent` counts every message the network accepted (delivered and
/// read ones too), `delivered` the ones that reached the phone (read ones too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    pub failed: i64,
    pub replied: i64,
}

impl Figures {
    /// Counts `n` messages that got to `outcome`, `replied` of them or not.
    pub fn add(&mut self, outcome: Outcome, replied: bool, n: i64) {
        let (sent, delivered, read, failed) = match outcome {
            Outcome::Pending => (0, 0, 0, 0),
            Outcome::Sent => (n, 0, 0, 0),
            Outcome::Delivered => (n, n, 0, 0),
            Outcome::Read => (n, n, n, 0),
            Outcome::Failed => (0, 0, 0, n),
        };
        self.sent += sent;
        self.delivered += delivered;
        self.read += read;
        self.failed += failed;
        if replied {
            self.replied += n;
        }
    }

    pub fn merge(&mut self, other: &Figures) {
        self.sent += other.sent;
        self.delivered += other.delivered;
        self.read += other.read;
        self.failed += other.failed;
        self.replied += other.replied;
    }

    /// Replies per message sent, 0 to 1 (0 when nothing was sent): a reply needs the
    /// message to have reached the network first.
    pub fn reply_rate(&self) -> f64 {
        if self.sent == 0 {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let rate = self.replied.min(self.sent) as f64 / self.sent as f64;
        (rate * 10_000.0).round() / 10_000.0
    }

    pub fn is_empty(&self) -> bool {
        *self == Figures::default()
    }
}

/// Seconds in one counting bucket: a quarter of an hour.
pub const BUCKET_SECONDS: i64 = 900;

/// The local day the quarter-hour `bucket` (counted from the Unix epoch) falls on.
pub fn day_of_bucket(bucket: i64, zone: &TimeZone) -> Date {
    local_day(Ts::from_micros(bucket.saturating_mul(BUCKET_SECONDS * 1_000_000)), zone)
}

/// The instants that bound the local days `from..=to`: from the first day's midnight up to
/// (not including) the midnight after the last day.
pub fn period_bounds(from: Date, to: Date, zone: &TimeZone) -> (Ts, Ts) {
    let start =
        |d: Date| d.to_zoned(zone.clone()).map(|z| Ts::from_timestamp(z.timestamp())).unwrap_or(Ts::from_micros(0));
    let after = to.checked_add(1.day()).unwrap_or(to);
    (start(from), start(after))
}

/// A CSV cell a spreadsheet will show as text: a leading `=`, `+`, `-`, `@`, tab or
/// carriage return would make it a formula, so it is quoted with an apostrophe.
pub fn spreadsheet_text(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_owned() }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::metrics::day::zone;

    #[test]
    fn later_stages_count_in_the_earlier_ones() {
        let mut f = Figures::default();
        f.add(Outcome::of_track(Track::Read), true, 2);
        f.add(Outcome::of_track(Track::Delivered), false, 1);
        f.add(Outcome::of_track(Track::Sent), false, 1);
        f.add(Outcome::of_track(Track::SendFailed), false, 3);
        f.add(Outcome::of_track(Track::InOutbox), false, 5);
        f.add(Outcome::of_delivery(DeliveryStatus::Sending), false, 5);
        assert_eq!(f, Figures { sent: 4, delivered: 3, read: 2, failed: 3, replied: 2 });
        assert!((f.reply_rate() - 0.5).abs() < f64::EPSILON);
    }

    #[test]
    fn reply_rate_of_nothing_sent_is_zero_and_rounds_to_four_places() {
        assert!(Figures::default().reply_rate().abs() < f64::EPSILON);
        let f = Figures { sent: 3, replied: 1, ..Figures::default() };
        assert!((f.reply_rate() - 0.3333).abs() < f64::EPSILON);
    }

    #[test]
    fn origins_round_trip() {
        for o in Origin::ALL {
            assert_eq!(Origin::parse(o.as_str()), Some(o));
        }
        assert_eq!(Origin::parse("sms"), None);
    }

    #[test]
    fn a_period_is_bounded_by_local_midnights() {
        let bogota = zone("America/Bogota");
        let (from, to) = ("2026-03-01".parse().unwrap(), "2026-03-02".parse().unwrap());
        let (start, end) = period_bounds(from, to, &bogota);
        assert_eq!(start.to_rfc3339(), Ts::from_timestamp("2026-03-01T05:00:00Z".parse().unwrap()).to_rfc3339());
        assert_eq!(end.to_rfc3339(), Ts::from_timestamp("2026-03-03T05:00:00Z".parse().unwrap()).to_rfc3339());
    }

    #[test]
    fn quarter_hours_fall_on_their_local_day_even_at_half_hour_offsets() {
        let kolkata = zone("Asia/Kolkata");
        // 18:15 UTC is 23:45 in Kolkata; 18:30 UTC is midnight there.
        let at = |s: &str| "2026-03-01T".to_owned() + s;
        let bucket = |s: &str| at(s).parse::<jiff::Timestamp>().unwrap().as_second() / BUCKET_SECONDS;
        let before = bucket("18:15:00Z");
        let after = bucket("18:30:00Z");
        assert_eq!(day_of_bucket(before, &kolkata).to_string(), "2026-03-01");
        assert_eq!(day_of_bucket(after, &kolkata).to_string(), "2026-03-02");
    }

    #[test]
    fn formulas_are_kept_as_text() {
        assert_eq!(spreadsheet_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_text("-1"), "'-1");
        assert_eq!(spreadsheet_text("Enero"), "Enero");
    }
}
