//! Channels: create, edit, archive. This issue brings the built-in simulator (CH-10); the
//! networks' own kinds come with their intake.

use charla_db::repo::channels::{self, ChannelRow, ChannelUpdate, NewChannel};
use charla_db::repo::hierarchy::{self, Level};
use charla_domain::access::Permission;
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::state::AppState;

pub const KINDS: [&str; 4] = ["simulator", "whatsapp", "telegram", "webchat"];

/// The Bot API; tests and the demo point elsewhere (CH-9).
pub const TELEGRAM_API_BASE: &str = "https://api.telegram.org";

/// Meta's Graph API with the version Charla speaks; tests and the demo point elsewhere (CH-9).
pub const GRAPH_API_BASE: &str = "https://graph.facebook.com/v24.0";

/// What the request's `config` holds for a WhatsApp number; unknown keys are refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WhatsAppConfig {
    phone_number_id: String,
    waba_id: String,
    display_phone_number: Option<String>,
    access_token: String,
    app_secret: String,
    verify_token: Option<String>,
    api_base_url: Option<String>,
}

/// What the request's `config` holds for a Telegram bot.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TelegramConfig {
    bot_token: String,
    secret_token: Option<String>,
    api_base_url: Option<String>,
}

/// A channel's secrets, sealed at rest; only the server reads them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChannelSecrets {
    pub access_token: Option<String>,
    pub app_secret: Option<String>,
    pub verify_token: Option<String>,
}

pub fn secrets_of(state: &AppState, c: &ChannelRow) -> ApiResult<ChannelSecrets> {
    match &c.secrets {
        None => Ok(ChannelSecrets::default()),
        Some(sealed) => Ok(serde_json::from_str(&state.secrets.open(sealed)?).map_err(anyhow::Error::from)?),
    }
}

/// The channel as the API shows it: never a token or secret; the verify token only to
/// those who manage settings (it goes into Meta's dashboard).
pub fn view_for(state: &AppState, c: &ChannelRow, caller: Option<&Caller>) -> Value {
    // The simulator and the widget are this server's own pages: no network calls in.
    let webhook_url = (!matches!(c.kind.as_str(), "simulator" | "webchat"))
        .then(|| format!("{}/webhooks/{}/{}", state.settings.public_base(), c.kind, c.id));
    let mut view = json!({
        "id": c.id,
        "kind": c.kind,
        "name": c.name,
        "campaign_id": c.campaign_id,
        "config": c.config.0,
        "bot_enabled": c.bot_enabled,
        "status": c.status,
        "health": c.health.as_ref().map(|h| h.0.clone()),
        "webhook_url": webhook_url,
        "archived": c.archived_at.is_some(),
        "created_at": c.created_at.0,
    });
    if let Some(caller) = caller
        && caller.can(Permission::SettingsManage)
        && c.kind == "whatsapp"
        && let Ok(secrets) = secrets_of(state, c)
        && let Some(obj) = view.as_object_mut()
    {
        obj.insert("verify_token".to_owned(), json!(secrets.verify_token));
    }
    if let Some(caller) = caller
        && caller.can(Permission::SettingsManage)
        && c.kind == "webchat"
        && let Some(obj) = view.as_object_mut()
    {
        obj.insert("snippet".to_owned(), json!(webchat_config::snippet(&state.settings.public_base(), c.id)));
    }
    view
}

pub fn view(state: &AppState, c: &ChannelRow) -> Value {
    view_for(state, c, None)
}

/// Splits a request's config into what may be shown, what is sealed, and the network ids.
struct Prepared {
    config: Value,
    secrets: Option<String>,
    network_key: Option<String>,
    network_account: Option<String>,
}

