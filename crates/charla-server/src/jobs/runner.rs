//! The job runner: claims due jobs under a lease, runs them, retries with back-off.
//!
//! A lease is short (`LEASE`) and the node renews it for every job it holds while it lives
//! (`HEARTBEAT`): a long job keeps its claim, and the jobs of a node that died come back to
//! the others within a lease.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use charla_db::repo::jobs::{self, JobRow};
use jiff::SignedDuration;
use uuid::Uuid;

use super::kinds::{self, JobError};
use crate::state::AppState;

/// How long a claim lasts unless renewed; past it, another node may take the job (its
/// node died).
pub const LEASE: SignedDuration = SignedDuration::from_secs(30);
/// How often a live node renews the leases of the jobs it holds: a few beats fit in a
/// lease, so one slow or missed beat does not lose a claim.
pub const HEARTBEAT: Duration = Duration::from_secs(10);
const BATCH: i64 = 16;
const IDLE_POLL: Duration = Duration::from_millis(500);

/// The delay before attempt `attempts + 1`: 2^attempts seconds, at most an hour.
pub fn backoff(attempts: i64) -> SignedDuration {
    let exp = u32::try_from(attempts.clamp(0, 12)).unwrap_or(12);
    SignedDuration::from_secs(2i64.pow(exp).min(3600))
}

/// The jobs this node has claimed and not yet settled, (organization, id) → the attempt it
/// claimed: what its heartbeat renews.
#[derive(Default)]
pub struct Held(Mutex<HashMap<(Uuid, Uuid), i64>>);

impl Held {
    fn hold(&self, job: &JobRow) {
        if let Ok(mut held) = self.0.lock() {
            held.insert((job.organization_id, job.id), job.attempts);
        }
    }

    /// Lets go of the job, if it is still held at that attempt.
    fn release(&self, org: Uuid, id: Uuid, attempts: i64) {
        if let Ok(mut held) = self.0.lock()
            && held.get(&(org, id)) == Some(&attempts)
        {
            held.remove(&(org, id));
        }
    }

    fn holds(&self, org: Uuid, id: Uuid, attempts: i64) -> bool {
        self.0.lock().is_ok_and(|held| held.get(&(org, id)) == Some(&attempts))
    }

    fn snapshot(&self) -> Vec<(Uuid, Uuid, i64)> {
        self.0.lock().map(|held| held.iter().map(|(&(org, id), &n)| (org, id, n)).collect()).unwrap_or_default()
    }
}

/// A claimed batch: held while it runs, each job let go as it settles, and whatever is
/// left let go when the batch ends however it ends.
struct Holding<'a> {
    held: &'a Held,
    jobs: Vec<(Uuid, Uuid, i64)>,
}

impl<'a> Holding<'a> {
    fn new(held: &'a Held, claimed: &[JobRow]) -> Self {
        for job in claimed {
            held.hold(job);
        }
        Holding { held, jobs: claimed.iter().map(|j| (j.organization_id, j.id, j.attempts)).collect() }
    }
}

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        for &(org, id, attempts) in &self.jobs {
            self.held.release(org, id, attempts);
        }
    }
}

/// One heartbeat: renews the lease of every job this node holds; returns how many.
pub async fn renew_leases(state: &AppState) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let mut renewed = 0;
    for (org, id, attempts) in state.held_jobs.snapshot() {
        if jobs::renew(&state.db, org, id, attempts, now.plus(LEASE), now).await? {
            renewed += 1;
        } else if state.held_jobs.holds(org, id, attempts) {
            // Not settled by us, yet no longer ours: the lease lapsed and another node has it.
            tracing::warn!(%id, "a running job's lease was lost before it could be renewed");
            state.held_jobs.release(org, id, attempts);
        }
    }
    Ok(renewed)
}

async fn heartbeat_forever(state: AppState) {
    let mut beat = tokio::time::interval(HEARTBEAT);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        beat.tick().await;
        if let Err(err) = renew_leases(&state).await {
            tracing::warn!(error = ?err, "job runner could not renew its leases");
        }
    }
}

/// The node's background worker, while `running()`: once it answers false (the node is
/// stopping) the job in hand finishes and the rest of its batch is handed back.
pub async fn run_while(state: AppState, running: impl Fn() -> bool) {
    let heartbeat = tokio::spawn(heartbeat_forever(state.clone()));
    while running() {
        match run_due_while(&state, &running).await {
            Ok(0) => {
                let _ = tokio::time::timeout(IDLE_POLL, state.jobs_wake.notified()).await;
            }
            Ok(_) => {}
            Err(err) => {
                tracing::warn!(error = ?err, "job runner could not claim jobs");
                tokio::time::sleep(IDLE_POLL).await;
            }
        }
    }
    heartbeat.abort();
}

