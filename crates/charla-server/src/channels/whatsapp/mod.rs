//! WhatsApp through Meta's Cloud API (CH-1): a number of a business account. Its webhook
//! is signed with the app secret and may carry every number of the app (`webhook`); sends
//! go to the Graph API (`outbound`) and are paced per number and per recipient pair; each
//! send carries our id as callback data, echoed in its statuses, so a send caught in the
//! call window waits for them (resend grace); free-form replies go only inside the 24-hour
//! window, templates outside it.

pub mod media;
pub mod outbound;
pub mod read_marks;
pub mod template_submit;
pub mod templates;
pub mod webhook;

use axum::routing::{MethodRouter, get};
use charla_channels::SendError;
use charla_db::Tx;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::conversations::ConversationRow;
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
use crate::views::channels::ChannelView;

/// Meta's Graph API with the version Charla speaks; tests and the demo point elsewhere (CH-9).
pub const GRAPH_API_BASE: &str = "https://graph.facebook.com/v24.0";

pub const KIND: ChannelKind = ChannelKind::Whatsapp;

pub struct WhatsApp;

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

/// The E.164 form of a WhatsApp id (digits with the country code).
pub fn phone_of_wa_id(wa_id: &str) -> String {
    format!("+{}", wa_id.trim_start_matches('+'))
}

/// Queues a read of the number's templates from its business account.
pub async fn sync_templates(state: &AppState, tx: &mut Tx, org: Uuid, channel: Uuid) -> AppResult<()> {
    let key = format!("templates:{channel}:{}", state.clock.now().as_micros() / 60_000_000);
    crate::jobs::model::enqueue(
        state,
        tx,
        crate::jobs::model::Enqueue {
            org,
            kind: crate::jobs::model::JobKind::SyncTemplates,
            payload: &json!({ "channel_id": channel }),
            run_at: None,
            dedup_key: Some(&key),
        },
    )
    .await?;
    Ok(())
}

impl Network for WhatsApp {
    fn kind(&self) -> ChannelKind {
        KIND
    }

    fn prepare(&self, state: &AppState, config: Value) -> AppResult<Prepared> {
        let c: WhatsAppConfig = serde_json::from_value(config).map_err(|e| {
            let mut invalid = Invalid::new();
            invalid.add("config", "invalid");
            tracing::debug!(error = %e, "whatsapp config refused");
            AppError::Invalid(invalid)
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
        let verify_token =
            c.verify_token.filter(|t| !t.trim().is_empty()).unwrap_or_else(crate::auth::secret_token::random_secret);
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

    fn set_up<'a>(
        &'a self,
        state: &'a AppState,
        tx: &'a mut Tx,
        org: Uuid,
        channel: &'a ChannelRow,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(sync_templates(state, tx, org, channel.id))
    }

    /// The verify token goes into Meta's dashboard.
    fn manager_view(&self, state: &AppState, channel: &ChannelRow, view: &mut ChannelView) {
        if let Ok(secrets) = secrets_of(state, channel) {
            view.verify_token = Some(secrets.verify_token);
        }
    }

    fn webhook(&self) -> Option<MethodRouter<AppState>> {
        Some(get(webhook::verify_subscription).post(webhook::receive))
    }

    fn identity_of(&self, from: &str) -> (IdentityKind, String) {
        (IdentityKind::Phone, phone_of_wa_id(from))
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
        _org: Uuid,
        channel: &'a ChannelRow,
        message: &'a MessageRow,
    ) -> BoxFuture<'a, Result<Sent, SendError>> {
        Box::pin(outbound::send(state, channel, message))
    }

    fn pace(&self) -> Option<pace::Network> {
        Some(pace::Network::WhatsApp)
    }

    fn resend_grace(&self) -> bool {
        true
    }

    fn reply_window(&self) -> bool {
        true
    }

    fn templates(&self) -> bool {
        true
    }

    fn template_body(&self, components: &Value) -> Option<String> {
        charla_channels::whatsapp::outbound::template_body(components)
    }

    fn submit_template<'a>(
        &'a self,
        state: &'a AppState,
        tx: &'a mut Tx,
        org: Uuid,
        submit: &'a template_submit::SubmitTemplate,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(template_submit::enqueue(state, tx, org, submit))
    }

    fn sync_templates<'a>(
        &'a self,
        state: &'a AppState,
        tx: &'a mut Tx,
        org: Uuid,
        channel: Uuid,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(sync_templates(state, tx, org, channel))
    }

    fn mark_read<'a>(
        &'a self,
        state: &'a AppState,
        tx: &'a mut Tx,
        org: Uuid,
        conversation: &'a ConversationRow,
    ) -> BoxFuture<'a, AppResult<()>> {
        Box::pin(read_marks::enqueue(state, tx, org, conversation))
    }
}
