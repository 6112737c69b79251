//! One time metric over many conversations: exact count, sum and maximum (milliseconds),
//! and the histogram that gives p50 and p90.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::histogram::Histogram;

/// What a rollup keeps of one time metric; adding and merging are exact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeSummary {
    pub n: u64,
    /// Sum of the durations in milliseconds, so averages are exact.
    pub sum_ms: u64,
    pub max_ms: u64,
    /// Log-scale buckets of the same milliseconds (see `histogram`).
    #[serde(default)]
    pub hist: Histogram,
}

impl TimeSummary {
    pub fn add_ms(&mut self, ms: u64) {
        self.n += 1;
        self.sum_ms = self.sum_ms.saturating_add(ms);
        self.max_ms = self.max_ms.max(ms);
        self.hist.add(ms);
    }

    pub fn merge(&mut self, other: &TimeSummary) {
        self.n += other.n;
        self.sum_ms = self.sum_ms.saturating_add(other.sum_ms);
        self.max_ms = self.max_ms.max(other.max_ms);
        self.hist.merge(&other.hist);
    }

    /// The figures a report shows, in seconds; all null when nothing was measured.
    pub fn stats(&self) -> TimeStats {
        if self.n == 0 {
            return TimeStats::default();
        }
        let seconds = |ms: f64| (ms * 10.0).round() / 10_000.0;
        TimeStats {
            avg: Some(seconds(self.sum_ms as f64 / self.n as f64)),
            p50: self.hist.quantile(0.5, self.max_ms).map(seconds),
            p90: self.hist.quantile(0.9, self.max_ms).map(seconds),
            max: Some(self.max_ms as f64 / 1000.0),
            n: self.n,
        }
    }
}

/// A time metric as reports show it: average, median, 90th percentile and maximum in
/// seconds (to 0.1 ms; null when `n` is 0), and how many values were measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct TimeStats {
    pub avg: Option<f64>,
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    pub max: Option<f64>,
    pub n: u64,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_is_all_null() {
        assert_eq!(TimeSummary::default().stats(), TimeStats { avg: None, p50: None, p90: None, max: None, n: 0 });
    }

    #[test]
    fn exact_average_and_maximum() {
        let mut s = TimeSummary::default();
        for ms in [1_500, 2_500, 60_250] {
            s.add_ms(ms);
        }
        let stats = s.stats();
        assert_eq!(stats.n, 3);
        assert_eq!(stats.avg, Some(21.4167));
        assert_eq!(stats.max, Some(60.25));
        let p50 = stats.p50.unwrap();
        assert!((p50 / 2.5 - 1.0).abs() < 0.05, "{p50}");
    }

    proptest! {
        #[test]
        fn merge_equals_adding_all(a in prop::collection::vec(0u64..10_000_000, 0..40), b in prop::collection::vec(0u64..10_000_000, 0..40)) {
            let (mut left, mut right, mut all) = (TimeSummary::default(), TimeSummary::default(), TimeSummary::default());
            a.iter().for_each(|v| { left.add_ms(*v); all.add_ms(*v); });
            b.iter().for_each(|v| { right.add_ms(*v); all.add_ms(*v); });
            left.merge(&right);
            prop_assert_eq!(&left, &all);
            let n = a.len() + b.len();
            prop_assert_eq!(left.n as usize, n);
            if n > 0 {
                let exact_avg = (a.iter().chain(&b).sum::<u64>() as f64 / n as f64 * 10.0).round() / 10_000.0;
                prop_assert_eq!(left.stats().avg, Some(exact_avg));
                prop_assert_eq!(left.stats().max, Some(*a.iter().chain(&b).max().unwrap() as f64 / 1000.0));
            }
        }
    }
}
