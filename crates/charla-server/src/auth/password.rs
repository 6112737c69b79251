//! Argon2id password hashing, off the async threads.

use std::sync::LazyLock;

use anyhow::Context;

/// Verified when the account does not exist, so a wrong email costs as long as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| password_auth::generate_hash("not a real password"));

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await.context("password hashing task")
}

/// Checks `password` against `hash`, or against a dummy hash when there is none.
pub async fn verify(password: String, hash: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let target = hash.as_deref().unwrap_or(DUMMY_HASH.as_str());
        let ok = password_auth::verify_password(password, target).is_ok();
        ok && hash.is_some()
    })
    .await
    .context("password verification task")
}