fn prepare(state: &AppState, kind: &str, config: Value) -> ApiResult<Prepared> {
    match kind {
        "whatsapp" => {
            let c: WhatsAppConfig = serde_json::from_value(config).map_err(|e| {
                let mut invalid = Invalid::new();
                invalid.add("config", "invalid");
                tracing::debug!(error = %e, "whatsapp config refused");
                ApiError::Invalid(invalid)
            })?;
            let mut invalid = Invalid::new();
            for (field, value) in [
                ("config.phone_number_id", &c.phone_number_id),
                ("config.waba_id", &c.waba_id),
                ("config.access_token", &c.access_token),
                ("config.app_secret", &c.app_secret),
            ] {
                if value.trim().is_empty() {
                    invalid.add(field, "required");
                }
            }
            let base = c.api_base_url.unwrap_or_else(|| GRAPH_API_BASE.to_owned());
            if !(base.starts_with("https://") || base.starts_with("http://")) {
                invalid.add("config.api_base_url", "invalid");
            }
            invalid.finish()?;
            let verify_token = c
                .verify_token
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(crate::auth::secret_token::random_secret);
            let secrets = ChannelSecrets {
                access_token: Some(c.access_token),
                app_secret: Some(c.app_secret),
                verify_token: Some(verify_token),
            };
            let sealed = state.secrets.seal(&serde_json::to_string(&secrets).map_err(anyhow::Error::from)?)?;
            Ok(Prepared {
                config: json!({
                    "phone_number_id": c.phone_number_id.trim(),
                    "waba_id": c.waba_id.trim(),
                    "display_phone_number": c.display_phone_number,
                    "api_base_url": base.trim_end_matches('/'),
                }),
                secrets: Some(sealed),
                network_key: Some(c.phone_number_id.trim().to_owned()),
                network_account: Some(c.waba_id.trim().to_owned()),
            })
        }
        "telegram" => {
            let c: TelegramConfig =
                serde_json::from_value(config).map_err(|_| ApiError::Invalid(Invalid::single("config", "invalid")))?;
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
        "webchat" => Ok(Prepared {
            config: webchat_config::prepare(config)?,
            secrets: None,
            network_key: None,
            network_account: None,
        }),
        _ => {
            if !config.is_object() {
                return Err(Invalid::single("config", "invalid").into());
            }
            Ok(Prepared { config, secrets: None, network_key: None, network_account: None })
        }
    }
}

/// A campaign of the caller's organization that is not archived, or the field's error.
pub async fn check_campaign(state: &AppState, org: Uuid, campaign: Uuid, field: &str) -> ApiResult<()> {
    match hierarchy::get(&state.db, Level::Campaign, org, campaign).await? {
        Some(c) if c.archived_at.is_none() => Ok(()),
        _ => Err(Invalid::single(field, "invalid").into()),
    }
}

pub struct NewChannelInput {
    pub kind: String,
    pub name: String,
    pub campaign_id: Uuid,
    pub config: Value,
}

pub async fn create(state: &AppState, caller: &Caller, input: NewChannelInput) -> ApiResult<Value> {
    if !KINDS.contains(&input.kind.as_str()) {
        return Err(Invalid::single("kind", "unsupported_channel_kind").into());
    }
    let prepared = prepare(state, &input.kind, input.config)?;
    check_campaign(state, caller.org, input.campaign_id, "campaign_id").await?;
    let id = new_id();
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    channels::insert(
        &mut tx,
        &NewChannel {
            org: caller.org,
            id,
            kind: &input.kind,
            name: &input.name,
            campaign_id: input.campaign_id,
            config: &prepared.config,
            secrets: prepared.secrets.as_deref(),
            bot_enabled: false,
            status: "active",
            network_key: prepared.network_key.as_deref(),
            network_account: prepared.network_account.as_deref(),
            now,
        },
    )
    .await?;
    let row = channels::get(&mut tx, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    let after = view(state, &row);
    audit::record(state, &mut tx, caller, "channel.created", ("channel", Some(id)), None, Some(&after)).await?;
    if row.kind == "whatsapp" {
        sync_templates(state, &mut tx, caller.org, id).await?;
    }
    if row.kind == "telegram" {
        // Creating a channel never waits on the network (DESIGN §3): setWebhook is a job.
        let secret = secrets_of(state, &row)?.verify_token.unwrap_or_default();
        let url = format!("{}/webhooks/telegram/{id}", state.settings.public_base());
        let body = charla_channels::telegram::outbound::set_webhook(&url, &secret);
        crate::services::jobs::enqueue(
            state,
            &mut tx,
            crate::services::jobs::Enqueue {
                org: caller.org,
                kind: crate::jobs::kinds::JobKind::TelegramCall,
                payload: &json!({ "channel_id": id, "method": "setWebhook", "body": body }),
                run_at: None,
                dedup_key: Some(&format!("set-webhook:{id}")),
            },
        )
        .await?;
    }
    tx.commit().await?;
    state.jobs_wake.notify_one();
    Ok(view_for(state, &row, Some(caller)))
}

pub struct ChannelPatch {
    pub name: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub bot_enabled: Option<bool>,
    pub archived: Option<bool>,
    pub config: Option<Value>,
}

pub async fn update(state: &AppState, caller: &Caller, id: Uuid, patch: ChannelPatch) -> ApiResult<Value> {
    let before = channels::get(&state.db, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    let config = match patch.config {
        None => before.config.0.clone(),
        Some(config) if before.kind == "webchat" => webchat_config::prepare(config)?,
        Some(_) => return Err(Invalid::single("config", "not_editable").into()),
    };
    if let Some(campaign) = patch.campaign_id {
        check_campaign(state, caller.org, campaign, "campaign_id").await?;
    }
    let now = state.clock.now();
    let archived_at = match patch.archived {
        Some(true) => before.archived_at.map(|t| t.0).or(Some(now)),
        Some(false) => None,
        None => before.archived_at.map(|t| t.0),
    };
    let status = if archived_at.is_some() { "inactive" } else { "active" };
    let mut tx = state.db.begin().await?;
    channels::update(
        &mut tx,
        caller.org,
        id,
        &ChannelUpdate {
            name: patch.name.as_deref().unwrap_or(&before.name),
            campaign_id: patch.campaign_id.unwrap_or(before.campaign_id),
            config: &config,
            bot_enabled: patch.bot_enabled.unwrap_or(before.bot_enabled),
            status,
            archived_at,
            now,
        },
    )
    .await?;
    let row = channels::get(&mut tx, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    let (before, after) = (view(state, &before), view(state, &row));
    audit::record(state, &mut tx, caller, "channel.updated", ("channel", Some(id)), Some(&before), Some(&after))
        .await?;
    tx.commit().await?;
    // This node's webhooks see the change at once (other nodes within the cache's 2 s).
    state.webhook_channels.forget(id);
    Ok(after)
}

/// Queues a read of the number's templates from its business account.
pub async fn sync_templates(state: &AppState, tx: &mut charla_db::Tx, org: Uuid, channel: Uuid) -> ApiResult<()> {
    let key = format!("templates:{channel}:{}", state.clock.now().as_micros() / 60_000_000);
    crate::services::jobs::enqueue(
        state,
        tx,
        crate::services::jobs::Enqueue {
            org,
            kind: crate::jobs::kinds::JobKind::SyncTemplates,
            payload: &json!({ "channel_id": channel }),
            run_at: None,
            dedup_key: Some(&key),
        },
    )
    .await?;
    Ok(())
}

/// The channel's credentials stopped working (CH-7 red): sends pause, administrators hear.
pub async fn mark_unlinked(
    state: &AppState,
    tx: &mut charla_db::Tx,
    org: Uuid,
    channel: &ChannelRow,
    code: &str,
    title: &str,
) -> ApiResult<()> {
    let mut health = channel.health.as_ref().map(|h| h.0.clone()).unwrap_or_else(|| json!({}));
    if let Some(obj) = health.as_object_mut() {
        obj.insert("last_error".to_owned(), json!({ "code": code, "title": title }));
    }
    channels::set_health(tx, org, channel.id, &health, "unlinked", state.clock.now()).await?;
    let payload = json!({ "channel_id": channel.id, "status": "unlinked", "code": code, "title": title });
    let audience = crate::services::events::audience(&[], &["settings.manage"]);
    crate::services::events::emit(state, tx, org, "channel.updated", &payload, &audience).await?;
    Ok(())
}

pub mod telegram_outbound;
pub mod webchat_config;
pub mod whatsapp_outbound;
