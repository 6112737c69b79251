//! Helpers for the hostile suite's socket tests.

use std::time::Duration;

use serde_json::Value;

use crate::desk::{Socket, next_event};

/// Every event up to (and including) the first that `until` matches.
pub async fn events_until(socket: &mut Socket, until: impl Fn(&Value) -> bool) -> anyhow::Result<Vec<Value>> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::time::Instant::now() < deadline {
        if let Some(event) = next_event(socket, Duration::from_secs(5)).await? {
            let done = until(&event);
            seen.push(event);
            if done {
                return Ok(seen);
            }
        }
    }
    anyhow::bail!("the awaited event never came; saw {seen:?}")
}
