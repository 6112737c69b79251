//! An inbound attachment of Messenger or Instagram: the webhook names a CDN URL that
//! expires within hours, so the fetch job downloads it at once. The URL comes from the
//! network, yet it is fetched only from Meta's CDNs (or the host of the channel's own API
//! base, where a stand-in serves it), never with the page's token, and through the
//! address guard like every fetch.

use anyhow::{Context, bail};
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use serde_json::Value;

use super::MetaInbox;
use crate::outbound_http::{client_for, ensure_success, read_capped, send};
use crate::state::AppState;

/// The largest attachment the Messenger Platform carries: 25 MB.
const LIMIT: usize = 25 * 1024 * 1024;

/// The domains Meta serves attachments from.
const META_CDNS: [&str; 4] = ["fbcdn.net", "fbsbx.com", "cdninstagram.com", "facebook.com"];

pub async fn fetch(
    state: &AppState,
    channel: &ChannelRow,
    message: &MessageRow,
) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let url = message.payload.0.pointer("/media/url").and_then(Value::as_str).context("the attachment has no URL")?;
    if !may_fetch(url, MetaInbox::base_of(channel)) {
        bail!("the attachment's URL is not on Meta's CDN");
    }
    let response = ensure_success(send(client_for(&state.settings, url).await?.get(url)).await?)?;
    let mime = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_owned())
        .filter(|v| !v.is_empty());
    Ok((read_capped(response, LIMIT).await?, mime))
}

/// Whether an attachment URL is one to fetch: https on a Meta CDN, or on the very host
/// (and port) of the channel's API base.
fn may_fetch(url: &str, api_base: &str) -> bool {
    let (Ok(url), Ok(base)) = (reqwest::Url::parse(url), reqwest::Url::parse(api_base)) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let on_cdn =
        url.scheme() == "https" && META_CDNS.iter().any(|cdn| host == *cdn || host.ends_with(&format!(".{cdn}")));
    let on_api = url.scheme() == base.scheme() && url.host_str() == base.host_str() && url.port() == base.port();
    on_cdn || on_api
}

#[cfg(test)]
mod tests {
    use super::may_fetch;

    #[test]
    fn only_meta_cdns_or_the_api_host() {
        let base = "https://graph.facebook.com/v24.0";
        for url in [
            "https://scontent.xx.fbcdn.net/v/t1.15752-9/471234567_n.jpg?oe=67A0B0C0",
            "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1&signature=A",
            "https://graph.facebook.com/v24.0/x",
        ] {
            assert!(may_fetch(url, base), "{url}");
        }
        for url in [
            "http://scontent.xx.fbcdn.net/a.jpg",
            "https://fbcdn.net.evil.example/a.jpg",
            "https://evilfbcdn.net/a.jpg",
            "https://169.254.169.254/latest",
            "file:///etc/passwd",
            "not a url",
        ] {
            assert!(!may_fetch(url, base), "{url}");
        }
        assert!(may_fetch("http://127.0.0.1:4000/media/1", "http://127.0.0.1:4000/v24.0"));
        assert!(!may_fetch("http://127.0.0.1:4001/media/1", "http://127.0.0.1:4000/v24.0"));
    }
}
