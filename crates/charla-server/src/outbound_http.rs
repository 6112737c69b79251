//! The one way the server fetches a URL it was given (design.md §6): resolve once, refuse
//! private, loopback and link-local addresses unless the host is an allowed stand-in,
//! and connect to the address that was checked.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use anyhow::{Context, anyhow};

use crate::settings::Settings;

const TIMEOUT: Duration = Duration::from_secs(30);

/// Addresses the server never fetches from: private, shared, loopback, link-local,
/// benchmarking, IETF protocol, multicast, reserved and broadcast ranges, and IPv6 forms
/// that carry such an IPv4 address (mapped, compatible, NAT64).
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                // 0.0.0.0/8 ("this network")
                || a == 0
                // 100.64.0.0/10 (shared address space, carrier-grade NAT)
                || a == 100 && (64..128).contains(&b)
                // 192.0.0.0/24 (IETF protocol assignments)
                || a == 192 && b == 0 && c == 0
                // 198.18.0.0/15 (benchmarking)
                || a == 198 && (b == 18 || b == 19)
                // 240.0.0.0/4 (reserved)
                || a >= 240
        }
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            let first = segments.first().copied().unwrap_or_default();
            let embedded = |s: &[u16]| match s {
                [.., hi, lo] => Some(std::net::Ipv4Addr::from((u32::from(*hi) << 16) | u32::from(*lo))),
                _ => None,
            };
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
                // IPv4-compatible (::a.b.c.d, deprecated): the embedded address decides.
                || (segments.iter().take(6).all(|s| *s == 0)
                    && embedded(&segments).is_some_and(|v4| is_private(IpAddr::V4(v4))))
                // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address.
                || (segments.get(..6) == Some(&[0x64, 0xff9b, 0, 0, 0, 0])
                    && embedded(&segments).is_some_and(|v4| is_private(IpAddr::V4(v4))))
                // Local-use NAT64 (64:ff9b:1::/48) translates into a private network.
                || segments.get(..3) == Some(&[0x64, 0xff9b, 1])
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
        // A proxy from the environment would connect instead of the checked address.
        .no_proxy()
        .resolve(&host, address)
        .build()?)
}

/// Sends a request. The error never carries the URL: a Telegram bot token travels in the
/// path, and reqwest's error text prints the URL it failed on.
pub async fn send(request: reqwest::RequestBuilder) -> anyhow::Result<reqwest::Response> {
    request.send().await.map_err(|e| anyhow!("{}", describe(e)))
}

/// A reqwest error as text, naming only the scheme and host of its URL.
pub fn describe(err: reqwest::Error) -> String {
    let place = err.url().map(|url| scrub(url.as_str()));
    let err = err.without_url();
    let mut text = err.to_string();
    if let Some(place) = place {
        text.push_str(&format!(" ({place})"));
    }
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    scrub(&text)
}

/// The status as an error when it is not a success (without the URL, unlike reqwest's).
pub fn ensure_success(response: reqwest::Response) -> anyhow::Result<reqwest::Response> {
    let status = response.status();
    if status.is_success() { Ok(response) } else { Err(anyhow!("the server answered {status}")) }
}

/// Why a body was not read whole.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("the file is larger than the {limit} bytes allowed")]
    TooLarge { limit: usize },
    #[error("reading the answer failed: {0}")]
    Read(String),
}

