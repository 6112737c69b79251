//! Sending a broadcast at the number's pace: the messaging-limit tier (unique recipients
//! per 24 hours), the batch a run may take, and the callback data that ties a status back
//! to its recipient.

use uuid::Uuid;

/// The unique recipients per 24 hours of a number whose tier is unknown: Meta's lowest.
pub const UNKNOWN_TIER: i64 = 250;

/// Recipients one run takes when the broadcast is not gradual: small enough that a pause
/// or a cancel is seen within a few sends.
pub const DEFAULT_CHUNK: i64 = 20;

/// A number's messaging-limit tier as Meta writes it (`TIER_250`, `TIER_1K`, `TIER_10K`,
/// `TIER_100K`, `TIER_UNLIMITED`); `None` is unlimited, and anything else counts as 250.
pub fn tier_limit(tier: Option<&str>) -> Option<i64> {
    match tier.map(str::trim).map(str::to_ascii_uppercase).as_deref() {
        Some("TIER_UNLIMITED" | "UNLIMITED") => None,
        Some("TIER_1K") => Some(1_000),
        Some("TIER_2K") => Some(2_000),
        Some("TIER_10K") => Some(10_000),
        Some("TIER_100K") => Some(100_000),
        _ => Some(UNKNOWN_TIER),
    }
}

/// How many new recipients may go now, given those reached in the last 24 hours.
pub fn room_in_tier(limit: Option<i64>, reached_24h: i64) -> i64 {
    match limit {
        None => i64::MAX,
        Some(limit) => (limit - reached_24h).max(0),
    }
}

/// Recipients the next run takes: a gradual batch, else a small chunk; never more than the
/// tier leaves room for.
pub fn batch(batch_size: Option<i64>, room: i64) -> i64 {
    batch_size.unwrap_or(DEFAULT_CHUNK).min(room).max(0)
}

/// The `biz_opaque_callback_data` of a recipient's send: Meta echoes it in the statuses.
pub fn callback_data(broadcast: Uuid, row: i64) -> String {
    format!("broadcast:{broadcast}:recipient:{row}")
}

/// The broadcast and row a status's callback data names, when it is a broadcast's.
pub fn parse_callback_data(data: &str) -> Option<(Uuid, i64)> {
    let rest = data.strip_prefix("broadcast:")?;
    let (id, row) = rest.split_once(":recipient:")?;
    Some((Uuid::try_parse(id).ok()?, row.parse().ok()?))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tiers_read_as_meta_writes_them_and_unknown_is_250() {
        assert_eq!(tier_limit(Some("TIER_1K")), Some(1000));
        assert_eq!(tier_limit(Some("tier_100k")), Some(100_000));
        assert_eq!(tier_limit(Some("TIER_UNLIMITED")), None);
        assert_eq!(tier_limit(None), Some(250));
        assert_eq!(tier_limit(Some("whatever")), Some(250));
    }

    #[test]
    fn a_run_takes_its_batch_within_the_tier() {
        assert_eq!(batch(None, i64::MAX), DEFAULT_CHUNK);
        assert_eq!(batch(Some(100), room_in_tier(Some(250), 200)), 50);
        assert_eq!(batch(Some(100), room_in_tier(Some(250), 300)), 0);
        assert_eq!(batch(Some(5), room_in_tier(None, 1_000_000)), 5);
    }

    #[test]
    fn callback_data_round_trips() {
        let id = Uuid::from_u128(42);
        let data = callback_data(id, 7);
        assert_eq!(parse_callback_data(&data), Some((id, 7)));
        assert_eq!(parse_callback_data("0190a1b2-message-id"), None);
    }
}
