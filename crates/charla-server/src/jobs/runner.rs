//! The job runner: claims due jobs under a lease, runs them, retries with back-off.

use std::time::Duration;

use charla_db::repo::jobs;
use jiff::SignedDuration;

use super::kinds::{self, JobError};
use crate::state::AppState;

/// How long a claimed job is ours; past it, another node may take it (we died).
pub const LEASE: SignedDuration = SignedDuration::from_secs(300);
const BATCH: i64 = 16;
const IDLE_POLL: Duration = Duration::from_millis(500);

/// The delay before attempt `attempts + 1`: 2^attempts seconds, at most an hour.
pub fn backoff(attempts: i64) -> SignedDuration {
    let exp = u32::try_from(attempts.clamp(0, 12)).unwrap_or(12);
    SignedDuration::from_secs(2i64.pow(exp).min(3600))
}

/// Runs forever: the node's background worker.
pub async fn run_forever(state: AppState) {
    loop {
        match run_due(&state).await {
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
}

/// Claims and runs one batch of due jobs; returns how many ran.
pub async fn run_due(state: &AppState) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let claimed = jobs::claim(&state.db, now, now.plus(LEASE), BATCH).await?;
    let count = claimed.len();
    for job in claimed {
        let outcome = kinds::run(state, &job).await;
        let now = state.clock.now();
        metrics::counter!("charla_jobs_total", "kind" => job.kind.clone(), "outcome" => outcome_label(&outcome))
            .increment(1);
        match outcome {
            Ok(()) => jobs::complete(&state.db, job.organization_id, job.id, job.attempts).await?,
            Err(JobError::Defer { until, reason }) => {
                tracing::debug!(kind = %job.kind, id = %job.id, %until, reason, "job deferred");
                jobs::defer(&state.db, job.organization_id, job.id, job.attempts, until, &reason, now).await?;
            }
            Err(JobError::Retry(e)) if job.attempts < job.max_attempts => {
                let message = format!("{e:#}");
                tracing::warn!(kind = %job.kind, id = %job.id, attempts = job.attempts, error = %message, "job failed");
                let retry_at = Some(now.plus(backoff(job.attempts)));
                jobs::fail(&state.db, job.organization_id, job.id, job.attempts, &message, retry_at, now).await?;
            }
            Err(JobError::Retry(e) | JobError::Permanent(e)) => {
                let message = format!("{e:#}");
                tracing::warn!(kind = %job.kind, id = %job.id, attempts = job.attempts, error = %message, "job failed");
                jobs::fail(&state.db, job.organization_id, job.id, job.attempts, &message, None, now).await?;
            }
        }
    }
    Ok(count)
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
