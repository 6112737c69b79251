//! Instagram direct messages through Meta's Messenger Platform (CH-6): a professional
//! account. The same network as Messenger (`channels::messenger::MetaInbox`, webhook
//! `object: "instagram"`, the same Send API and policy); only its config's names differ.

use charla_channels::messenger::Platform;
use charla_domain::channels::ChannelKind;
use charla_domain::contacts::IdentityKind;
use charla_domain::validation::Invalid;
use serde::Deserialize;
use serde_json::Value;

use super::messenger::{InboxConfig, MetaInbox};
use crate::error::{AppError, AppResult};

pub static INSTAGRAM: MetaInbox = MetaInbox {
    kind: ChannelKind::Instagram,
    platform: Platform::Instagram,
    identity: IdentityKind::Instagram,
    account_field: "instagram_account_id",
    token_field: "access_token",
};

/// What the request's `config` holds for an Instagram account; unknown keys are refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstagramConfig {
    instagram_account_id: String,
    access_token: String,
    app_secret: String,
    verify_token: Option<String>,
    api_base_url: Option<String>,
}

pub fn read_config(config: Value) -> AppResult<InboxConfig> {
    let c: InstagramConfig = serde_json::from_value(config).map_err(|e| {
        tracing::debug!(error = %e, "instagram config refused");
        AppError::Invalid(Invalid::single("config", "invalid"))
    })?;
    Ok(InboxConfig {
        account_id: c.instagram_account_id,
        token: c.access_token,
        app_secret: c.app_secret,
        verify_token: c.verify_token,
        api_base_url: c.api_base_url,
    })
}
