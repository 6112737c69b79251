//! Argon2id password hashing, off the async threads, through a bounded gate.
//!
//! Each Argon2 run holds about 19 MiB for tens of milliseconds, so unauthenticated callers
//! could make the server hash without end (issue 12: 96 bogus resets doubled its memory).
//! `PasswordWork` lets a fixed number of runs go at once; the requests beyond wait their
//! turn in a bounded queue, and only when that queue is full is a request refused (429).

use std::sync::Arc;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use anyhow::Context;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::{AppError, AppResult};

/// Verified when the account does not exist, so a wrong email costs as long as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| password_auth::generate_hash("not a real password"));

/// How many requests may wait for an Argon2 turn before more are refused.
pub const QUEUE: usize = 256;

/// The gate every request-driven hash and verification goes through.
pub struct PasswordWork {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
    runs: AtomicU64,
}

/// Leaves the queue when the waiting request gets its turn or gives up (drops).
struct InQueue<'a>(&'a AtomicUsize);

impl Drop for InQueue<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl PasswordWork {
    /// `parallel` runs at once (at least 1), `queue` waiting.
    pub fn new(parallel: usize, queue: usize) -> Self {
        PasswordWork {
            permits: Arc::new(Semaphore::new(parallel.max(1))),
            waiting: AtomicUsize::new(0),
            queue,
            runs: AtomicU64::new(0),
        }
    }

    /// Two runs per CPU at once, `QUEUE` waiting.
    pub fn for_this_machine() -> Self {
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        PasswordWork::new(cpus.saturating_mul(2), QUEUE)
    }

    /// How many hashes and verifications have started (what tests and metrics look at).
    pub fn runs(&self) -> u64 {
        self.runs.load(Ordering::Acquire)
    }

    /// A turn to run Argon2: at once, or after waiting in the queue; 429 when it is full.
    async fn turn(&self) -> AppResult<OwnedSemaphorePermit> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(AppError::TooManyRequests { retry_after_secs: 1 });
        }
        let _in_queue = InQueue(&self.waiting);
        self.permits.clone().acquire_owned().await.map_err(|e| AppError::Internal(e.into()))
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        let permit = self.turn().await?;
        self.runs.fetch_add(1, Ordering::AcqRel);
        // The permit moves into the blocking task: a caller that goes away mid-hash does
        // not free the turn before the work is done.
        let hashed = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            password_auth::generate_hash(password)
        })
        .await
        .context("password hashing task")?;
        Ok(hashed)
    }

    /// Checks `password` against `hash`, or against a dummy hash when there is none (then
    /// always false, after the same work).
    pub async fn verify(&self, password: String, hash: Option<String>) -> AppResult<bool> {
        let permit = self.turn().await?;
        self.runs.fetch_add(1, Ordering::AcqRel);
        let ok = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let target = hash.as_deref().unwrap_or(DUMMY_HASH.as_str());
            let ok = password_auth::verify_password(password, target).is_ok();
            ok && hash.is_some()
        })
        .await
        .context("password verification task")?;
        Ok(ok)
    }
}

/// Hashes outside any request (the demo's and the command line's own passwords).
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await.context("password hashing task")
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[tokio::test]
    async fn beyond_the_bound_requests_wait_then_the_full_queue_refuses() {
        let work = PasswordWork::new(1, 1);
        let held = work.turn().await.unwrap();
        // One may wait...
        let queued = work.turn();
        tokio::pin!(queued);
        assert!(queued.as_mut().now_or_never().is_none());
        assert_eq!(work.waiting.load(Ordering::Acquire), 1);
        // ...the next is refused with a Retry-After.
        match work.turn().await {
            Err(AppError::TooManyRequests { retry_after_secs }) => assert!(retry_after_secs >= 1),
            other => panic!("expected 429, got {:?}", other.map(|_| ())),
        }
        // The waiting one runs once the turn is given back.
        drop(held);
        let next = queued.await.unwrap();
        assert_eq!(work.waiting.load(Ordering::Acquire), 0);
        drop(next);
        assert!(work.turn().await.is_ok());
    }

    #[tokio::test]
    async fn a_request_that_gives_up_leaves_the_queue() {
        let work = PasswordWork::new(1, 1);
        let _held = work.turn().await.unwrap();
        {
            let queued = work.turn();
            tokio::pin!(queued);
            assert!(queued.as_mut().now_or_never().is_none());
        }
        assert_eq!(work.waiting.load(Ordering::Acquire), 0);
    }

    #[tokio::test]
    async fn verification_is_false_without_a_hash_and_counts_its_runs() {
        let work = PasswordWork::new(2, 2);
        assert!(!work.verify("anything".to_owned(), None).await.unwrap());
        let hashed = work.hash("right".to_owned()).await.unwrap();
        assert!(work.verify("right".to_owned(), Some(hashed.clone())).await.unwrap());
        assert!(!work.verify("wrong".to_owned(), Some(hashed)).await.unwrap());
        assert_eq!(work.runs(), 4);
    }
}
