//! Secrets at rest: channel tokens and app secrets are sealed with the server's key.

use std::path::Path;

use anyhow::{Context, anyhow};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

const NONCE_LEN: usize = 24;

#[derive(Clone)]
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(..)")
    }
}

impl SecretBox {
    /// Reads the key file, or writes a new random key there (mode 0600) on first start.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        let key = match std::fs::read_to_string(path) {
            Ok(text) => STANDARD.decode(text.trim()).context("the secret key file is not base64")?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                let key = XChaCha20Poly1305::generate_key(&mut OsRng);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                write_private(path, STANDARD.encode(key).as_bytes())?;
                key.to_vec()
            }
            Err(err) => return Err(err).context("reading the secret key file"),
        };
        if key.len() != 32 {
            return Err(anyhow!("the secret key must be 32 bytes"));
        }
        Ok(SecretBox { cipher: XChaCha20Poly1305::new(Key::from_slice(&key)) })
    }

    pub fn seal(&self, plain: &str) -> anyhow::Result<String> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self.cipher.encrypt(&nonce, plain.as_bytes()).map_err(|_| anyhow!("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(STANDARD.encode(out))
    }

    pub fn open(&self, sealed: &str) -> anyhow::Result<String> {
        let bytes = STANDARD.decode(sealed)?;
        if bytes.len() < NONCE_LEN {
            return Err(anyhow!("sealed secret too short"));
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain =
            self.cipher.decrypt(XNonce::from_slice(nonce), body).map_err(|_| anyhow!("wrong key or damaged secret"))?;
        Ok(String::from_utf8(plain)?)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_with_the_same_key_only() {
        let dir = std::env::temp_dir().join(format!("charla-key-{}", uuid::Uuid::now_v7()));
        let path = dir.join("secret.key");
        let a = SecretBox::load_or_create(&path).unwrap();
        let again = SecretBox::load_or_create(&path).unwrap();
        let sealed = a.seal("EAAG-token").unwrap();
        assert!(!sealed.contains("EAAG"));
        assert_eq!(again.open(&sealed).unwrap(), "EAAG-token");
        let other = SecretBox::load_or_create(&dir.join("other.key")).unwrap();
        assert!(other.open(&sealed).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
