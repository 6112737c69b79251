//! SMS and MMS through Twilio (CH-5): a Twilio number. Twilio posts incoming messages to the
//! channel's webhook URL and each send's statuses to the `StatusCallback` URL the send
//! carries (`webhook`), both signed with the account's auth token over the public URL;
//! an MMS's media is read from Twilio's API with the account's credentials (`media`); sends
//! go to the Messages resource (`outbound`) at the number's pace (one a second for a long
//! code). A sender is their phone number, the identity WhatsApp contacts have too.

pub mod media;
pub mod outbound;
pub mod webhook;

use axum::routing::{MethodRouter, post};
use charla_channels::SendError;
use charla_channels::twilio;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::channels::ChannelKind;
use charla_domain::outbound::pace;
use charla_domain::validation::Invalid;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{BoxFuture, Network, Prepared, Sent};
use crate::error::{AppError, AppResult};
use crate::services::channels::ChannelSecrets;
use crate::state::AppState;

/// Twilio's REST API; tests and the demo point elsewhere.
pub const TWILIO_API_BASE: &str = "https://api.twilio.com";

pub const KIND: ChannelKind = ChannelKind::Sms;

pub struct Sms;

/// What the request's `config` holds for a Twilio number; unknown keys are refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmsConfig {
    provider: String,
    account_sid: String,
    auth_token: String,
    phone_number: String,
    api_base_url: Option<String>,
}

/// Whether a number is in E.164 (`+` and 8 to 15 digits), as Twilio writes them.
fn is_e164(number: &str) -> bool {
    number.strip_prefix('+').is_some_and(|d| (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The number's account SID (the channel's network account).
pub fn account_of(channel: &ChannelRow) -> &str {
    channel.network_account.as_deref().unwrap_or_default()
}

/// The number (the channel's network key), in E.164.
pub fn number_of(channel: &ChannelRow) -> &str {
    channel.network_key.as_deref().unwrap_or_default()
}

pub fn base_of(channel: &ChannelRow) -> &str {
    channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or(TWILIO_API_BASE)
}

impl Network for Sms {
    fn kind(&self) -> ChannelKind {
        KIND
    }

    fn prepare(&self, state: &AppState, config: Value) -> AppResult<Prepared> {
        let c: SmsConfig = serde_json::from_value(config).map_err(|e| {
            tracing::debug!(error = %e, "sms config refused");
            AppError::Invalid(Invalid::single("config", "invalid"))
        })?;
        let mut invalid = Invalid::new();
        if c.provider != "twilio" {
            invalid.add("config.provider", "invalid");
        }
        let account = c.account_sid.trim();
        if !(account.starts_with("AC") && twilio::is_sid(account)) {
            invalid.add("config.account_sid", if account.is_empty() { "required" } else { "invalid" });
        }
        if c.auth_token.trim().is_empty() {
            invalid.add("config.auth_token", "required");
        }
        let number: String = c.phone_number.chars().filter(|ch| !matches!(ch, ' ' | '-' | '(' | ')')).collect();
        if !is_e164(&number) {
            invalid.add("config.phone_number", if number.is_empty() { "required" } else { "invalid" });
        }
        let base = c.api_base_url.unwrap_or_else(|| TWILIO_API_BASE.to_owned());
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            invalid.add("config.api_base_url", "invalid");
        }
        invalid.finish()?;
        let secrets =
            ChannelSecrets { access_token: Some(c.auth_token.trim().to_owned()), app_secret: None, verify_token: None };
        let sealed = state.secrets.seal(&serde_json::to_string(&secrets).map_err(anyhow::Error::from)?)?;
        Ok(Prepared {
            config: json!({
                "provider": "twilio",
                "account_sid": account,
                "phone_number": number,
                "api_base_url": base.trim_end_matches('/'),
            }),
            secrets: Some(sealed),
            network_key: Some(number),
            network_account: Some(account.to_owned()),
        })
    }

    fn webhook(&self) -> Option<MethodRouter<AppState>> {
        Some(post(webhook::receive))
    }

    fn status_webhook(&self) -> Option<MethodRouter<AppState>> {
        Some(post(webhook::status))
    }

    fn fetch_media<'a>(
        &'a self,
        state: &'a AppState,
        channel: &'a ChannelRow,
        message: &'a MessageRow,
        media_id: &'a str,
    ) -> BoxFuture<'a, anyhow::Result<(Vec<u8>, Option<String>)>> {
        Box::pin(media::fetch(state, channel, message, media_id))
    }

    fn send<'a>(
        &'a self,
        state: &'a AppState,
        org: Uuid,
        channel: &'a ChannelRow,
        message: &'a MessageRow,
    ) -> BoxFuture<'a, Result<Sent, SendError>> {
        Box::pin(outbound::send(state, org, channel, message))
    }

    fn pace(&self) -> Option<pace::Network> {
        Some(pace::Network::Twilio)
    }

    /// A long code sends one segment a second: a message counts as its segments.
    fn pace_units(&self, message: &MessageRow) -> u32 {
        twilio::outbound::segments(message.text.as_deref().unwrap_or_default())
    }

    /// Twilio takes at most 1,600 characters in one message (it splits them in segments).
    fn text_too_long(&self, text: &str) -> Option<usize> {
        (text.chars().count() > twilio::outbound::BODY_MAX).then_some(twilio::outbound::BODY_MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::is_e164;

    #[test]
    fn numbers_are_e164() {
        for n in ["+14155550100", "+573001234567", "+12345678"] {
            assert!(is_e164(n), "{n}");
        }
        for n in ["14155550100", "+1415", "+1415555010012345", "+1415a550100", "", "+"] {
            assert!(!is_e164(n), "{n}");
        }
    }
}
