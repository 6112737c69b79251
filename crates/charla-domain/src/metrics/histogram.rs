//! Log-scale histogram of durations in milliseconds: what rollups keep so p50 and p90 can
//! be read back within 5 % without the raw values.
//!
//! Bucket bounds: bucket 0 holds 0 ms; every later bucket starts where the previous one
//! ends, at `max(previous + 1, ceil(previous × 1.09))` ms, so buckets 1 to 12 hold one
//! millisecond each (read back exactly) and from 12 ms on each bucket spans less than
//! 9 %: [12, 14), [14, 16), [16, 18), … [992, 1082), [1082, 1180), … The last bucket
//! ([`BUCKETS`] − 1, from 12_891_525_040 ms, about 149 days) is open-ended. A quantile is read as the
//! geometric middle of its bucket (to 0.1 ms), clamped to the exact maximum, so its
//! relative error is below √1.09 − 1 + 0.05 / 12 ≈ 4.8 %.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// How many buckets there are; the last one is open-ended.
pub const BUCKETS: usize = 250;

/// The first millisecond of every bucket.
fn lower_bounds() -> &'static [u64; BUCKETS] {
    static BOUNDS: OnceLock<[u64; BUCKETS]> = OnceLock::new();
    BOUNDS.get_or_init(|| {
        let mut bounds = [0u64; BUCKETS];
        let mut next = 1u64;
        for bound in bounds.iter_mut().skip(1) {
            *bound = next;
            // Integer form of ceil(next × 1.09), exact for every u64 we reach.
            let grown = (next * 109).div_ceil(100);
            next = grown.max(next + 1);
        }
        bounds
    })
}

/// The bucket that holds `ms`.
pub fn bucket_of(ms: u64) -> usize {
    let bounds = lower_bounds();
    // The last bound not above `seconds`; bounds[0] = 0 so there always is one.
    bounds.partition_point(|&lo| lo <= ms).saturating_sub(1)
}

/// The milliseconds a bucket holds: its first and its last (`None`: open-ended).
pub fn bucket_bounds(bucket: usize) -> (u64, Option<u64>) {
    let bounds = lower_bounds();
    let lo = bounds.get(bucket).copied().unwrap_or(u64::MAX);
    let hi = bounds.get(bucket + 1).map(|next| next - 1);
    (lo, hi)
}

/// Counts per bucket, sparse: only buckets that hold something are kept (and serialized,
/// as `{"bucket": count}`), so a day with three conversations stores three numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Histogram(BTreeMap<u16, u64>);

impl Histogram {
    pub fn add(&mut self, ms: u64) {
        let bucket = u16::try_from(bucket_of(ms)).unwrap_or(u16::MAX);
        *self.0.entry(bucket).or_default() += 1;
    }

    pub fn merge(&mut self, other: &Histogram) {
        for (bucket, count) in &other.0 {
            *self.0.entry(*bucket).or_default() += count;
        }
    }

    pub fn count(&self) -> u64 {
        self.0.values().sum()
    }

    /// How many values fell in `bucket`.
    pub fn in_bucket(&self, bucket: usize) -> u64 {
        u16::try_from(bucket).ok().and_then(|b| self.0.get(&b)).copied().unwrap_or(0)
    }

    /// The nearest-rank quantile `q` (0 < q ≤ 1) in milliseconds, estimated from the
    /// buckets, never above `max_ms` (the exact maximum, which also bounds the open-ended
    /// last bucket).
    pub fn quantile(&self, q: f64, max_ms: u64) -> Option<f64> {
        let total = self.count();
        if total == 0 {
            return None;
        }
        // Nearest rank: the smallest value with at least q × n values at or below it.
        let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
        let mut seen = 0;
        for (bucket, count) in &self.0 {
            seen += count;
            if seen >= rank {
                return Some(estimate(usize::from(*bucket), max_ms as f64));
            }
        }
        None
    }
}

