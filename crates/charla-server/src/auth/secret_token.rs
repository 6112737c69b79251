//! Opaque secrets handed to users (session cookies, API tokens, one-time links).
//!
//! A token reads `<organization id>.<random>`: the organization part keeps every lookup
//! inside one tenant's key range; only a SHA-256 of the random part is stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A new token for `org`, and the hash to store.
pub fn issue(org: Uuid) -> (String, String) {
    let secret = random_secret();
    let hash = hash(&secret);
    (format!("{}.{}", org.simple(), secret), hash)
}

/// Splits a presented token into its organization and the hash to look up.
pub fn parse(token: &str) -> Option<(Uuid, String)> {
    let (org, secret) = token.split_once('.')?;
    let org = Uuid::try_parse(org).ok()?;
    if secret.len() < 32 || secret.len() > 64 {
        return None;
    }
    Some((org, hash(secret)))
}

pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn hash(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_parse_back_to_their_org_and_hash() {
        let org = Uuid::now_v7();
        let (token, stored) = issue(org);
        assert_eq!(parse(&token), Some((org, stored)));
    }

    #[test]
    fn garbage_does_not_parse() {
        for bad in ["", "abc", "not-a-uuid.secretsecretsecretsecretsecretsecret", "0190.x"] {
            assert_eq!(parse(bad), None);
        }
    }
}
