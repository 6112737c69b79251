//! Runs a bounded number of requests with a fixed concurrency and reports their latencies.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;

/// One request: given the worker's number and how many requests that worker made before.
pub type Job = Arc<dyn Fn(usize, usize) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>> + Send + Sync>;

/// Wraps a closure answering a future into a `Job`.
pub fn job<F, Fut>(f: F) -> Job
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    Arc::new(move |worker, n| Box::pin(f(worker, n)))
}

#[derive(Clone, Debug)]
pub struct Stats {
    pub label: String,
    pub count: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub per_second: f64,
    /// Whether the time cap ended the measurement before all requests were made.
    pub capped: bool,
}

/// Requests each worker makes before the measured ones (connections, caches); not recorded.
/// Fewer when they are slow: see `run`.
pub const WARMUP_PER_WORKER: usize = 5;

/// Runs `requests` jobs spread over `workers` concurrent workers (after a short warm-up),
/// timing each one; any failed request fails the measurement. No request starts after
/// `cap` has passed, so a very slow case ends with fewer requests (`Stats::capped`).
pub async fn run(label: &str, workers: usize, requests: usize, cap: Duration, job: Job) -> anyhow::Result<Stats> {
    let workers = workers.max(1);
    // Warm-up: at least one request per worker, more while within a tenth of the cap.
    let warm = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for worker in 0..workers {
        let job = job.clone();
        set.spawn(async move {
            for n in 0..WARMUP_PER_WORKER {
                if n > 0 && warm.elapsed() >= cap / 10 {
                    break;
                }
                job(worker, n).await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = set.join_next().await {
        done.context("warm-up worker")??;
    }
    // Measured: the workers take request numbers from one counter until `requests` are done.
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for worker in 0..workers {
        let job = job.clone();
        let next = next.clone();
        set.spawn(async move {
            let mut latencies = Vec::with_capacity(requests / workers + 1);
            let mut n = WARMUP_PER_WORKER;
            while started.elapsed() < cap && next.fetch_add(1, Ordering::Relaxed) < requests {
                let t = Instant::now();
                job(worker, n).await?;
                latencies.push(t.elapsed());
                n += 1;
            }
            anyhow::Ok(latencies)
        });
    }
    let mut all = Vec::with_capacity(requests);
    while let Some(done) = set.join_next().await {
        all.extend(done.context("bench worker")??);
    }
    Ok(stats(label, all, started.elapsed(), requests))
}

/// Like `run` but open-loop: request `i` is due at `i / rate` seconds after the start, and
/// its latency counts from when it was due, so a server that falls behind shows it (no
/// coordinated omission). At most `workers` requests are in flight; no warm-up.
pub async fn run_paced(
    label: &str,
    workers: usize,
    requests: usize,
    rate: f64,
    cap: Duration,
    job: Job,
) -> anyhow::Result<Stats> {
    let workers = workers.max(1);
    let interval = Duration::from_secs_f64(1.0 / rate.max(0.001));
    let next = Arc::new(AtomicUsize::new(0));
    let started = tokio::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for worker in 0..workers {
        let job = job.clone();
        let next = next.clone();
        set.spawn(async move {
            let mut latencies = Vec::with_capacity(requests / workers + 1);
            let mut n = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let due = started + interval.mul_f64(i as f64);
                if i >= requests || due.duration_since(started) >= cap {
                    break;
                }
                tokio::time::sleep_until(due).await;
                job(worker, n).await?;
                latencies.push(due.elapsed());
                n += 1;
            }
            anyhow::Ok(latencies)
        });
    }
    let mut all = Vec::with_capacity(requests);
    while let Some(done) = set.join_next().await {
        all.extend(done.context("paced worker")??);
    }
    Ok(stats(label, all, started.elapsed(), requests))
}

fn stats(label: &str, mut all: Vec<Duration>, elapsed: Duration, requests: usize) -> Stats {
    all.sort_unstable();
    let count = all.len();
    Stats {
        label: label.to_owned(),
        count,
        p50: percentile(&all, 500),
        p95: percentile(&all, 950),
        p99: percentile(&all, 990),
        max: all.last().copied().unwrap_or_default(),
        per_second: if elapsed.is_zero() { 0.0 } else { count as f64 / elapsed.as_secs_f64() },
        capped: count < requests,
    }
}

/// Nearest-rank percentile of sorted latencies; `per_mille` 990 is p99.
pub fn percentile(sorted: &[Duration], per_mille: usize) -> Duration {
    let rank = (sorted.len() * per_mille).div_ceil(1000);
    sorted.get(rank.saturating_sub(1)).copied().unwrap_or_default()
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Stats {
    pub fn line(&self) -> String {
        format!(
            "{:<40} n={:<6} p50={:>8.2} ms  p95={:>8.2} ms  p99={:>8.2} ms  max={:>8.2} ms  {:>8.1} req/s{}",
            self.label,
            self.count,
            ms(self.p50),
            ms(self.p95),
            ms(self.p99),
            ms(self.max),
            self.per_second,
            if self.capped { "  (time cap reached)" } else { "" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 500), Duration::from_millis(50));
        assert_eq!(percentile(&v, 990), Duration::from_millis(99));
        assert_eq!(percentile(&v, 1000), Duration::from_millis(100));
        assert_eq!(percentile(&[], 990), Duration::ZERO);
    }
}
