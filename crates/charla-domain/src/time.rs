//! `Ts`: an instant in UTC with microsecond precision, and the clocks that make them.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

/// An instant in UTC as microseconds since the Unix epoch; what every table stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ts(i64);

impl Ts {
    pub const fn from_micros(micros: i64) -> Self {
        Ts(micros)
    }

    pub const fn as_micros(self) -> i64 {
        self.0
    }

    pub fn from_timestamp(t: Timestamp) -> Self {
        let micros = t.as_microsecond();
        Ts(micros)
    }

    pub fn to_timestamp(self) -> Timestamp {
        // Every i64 of microseconds we store came from a valid Timestamp.
        Timestamp::from_microsecond(self.0).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    pub fn plus(self, d: SignedDuration) -> Ts {
        let micros = i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
        Ts(self.0.saturating_add(micros))
    }

    pub fn minus(self, d: SignedDuration) -> Ts {
        let micros = i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
        Ts(self.0.saturating_sub(micros))
    }

    pub fn since(self, earlier: Ts) -> SignedDuration {
        SignedDuration::from_micros(self.0.saturating_sub(earlier.0))
    }

    /// RFC 3339 in UTC with microseconds, as the API shows instants.
    pub fn to_rfc3339(self) -> String {
        self.to_timestamp().to_string()
    }
}

impl fmt::Display for Ts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_timestamp())
    }
}

impl serde::Serialize for Ts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

/// In answers an instant is an RFC 3339 string in UTC.
impl schemars::JsonSchema for Ts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

impl<'de> serde::Deserialize<'de> for Ts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let t: Timestamp = text.parse().map_err(serde::de::Error::custom)?;
        Ok(Ts::from_timestamp(t))
    }
}

/// Where "now" comes from: the system, or a clock tests move by hand.
#[derive(Clone, Debug)]
pub enum Clock {
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    pub fn manual(start: Ts) -> Self {
        Clock::Manual(Arc::new(AtomicI64::new(start.as_micros())))
    }

    pub fn now(&self) -> Ts {
        match self {
            Clock::System => Ts::from_timestamp(Timestamp::now()),
            Clock::Manual(micros) => Ts(micros.load(Ordering::SeqCst)),
        }
    }

    /// Moves a manual clock forward; the system clock cannot be moved.
    pub fn advance(&self, by: SignedDuration) {
        if let Clock::Manual(micros) = self {
            let step = i64::try_from(by.as_micros()).unwrap_or(i64::MAX);
            micros.fetch_add(step, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips_with_microseconds() {
        let ts = Ts::from_micros(1_764_000_000_123_456);
        let text = ts.to_rfc3339();
        assert_eq!(text, "2025-11-24T16:00:00.123456Z");
        let back: Ts = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        assert_eq!(back, ts);
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let clock = Clock::manual(Ts::from_micros(0));
        assert_eq!(clock.now(), Ts::from_micros(0));
        clock.advance(SignedDuration::from_secs(90));
        assert_eq!(clock.now(), Ts::from_micros(90_000_000));
    }
}
