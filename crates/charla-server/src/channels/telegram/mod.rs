//! A Telegram bot (CH-2). Its webhook carries the secret token set with `setWebhook` (a job
//! queued when the channel is created); sends go to the Bot API (`outbound`), paced per bot
//! and per chat; a sender is their chat id; texts are limited in UTF-16 code units.

pub mod calls;
pub mod outbound;
pub mod webhook;

use axum::routing::{MethodRouter, post};
use charla_channels::SendError;
use charla_channels::telegram::outbound as protocol;
use charla_db::Tx;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::channels::ChannelKind;
use charla_domain::contacts::IdentityKind;
use charla_domain::outbound::pace;
use charla_domain::validation::Invalid;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{BoxFuture, Network, Prepared};
use crate::channels::Sent;
use crate::error::{AppError, AppResult};
use crate::services::channels::{ChannelSecrets, secrets_of};
use crate::state::AppState;

/// The Bot API; tests and the demo point elsewhere (CH-9).
pub const TELEGRAM_API_BASE: &str = "https://api.telegram.org";

pub const KIND: ChannelKind = ChannelKind::Telegram;

pub struct Telegram;

/// What the request's `config` holds for a Telegram bot.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TelegramConfig {
    bot_token: String,
    secret_token: Option<String>,
    api_base_url: Option<String>,
}

/// Creating a channel never waits on the network (design.md §3): setWebhook is a job.
async fn set_webhook(state: &AppState, tx: &mut Tx, org: Uuid, channel: &ChannelRow) -> AppResult<()> {
    let id = channel.id;
    let secret = secrets_of(state, channel)?.verify_token.unwrap_or_default();
    let url = format!("{}/webhooks/{}/{id}", state.settings.public_base(), KIND.code());
    let body = protocol::set_webhook(&url, &secret);
    crate::jobs::model::enqueue(
        state,
        tx,
        crate::jobs::model::Enqueue {
            org,
            kind: crate::jobs::model::JobKind::TelegramCall,
            payload: &json!({ "channel_id": id, "method": "setWebhook", "body": body }),
            run_at: None,
            dedup_key: Some(&format!("set-webhook:{id}")),
        },
    )
    .await?;
    Ok(())
}

impl Network for Telegram {
    fn kind(&self) -> ChannelKind {
        KIND
    }

    fn prepare(&self, state: &AppState, config: Value) -> AppResult<Prepared> {
        let c: TelegramConfig =
            serde_json::from_value(config).map_err(|_| AppError::Invalid(Invalid::single("config", "invalid")))?;
        let mut invalid = Invalid::new();
        // A bot token is "<bot id>:<secret>"; the id tells bots apart.
        let bot_id = c.bot_token.split_once(':').map(|(id, _)| id.trim().to_owned()).filter(|id| !id.is_empty());
        if bot_id.is_none() {
            invalid.add("config.bot_token", "invalid");
        }
        let secret = c.secret_token.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
            // Telegram allows A-Z a-z 0-9 _ - in the secret token.
            crate::auth::secret_token::random_secret().chars().filter(|ch| ch.is_ascii_alphanumeric()).collect()
        });
        if secret.is_empty()
            || secret.len() > 256
            || !secret.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
        {
            invalid.add("config.secret_token", "invalid");
        }
        let base = c.api_base_url.unwrap_or_else(|| TELEGRAM_API_BASE.to_owned());
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            invalid.add("config.api_base_url", "invalid");
        }
        invalid.finish()?;
        let secrets = ChannelSecrets {
            access_token: Some(c.bot_token.trim().to_owned()),
            app_secret: None,
            verify_token: Some(secret),
        };
        let sealed = state.secrets.seal(&serde_json::to_string(&secrets).map_err(anyhow::Error::from)?)?;
        Ok(Prepared {
            config: json!({ "api_base_url": base.trim_end_matches('/'), "bot_id": bot_id }),
            secrets: Some(sealed),
            network_key: bot_id,
            network_account: None,
        })
    }

    fn set_up<'a>(
        &'a self,
        state: &'a AppState,
        tx: &'a mut Tx,
        org: Uuid,
        channel: &'a ChannelRow,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(set_webhook(state, tx, org, channel))
    }

    fn webhook(&self) -> Option<MethodRouter<AppState>> {
        Some(post(webhook::receive))
    }

    fn identity_of(&self, from: &str) -> (IdentityKind, String) {
        (IdentityKind::Telegram, from.to_owned())
    }

    fn fetch_media<'a>(
        &'a self,
        state: &'a AppState,
        channel: &'a ChannelRow,
        _message: &'a MessageRow,
        media_id: &'a str,
    ) -> BoxFuture<'a, anyhow::Result<(Vec<u8>, Option<String>)>> {
        Box::pin(async move { outbound::download(state, channel, media_id).await.map(|bytes| (bytes, None)) })
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
        Some(pace::Network::Telegram)
    }

    /// Telegram counts UTF-16 code units: a text of `MESSAGE_TEXT_MAX` chars may be beyond
    /// its limit (a caption beyond its own goes after the media as a text, under the same
    /// limit).
    fn text_too_long(&self, text: &str) -> Option<usize> {
        (protocol::length(text) > protocol::TEXT_MAX).then_some(protocol::TEXT_MAX)
    }
}
