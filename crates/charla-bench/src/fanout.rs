//! Posts a list of webhooks through a fixed number of connections, once each, and tallies
//! the answers (for the correctness benches: every answer counts, none fails the run).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::whatsapp::{Signed, Webhooks};

#[derive(Debug, Default)]
pub struct Tally {
    pub ok: usize,
    /// Answers other than 200, by status code.
    pub refused: BTreeMap<u16, usize>,
    /// Requests that got no answer at all.
    pub unanswered: usize,
    pub elapsed: Duration,
}

impl Tally {
    pub fn line(&self) -> String {
        let per_second = self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9);
        format!(
            "{} answered 200, other answers {:?}, no answer {} ({:.1} s, {per_second:.0}/s)",
            self.ok,
            self.refused,
            self.unanswered,
            self.elapsed.as_secs_f64()
        )
    }

    fn add(&mut self, other: Tally) {
        self.ok += other.ok;
        self.unanswered += other.unanswered;
        for (status, n) in other.refused {
            *self.refused.entry(status).or_default() += n;
        }
    }
}

pub async fn post_all(webhooks: &Webhooks, items: Arc<Vec<Signed>>, connections: usize) -> Tally {
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..connections.max(1) {
        let (webhooks, items, next) = (webhooks.clone(), items.clone(), next.clone());
        set.spawn(async move {
            let mut tally = Tally::default();
            while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
                match webhooks.post(item).await {
                    Ok(status) if status == reqwest::StatusCode::OK => tally.ok += 1,
                    Ok(status) => *tally.refused.entry(status.as_u16()).or_default() += 1,
                    Err(_) => tally.unanswered += 1,
                }
            }
            tally
        });
    }
    let mut total = Tally::default();
    while let Some(done) = set.join_next().await {
        match done {
            Ok(tally) => total.add(tally),
            // A worker that panicked: its remaining requests count as unanswered.
            Err(_) => total.unanswered += 1,
        }
    }
    total.elapsed = started.elapsed();
    total
}
