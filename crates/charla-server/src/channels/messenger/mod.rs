//! Messenger through Meta's Messenger Platform (CH-6): a Facebook page. Its webhook is
//! signed with the app secret and may carry every page of the app (`webhook`: entries are
//! routed by page id); attachments come as CDN URLs that expire, fetched at once (`media`);
//! sends go to the page's Send API (`outbound`): a response inside the 24-hour window, a
//! person's reply tagged `HUMAN_AGENT` within 7 days.
//!
//! Instagram professional accounts speak the same platform: `channels::instagram` is this
//! network with its own config names and `Platform::Instagram` (`MetaInbox`).

pub mod media;
pub mod outbound;
pub mod webhook;

use axum::routing::{MethodRouter, get};
use charla_channels::SendError;
use charla_channels::messenger::Platform;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::channels::ChannelKind;
use charla_domain::contacts::IdentityKind;
use charla_domain::validation::Invalid;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{BoxFuture, Network, Prepared, Sent};
use crate::error::{AppError, AppResult};
use crate::services::channels::{ChannelSecrets, secrets_of};
use crate::state::AppState;
use crate::views::channels::ChannelView;

/// Meta's Graph API with the version Charla speaks; tests and the demo point elsewhere.
pub const GRAPH_API_BASE: &str = "https://graph.facebook.com/v24.0";

/// One of Meta's two inboxes (a page's Messenger, an Instagram account's direct messages):
/// everything but the config's names and the webhook's `object` is the same.
pub struct MetaInbox {
    pub kind: ChannelKind,
    pub platform: Platform,
    pub identity: IdentityKind,
    /// The config's names for the account id and its token.
    pub account_field: &'static str,
    pub token_field: &'static str,
}

pub static MESSENGER: MetaInbox = MetaInbox {
    kind: ChannelKind::Messenger,
    platform: Platform::Messenger,
    identity: IdentityKind::Messenger,
    account_field: "page_id",
    token_field: "page_access_token",
};

/// What the request's `config` holds, by the network's names; unknown keys are refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MessengerConfig {
    page_id: String,
    page_access_token: String,
    app_secret: String,
    verify_token: Option<String>,
    api_base_url: Option<String>,
}

/// A config in the names both inboxes share.
pub struct InboxConfig {
    pub account_id: String,
    pub token: String,
    pub app_secret: String,
    pub verify_token: Option<String>,
    pub api_base_url: Option<String>,
}

impl MetaInbox {
    fn read_config(&self, config: Value) -> AppResult<InboxConfig> {
        if self.kind == ChannelKind::Instagram {
            return crate::channels::instagram::read_config(config);
        }
        let c: MessengerConfig = serde_json::from_value(config).map_err(|e| {
            tracing::debug!(error = %e, "messenger config refused");
            AppError::Invalid(Invalid::single("config", "invalid"))
        })?;
        Ok(InboxConfig {
            account_id: c.page_id,
            token: c.page_access_token,
            app_secret: c.app_secret,
            verify_token: c.verify_token,
            api_base_url: c.api_base_url,
        })
    }

    /// The account id: the channel's network key.
    pub fn account_of(channel: &ChannelRow) -> &str {
        channel.network_key.as_deref().unwrap_or_default()
    }

    pub fn base_of(channel: &ChannelRow) -> &str {
        channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or(GRAPH_API_BASE)
    }
}

impl Network for MetaInbox {
    fn kind(&self) -> ChannelKind {
        self.kind
    }

    fn prepare(&self, state: &AppState, config: Value) -> AppResult<Prepared> {
        let c = self.read_config(config)?;
        let mut invalid = Invalid::new();
        let account = c.account_id.trim();
        if account.is_empty() || !account.chars().all(|ch| ch.is_ascii_digit()) {
            invalid.add(
                &format!("config.{}", self.account_field),
                if account.is_empty() { "required" } else { "invalid" },
            );
        }
        for (field, value) in [(self.token_field, &c.token), ("app_secret", &c.app_secret)] {
            if value.trim().is_empty() {
                invalid.add(&format!("config.{field}"), "required");
            }
        }
        let base = c.api_base_url.unwrap_or_else(|| GRAPH_API_BASE.to_owned());
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            invalid.add("config.api_base_url", "invalid");
        }
        invalid.finish()?;
        let verify_token =
            c.verify_token.filter(|t| !t.trim().is_empty()).unwrap_or_else(crate::auth::secret_token::random_secret);
        let secrets = ChannelSecrets {
            access_token: Some(c.token.trim().to_owned()),
            app_secret: Some(c.app_secret.trim().to_owned()),
            verify_token: Some(verify_token),
        };
        let sealed = state.secrets.seal(&serde_json::to_string(&secrets).map_err(anyhow::Error::from)?)?;
        Ok(Prepared {
            config: json!({ self.account_field: account, "api_base_url": base.trim_end_matches('/') }),
            secrets: Some(sealed),
            network_key: Some(account.to_owned()),
            network_account: None,
        })
    }

    /// The verify token goes into Meta's dashboard, with the webhook URL.
    fn manager_view(&self, state: &AppState, channel: &ChannelRow, view: &mut ChannelView) {
        if let Ok(secrets) = secrets_of(state, channel) {
            view.verify_token = Some(secrets.verify_token);
        }
    }

    fn webhook(&self) -> Option<MethodRouter<AppState>> {
        let inbox: &'static MetaInbox =
            if self.kind == ChannelKind::Instagram { &crate::channels::instagram::INSTAGRAM } else { &MESSENGER };
        Some(
            get(move |state, path, query| webhook::verify_subscription(inbox, state, path, query))
                .post(move |state, path, headers, body| webhook::receive(inbox, state, path, headers, body)),
        )
    }

    fn identity_of(&self, from: &str) -> (IdentityKind, String) {
        (self.identity, from.to_owned())
    }

    fn fetch_media<'a>(
        &'a self,
        state: &'a AppState,
        channel: &'a ChannelRow,
        message: &'a MessageRow,
        _media_id: &'a str,
    ) -> BoxFuture<'a, anyhow::Result<(Vec<u8>, Option<String>)>> {
        Box::pin(media::fetch(state, channel, message))
    }

    fn send<'a>(
        &'a self,
        state: &'a AppState,
        org: Uuid,
        channel: &'a ChannelRow,
        message: &'a MessageRow,
    ) -> BoxFuture<'a, Result<Sent, SendError>> {
        Box::pin(outbound::send(self, state, org, channel, message))
    }

    fn reply_window(&self) -> bool {
        true
    }

    fn human_agent_tag(&self) -> bool {
        true
    }
}
