//! HMAC-SHA256 webhook signatures, checked on the exact bytes received.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of `body` under `secret`.
/// The comparison takes constant time.
pub fn verify_sha256(secret: &[u8], body: &[u8], header: &str) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Some(expected) = decode_hex(hex) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

/// Whether a secret someone sent equals the one kept, comparing every byte whatever
/// differs (no early exit that would time out the secret byte by byte). An empty kept
/// secret matches nothing.
pub fn same_secret(sent: &str, kept: &str) -> bool {
    let (a, b) = (sent.as_bytes(), kept.as_bytes());
    !b.is_empty() && a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `sha256=<hex>` of `body` under `secret`: what a network (or a test stand-in) sends.
pub fn sign_sha256(secret: &[u8], body: &[u8]) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| text.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("charla-verify-7f3a", "charla-verify-7f3a"));
        for sent in ["charla-verify-7f3b", "charla-verify-7f3", "charla-verify-7f3aa", "", "CHARLA-VERIFY-7F3A"] {
            assert!(!same_secret(sent, "charla-verify-7f3a"), "{sent}");
        }
        assert!(!same_secret("", ""), "an empty secret matches nothing");
    }

    #[test]
    fn a_signature_verifies_only_for_its_bytes_and_secret() {
        let body = br#"{"hello":"mundo"}"#;
        let header = sign_sha256(b"secret", body);
        assert!(verify_sha256(b"secret", body, &header));
        assert!(!verify_sha256(b"other", body, &header));
        assert!(!verify_sha256(b"secret", br#"{"hello":"mundo!"}"#, &header));
        assert!(!verify_sha256(b"secret", body, "sha256=zz"));
        assert!(!verify_sha256(b"secret", body, "md5=00"));
        assert!(!verify_sha256(b"secret", body, ""));
    }
}
