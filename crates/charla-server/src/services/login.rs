//! Checking an email and password, behind the login guard.
//!
//! Every address anyone types counts its failures in `login_guard`, keyed by a hash of the
//! normalized address, whether an account holds it or not: a stranger sees the same 401s
//! and, after the same number of failures, the same 423 for a real account and for an
//! unknown address, so the answers do not tell which accounts exist. The count changes in
//! one statement, so parallel wrong passwords lock the address exactly as sequential ones.

use charla_db::repo::{login_guard, users};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::AppState;

/// The login guard's key for a normalized email address: its SHA-256 in hex.
pub fn email_key(normalized_email: &str) -> String {
    let digest = Sha256::digest(normalized_email.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks `password` for the (normalized) `email`; on success the account's organization
/// and id. A locked address answers 423 `account_locked` to every attempt, the right
/// password included, before any Argon2 work; a failure answers 401 `invalid_credentials`,
/// or 423 when it is the one that locks.
pub async fn check_password(state: &AppState, email: &str, password: String) -> AppResult<(Uuid, Uuid)> {
    let key = email_key(email);
    if let Some(until) = login_guard::locked_until(&state.db, &key, state.clock.now()).await? {
        return Err(AppError::AccountLocked { until });
    }
    let account = users::credentials_by_email(&state.db, email).await?.filter(|a| a.active);
    // Unknown, inactive and invited-but-unset accounts verify against a dummy hash: the
    // same work and the same answer as a wrong password.
    let hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let verified = state.password_work.verify(password, hash).await?;
    let now = state.clock.now();
    match account {
        Some(account) if verified => match login_guard::record_success(&state.db, &key, now).await? {
            // Parallel failures locked the address while this one was verified.
            Some(until) => Err(AppError::AccountLocked { until }),
            None => Ok((account.organization_id, account.id)),
        },
        _ => {
            let policy = state.lockout_policy();
            let guard =
                login_guard::record_failure(&state.db, &key, policy.max_failures, now, policy.lock_until(now)).await?;
            match guard.locked_until.map(|t| t.0).filter(|until| *until > now) {
                Some(until) => Err(AppError::AccountLocked { until }),
                None => Err(ErrorCode::InvalidCredentials.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_a_hex_sha256_of_the_address() {
        let key = email_key("ana@acme.test");
        assert_eq!(key.len(), 64);
        assert_eq!(key, email_key("ana@acme.test"));
        assert_ne!(key, email_key("ana@acme.tes"));
        assert!(!key.contains("ana"));
    }
}
