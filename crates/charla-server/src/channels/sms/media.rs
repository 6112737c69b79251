//! An MMS's media: Twilio's webhook names each by a URL on its REST API
//! (`/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}`), read with
//! the account's credentials (HTTP Basic) when the account protects its media, which then
//! redirects to a short-lived CDN URL. Only the path is taken from the webhook, and only
//! when it is this account's: it is read at the channel's API base, so a webhook can never
//! make Charla fetch another host with the credentials. The redirect is followed once,
//! without credentials, through the address guard like every fetch.

use anyhow::{Context, bail};
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use serde_json::Value;

use super::{account_of, base_of};
use crate::outbound_http::{client_for, ensure_success, read_capped, send};
use crate::services::channels::secrets_of;
use crate::state::AppState;

/// The largest media Twilio carries in an MMS: 5 MB.
const LIMIT: usize = 5 * 1024 * 1024;

pub async fn fetch(
    state: &AppState,
    channel: &ChannelRow,
    message: &MessageRow,
    media_id: &str,
) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let url = url_of(&message.payload.0, media_id).context("the message names no such media")?;
    let path = api_path(url, account_of(channel), media_id).context("the media URL is not this account's")?;
    let token = secrets_of(state, channel)?.access_token.unwrap_or_default();
    let at = format!("{}{path}", base_of(channel).trim_end_matches('/'));
    let request = client_for(&state.settings, &at).await?.get(&at).basic_auth(account_of(channel), Some(&token));
    let mut response = send(request).await?;
    if response.status().is_redirection() {
        let location =
            response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).context("a redirect without a location")?;
        let next = reqwest::Url::parse(&at)?.join(location)?.to_string();
        if !next.starts_with("https://") && !next.starts_with(base_of(channel)) {
            bail!("the media redirects to a URL that is not https");
        }
        response = send(client_for(&state.settings, &next).await?.get(&next)).await?;
    }
    let response = ensure_success(response)?;
    let mime = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_owned())
        .filter(|v| !v.is_empty());
    Ok((read_capped(response, LIMIT).await?, mime))
}

/// The URL the message's payload gives for this media (its first, or one of the rest).
fn url_of<'a>(payload: &'a Value, media_id: &str) -> Option<&'a str> {
    let first = payload.get("media").into_iter();
    let rest = payload.get("more_media").and_then(Value::as_array).into_iter().flatten();
    first
        .chain(rest)
        .find(|m| m.get("id").and_then(Value::as_str) == Some(media_id))
        .and_then(|m| m.get("url"))
        .and_then(Value::as_str)
}

/// The API path of a media URL when it is this account's media of that id.
fn api_path(url: &str, account: &str, media_id: &str) -> Option<String> {
    let url = reqwest::Url::parse(url).ok()?;
    let segments: Vec<&str> = url.path_segments()?.collect();
    let well_formed = matches!(
        segments.as_slice(),
        ["2010-04-01", "Accounts", a, "Messages", m, "Media", id]
            if *a == account && charla_channels::twilio::is_sid(m) && *id == media_id
    );
    well_formed.then(|| url.path().to_owned())
}

#[cfg(test)]
mod tests {
    use super::api_path;

    const ACCOUNT: &str = "AC3f2a1b4c5d6e7f8091a2b3c4d5e6f708";
    const MEDIA: &str = "ME1a2b3c4d5e6f708192a3b4c5d6e7f809";

    #[test]
    fn only_this_accounts_media_paths() {
        let url = format!(
            "https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d/Media/{MEDIA}"
        );
        assert_eq!(api_path(&url, ACCOUNT, MEDIA).as_deref(), url.strip_prefix("https://api.twilio.com"));
        // The host never matters: only the path is read, at the channel's own API base.
        assert!(api_path(&url.replace("api.twilio.com", "169.254.169.254"), ACCOUNT, MEDIA).is_some());
        assert!(api_path(&url, "AC00000000000000000000000000000000", MEDIA).is_none(), "another account");
        assert!(api_path(&url, ACCOUNT, "ME9f8e7d6c5b4a39281706f5e4d3c2b1a0").is_none(), "another media");
        assert!(api_path(&format!("{url}/../../x"), ACCOUNT, MEDIA).is_none());
        assert!(api_path("https://evil.example/steal", ACCOUNT, MEDIA).is_none());
        assert!(api_path("not a url", ACCOUNT, MEDIA).is_none());
    }
}