/// The value a bucket stands for: exact for one-millisecond buckets, else the geometric middle.
fn estimate(bucket: usize, max: f64) -> f64 {
    let (lo, hi) = bucket_bounds(bucket);
    let value = match hi {
        Some(hi) if hi == lo => lo as f64,
        Some(hi) => ((lo as f64 * hi as f64).sqrt() * 10.0).round() / 10.0,
        None => max,
    };
    value.min(max)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_first_buckets() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(1), 1);
        assert_eq!(bucket_of(12), 12);
        assert_eq!(bucket_bounds(12), (12, Some(13)));
        assert_eq!(bucket_of(13), 12);
        assert_eq!(bucket_of(14), 13);
        assert_eq!(bucket_bounds(13), (14, Some(15)));
        // An hour and a day land where the bounds say.
        let hour = bucket_of(3_600_000);
        let (lo, hi) = bucket_bounds(hour);
        assert!(lo <= 3_600_000 && 3_600_000 <= hi.unwrap());
        assert_eq!(bucket_of(u64::MAX), BUCKETS - 1);
        assert!(bucket_bounds(BUCKETS - 1).1.is_none());
        assert!(bucket_bounds(BUCKETS - 1).0 > 100 * 86_400_000, "the open bucket starts past 100 days");
        assert_eq!(bucket_bounds(bucket_of(1000)), (992, Some(1081)));
        assert_eq!(bucket_bounds(bucket_of(1081)), (992, Some(1081)));
        assert_eq!(bucket_of(1082), bucket_of(1000) + 1);
        assert_eq!(bucket_bounds(BUCKETS - 1).0, 12_891_525_040);
    }

    #[test]
    fn every_bucket_spans_less_than_nine_percent() {
        for bucket in 13..BUCKETS - 1 {
            let (lo, hi) = bucket_bounds(bucket);
            let hi = hi.unwrap();
            assert!((hi as f64) < lo as f64 * 1.09, "bucket {bucket}: {lo}..={hi}");
        }
    }

    #[test]
    fn quantiles_of_a_known_set() {
        let mut h = Histogram::default();
        for ms in [5, 7, 7, 9, 3_600_000] {
            h.add(ms);
        }
        assert_eq!(h.quantile(0.5, 3_600_000), Some(7.0));
        assert_eq!(h.quantile(0.9, 3_600_000).map(|v| (v / 3_600_000.0 - 1.0).abs() < 0.05), Some(true));
        assert_eq!(h.quantile(1.0, 3_600_000).map(|v| v <= 3_600_000.0), Some(true));
        assert_eq!(Histogram::default().quantile(0.5, 0), None);
    }

    #[test]
    fn sparse_encoding() {
        let mut h = Histogram::default();
        h.add(3);
        h.add(3);
        h.add(100);
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, format!(r#"{{"3":2,"{}":1}}"#, bucket_of(100)));
        assert_eq!(serde_json::from_str::<Histogram>(&json).unwrap(), h);
    }

    fn nearest_rank(values: &mut [u64], q: f64) -> u64 {
        values.sort_unstable();
        let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
        values[rank - 1]
    }

    proptest! {
        #[test]
        fn a_value_lies_in_its_bucket(ms in 0u64..20_000_000_000) {
            let (lo, hi) = bucket_bounds(bucket_of(ms));
            prop_assert!(lo <= ms);
            prop_assert!(hi.is_none_or(|hi| ms <= hi));
        }

        #[test]
        fn p50_and_p90_within_five_percent(mut values in prop::collection::vec(0u64..5_000_000_000, 1..300)) {
            let mut h = Histogram::default();
            for v in &values {
                h.add(*v);
            }
            let max = *values.iter().max().unwrap();
            for q in [0.5, 0.9] {
                let exact = nearest_rank(&mut values, q) as f64;
                let estimated = h.quantile(q, max).unwrap();
                let error = if exact == 0.0 { estimated } else { (estimated - exact).abs() / exact };
                prop_assert!(error < 0.05, "q {q}: exact {exact}, estimated {estimated}");
            }
        }

        #[test]
        fn merging_is_adding(a in prop::collection::vec(0u64..100_000, 0..50), b in prop::collection::vec(0u64..100_000, 0..50)) {
            let (mut left, mut right, mut both) = (Histogram::default(), Histogram::default(), Histogram::default());
            a.iter().for_each(|v| { left.add(*v); both.add(*v); });
            b.iter().for_each(|v| { right.add(*v); both.add(*v); });
            left.merge(&right);
            prop_assert_eq!(left, both);
        }
    }
}
