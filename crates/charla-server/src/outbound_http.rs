//! The one way the server fetches a URL it was given (DESIGN §6): resolve once, refuse
//! private, loopback and link-local addresses unless the host is an allowed stand-in,
//! and connect to the address that was checked.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use anyhow::{Context, anyhow};

use crate::settings::Settings;

const TIMEOUT: Duration = Duration::from_secs(30);

fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets().first() == Some(&100) && v4.octets().get(1).is_some_and(|b| (64..128).contains(b))
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments().first().is_some_and(|s| (s & 0xfe00) == 0xfc00))
                || (v6.segments().first().is_some_and(|s| (s & 0xffc0) == 0xfe80))
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// A client that may only reach `url`'s host at an address that passed the guard.
pub async fn client_for(settings: &Settings, url: &str) -> anyhow::Result<reqwest::Client> {
    let parsed = reqwest::Url::parse(url).context("not a URL")?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(anyhow!("only http and https URLs are fetched"));
    }
    let host = parsed.host_str().ok_or_else(|| anyhow!("the URL has no host"))?.to_owned();
    let port = parsed.port_or_known_default().unwrap_or(443);
    let allowed = settings.allow_private_hosts.iter().any(|h| h == &host || *h == format!("{host}:{port}"));
    let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port)).await?.collect();
    let address = addresses
        .into_iter()
        .find(|a| allowed || !is_private(a.ip()))
        .ok_or_else(|| anyhow!("{host} resolves only to private addresses"))?;
    Ok(reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&host, address)
        .build()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_ranges_are_recognised() {
        for ip in ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.1.1", "100.64.0.1", "::1", "fd00::1"]
        {
            assert!(is_private(ip.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))), "{ip}");
        }
        for ip in ["8.8.8.8", "157.240.1.35", "2a03:2880::1"] {
            assert!(!is_private(ip.parse().unwrap_or(IpAddr::from([127, 0, 0, 1]))), "{ip}");
        }
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        // The binary installs the crypto provider at start; a unit test does it itself.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut settings = Settings::for_data_dir(std::env::temp_dir());
        assert!(client_for(&settings, "http://127.0.0.1:9/x").await.is_err());
        assert!(client_for(&settings, "file:///etc/passwd").await.is_err());
        settings.allow_private_hosts = vec!["127.0.0.1".to_owned()];
        assert!(client_for(&settings, "http://127.0.0.1:9/x").await.is_ok());
    }
}
