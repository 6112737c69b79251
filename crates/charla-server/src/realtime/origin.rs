//! Which browser pages may open the realtime socket with the user's cookie: this server's
//! own (its public URL, its listen address, or the host the request was sent to). A page
//! elsewhere gets 403, so another site cannot read a logged-in user's events.

use std::net::SocketAddr;

/// `scheme://host[:port]` of a URL, lowercased, without a default port.
fn origin_of(url: &str) -> Option<(String, String)> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let default = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = authority.strip_suffix(default).unwrap_or(&authority).to_owned();
    Some((scheme, authority))
}

/// Whether a browser's `Origin` is this server's own page.
pub fn origin_allowed(origin: &str, public_base: &str, listen: SocketAddr, host: Option<&str>) -> bool {
    let Some((scheme, authority)) = origin_of(origin) else {
        return false;
    };
    if origin_of(public_base).is_some_and(|own| own == (scheme.clone(), authority.clone())) {
        return true;
    }
    if scheme == "http" && origin_of(&format!("http://{listen}")).is_some_and(|(_, a)| a == authority) {
        return true;
    }
    // Same origin as the request: the page was served by this server under that name.
    let same_scheme = if public_base.starts_with("https://") { scheme == "https" } else { scheme == "http" };
    host.and_then(|h| origin_of(&format!("{scheme}://{h}"))).is_some_and(|(_, a)| a == authority) && same_scheme
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listen() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 8080))
    }

    #[test]
    fn own_pages_are_allowed() {
        assert!(origin_allowed("https://chat.example", "https://chat.example/", listen(), None));
        assert!(origin_allowed("https://CHAT.example:443", "https://chat.example", listen(), None));
        assert!(origin_allowed("http://127.0.0.1:8080", "https://chat.example", listen(), None));
        assert!(origin_allowed("http://localhost:8080", "http://127.0.0.1:8080", listen(), Some("localhost:8080")));
    }

    #[test]
    fn foreign_pages_are_refused() {
        assert!(!origin_allowed("https://evil.example", "https://chat.example", listen(), Some("chat.example")));
        assert!(!origin_allowed("https://chat.example.evil", "https://chat.example", listen(), None));
        assert!(!origin_allowed("http://chat.example", "https://chat.example", listen(), None));
        assert!(!origin_allowed("null", "https://chat.example", listen(), None));
        assert!(!origin_allowed("", "https://chat.example", listen(), None));
    }
}