/// Claims and runs one batch of due jobs; returns how many were claimed.
pub async fn run_due(state: &AppState) -> anyhow::Result<usize> {
    run_due_while(state, &|| true).await
}

/// `run_due`, handing back the jobs not yet started once `running()` answers false.
pub async fn run_due_while(state: &AppState, running: &impl Fn() -> bool) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let claimed = jobs::claim(&state.db, now, now.plus(LEASE), BATCH).await?;
    let count = claimed.len();
    let _holding = Holding::new(&state.held_jobs, &claimed);
    let mut claimed = claimed.into_iter();
    while let Some(job) = claimed.next() {
        if !running() {
            hand_back(state, std::iter::once(job).chain(claimed)).await;
            break;
        }
        let outcome = kinds::run(state, &job).await;
        // Settled below: no longer renewed (its lease ends with it).
        state.held_jobs.release(job.organization_id, job.id, job.attempts);
        let now = state.clock.now();
        metrics::counter!("charla_jobs_total", "kind" => job.kind.clone(), "outcome" => outcome_label(&outcome))
            .increment(1);
        let settled = match outcome {
            Ok(()) => jobs::complete(&state.db, job.organization_id, job.id, job.attempts).await,
            Err(JobError::Defer { until, reason }) => {
                let reason = crate::outbound_http::scrub(&reason);
                tracing::debug!(kind = %job.kind, id = %job.id, %until, reason, "job deferred");
                jobs::defer(&state.db, job.organization_id, job.id, job.attempts, until, &reason, now).await
            }
            Err(JobError::Retry(e)) if job.attempts < job.max_attempts => {
                let message = error_text(&e);
                tracing::warn!(kind = %job.kind, id = %job.id, attempts = job.attempts, error = %message, "job failed");
                let retry_at = Some(now.plus(backoff(job.attempts)));
                jobs::fail(&state.db, job.organization_id, job.id, job.attempts, &message, retry_at, now).await
            }
            Err(JobError::Retry(e) | JobError::Permanent(e)) => {
                let message = error_text(&e);
                tracing::warn!(kind = %job.kind, id = %job.id, attempts = job.attempts, error = %message, "job failed");
                jobs::fail(&state.db, job.organization_id, job.id, job.attempts, &message, None, now).await
            }
        };
        // The rest of the batch still runs: this one job comes back when its lease lapses
        // (jobs are idempotent), instead of the whole batch waiting for theirs.
        if let Err(err) = settled {
            tracing::warn!(kind = %job.kind, id = %job.id, error = ?err, "job outcome not recorded");
        }
    }
    Ok(count)
}

/// Gives claimed jobs back to the other nodes (best effort: a job not given back returns
/// when its lease lapses, as if this node had died).
async fn hand_back(state: &AppState, jobs: impl Iterator<Item = JobRow>) {
    let now = state.clock.now();
    for job in jobs {
        state.held_jobs.release(job.organization_id, job.id, job.attempts);
        if let Err(err) = jobs::hand_back(&state.db, job.organization_id, job.id, job.attempts, now).await {
            tracing::warn!(kind = %job.kind, id = %job.id, error = ?err, "job not handed back; its lease will lapse");
        }
    }
}

/// A job's error as it is stored (`jobs.last_error`, which `GET /api/v1/jobs` shows) and
/// logged: every job's failure passes here, so no URL's secret (a Telegram bot token in
/// the path, an SMTP password) is ever written down.
fn error_text(err: &anyhow::Error) -> String {
    crate::outbound_http::scrub(&format!("{err:#}"))
}

fn outcome_label(outcome: &Result<(), JobError>) -> &'static str {
    match outcome {
        Ok(()) => "done",
        Err(JobError::Retry(_)) => "retry",
        Err(JobError::Permanent(_)) => "failed",
        Err(JobError::Defer { .. }) => "deferred",
    }
}

/// Runs due jobs until none is left due at the current clock (tests drain work with it).
pub async fn run_pending(state: &AppState) -> anyhow::Result<usize> {
    let mut total = 0;
    loop {
        let ran = run_due(state).await?;
        if ran == 0 {
            return Ok(total);
        }
        total += ran;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps_at_an_hour() {
        assert_eq!(backoff(0), SignedDuration::from_secs(1));
        assert_eq!(backoff(1), SignedDuration::from_secs(2));
        assert_eq!(backoff(5), SignedDuration::from_secs(32));
        assert_eq!(backoff(30), SignedDuration::from_secs(3600));
    }
}