/// Reads a body as it streams in and stops at `limit` bytes: a larger one (announced or
/// not) is never buffered whole.
pub async fn read_capped(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge { limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| BodyError::Read(describe(e)))? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The most a JSON answer of a network's API may weigh.
pub const JSON_LIMIT: usize = 4 * 1024 * 1024;

/// A JSON answer, read up to `JSON_LIMIT`; `Null` when it is not JSON.
pub async fn read_json(response: reqwest::Response) -> anyhow::Result<serde_json::Value> {
    let bytes = read_capped(response, JSON_LIMIT).await?;
    Ok(serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

/// Text about an outbound call with every URL cut to its scheme and host (no user, password,
/// path or query) and anything shaped like a Telegram bot token masked: what errors are
/// stored and logged as. Job errors pass through it before they are recorded.
pub fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let scheme_start =
            rest[..at].rfind(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c))).map_or(0, |i| i + 1);
        out.push_str(&rest[..scheme_start]);
        let scheme = &rest[scheme_start..at];
        let after = &rest[at + 3..];
        let end = after.find(|c: char| c.is_whitespace() || "\"'<>()[]{}`,".contains(c)).unwrap_or(after.len());
        let url = &after[..end];
        let authority = url.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        out.push_str(scheme);
        out.push_str("://");
        out.push_str(host);
        if url.len() > authority.len() {
            out.push_str("/…");
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    mask_bot_tokens(&out)
}

/// `123456789:AA…` (a bot id, a colon, 30 or more token characters) → `[redacted]`.
fn mask_bot_tokens(text: &str) -> String {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(colon) = rest.find(':') {
        let digits = rest[..colon].chars().rev().take_while(char::is_ascii_digit).count();
        let tail = rest[colon + 1..].find(|c: char| !is_token_char(c)).unwrap_or(rest.len() - colon - 1);
        if digits >= 5 && tail >= 30 {
            out.push_str(&rest[..colon - digits]);
            out.push_str("[redacted]");
            rest = &rest[colon + 1 + tail..];
        } else {
            out.push_str(&rest[..=colon]);
            rest = &rest[colon + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|_| panic!("{text} is not an address"))
    }

    #[test]
    fn private_ranges_are_recognised() {
        for ip_text in
            ["127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.1.1", "100.64.0.1", "::1", "fd00::1"]
        {
            assert!(is_private(ip(ip_text)), "{ip_text}");
        }
        for ip_text in ["8.8.8.8", "157.240.1.35", "2a03:2880::1", "149.154.167.220", "64:ff9b::808:808"] {
            assert!(!is_private(ip(ip_text)), "{ip_text}");
        }
    }

    #[test]
    fn each_refused_range_is_refused_at_its_edges() {
        let refused = [
            ("0.0.0.0/8", ["0.0.0.0", "0.255.255.255"]),
            ("198.18.0.0/15 benchmarking", ["198.18.0.0", "198.19.255.255"]),
            ("192.0.0.0/24 IETF", ["192.0.0.0", "192.0.0.255"]),
            ("224.0.0.0/4 multicast", ["224.0.0.1", "239.255.255.255"]),
            ("240.0.0.0/4 reserved", ["240.0.0.0", "255.255.255.254"]),
            ("broadcast", ["255.255.255.255", "255.255.255.255"]),
            ("100.64.0.0/10 shared", ["100.64.0.0", "100.127.255.255"]),
            ("IPv4-mapped private", ["::ffff:10.0.0.1", "::ffff:198.18.0.1"]),
            ("IPv4-compatible private", ["::127.0.0.1", "::169.254.169.254"]),
            ("NAT64 private", ["64:ff9b::a00:1", "64:ff9b::7f00:1"]),
            ("local-use NAT64", ["64:ff9b:1::1", "64:ff9b:1:ffff::1"]),
            ("IPv6 multicast", ["ff02::1", "ff0e::1"]),
            ("IPv6 link-local", ["fe80::1", "febf::1"]),
        ];
        for (range, edges) in refused {
            for edge in edges {
                assert!(is_private(ip(edge)), "{range}: {edge} should be refused");
            }
        }
        let allowed = ["198.17.255.255", "198.20.0.0", "192.0.1.0", "223.255.255.255", "100.63.255.255", "100.128.0.0"];
        for edge in allowed {
            assert!(!is_private(ip(edge)), "{edge} is public");
        }
        for public in ["::ffff:8.8.8.8", "64:ff9b::95.154.167.220"] {
            assert!(!is_private(ip(public)), "{public} embeds a public address");
        }
    }

    #[test]
    fn scrubbed_errors_keep_the_host_and_lose_secrets() {
        let token = "7012345678:AAFakeTokenForTests_0123456789abcdef";
        let reqwest_like =
            format!("error sending request for url (http://127.0.0.1:9/bot{token}/sendMessage): connection refused");
        let scrubbed = scrub(&reqwest_like);
        assert!(!scrubbed.contains("AAFake"), "{scrubbed}");
        assert!(scrubbed.contains("http://127.0.0.1:9/…"), "{scrubbed}");
        assert!(scrubbed.contains("connection refused"));
        let smtp = scrub("connecting to smtps://mailer:s3cr3t@mail.example:465 failed");
        assert_eq!(smtp, "connecting to smtps://mail.example:465 failed");
        let query = scrub("GET https://graph.example/v24.0/123?access_token=EAAB123 failed");
        assert!(!query.contains("EAAB123"), "{query}");
        // A bare bot token, outside any URL.
        assert_eq!(scrub(&format!("token {token} refused")), "token [redacted] refused");
        // Ordinary text keeps its colons.
        assert_eq!(
            scrub("sendMessage answered 400: chat not found at 12:30"),
            "sendMessage answered 400: chat not found at 12:30"
        );
    }

    #[tokio::test]
    async fn a_failed_call_names_no_url() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut settings = Settings::for_data_dir(std::env::temp_dir());
        settings.allow_private_hosts = vec!["127.0.0.1".to_owned()];
        let url = "http://127.0.0.1:9/bot7012345678:AAFakeTokenForTests_0123456789abcdef/getMe";
        let client = client_for(&settings, url).await.unwrap_or_else(|e| panic!("{e}"));
        let err = send(client.get(url)).await.err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(!err.is_empty());
        assert!(!err.contains("AAFake"), "{err}");
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
