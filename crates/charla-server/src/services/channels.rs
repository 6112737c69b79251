//! Channels: create, edit, archive. This issue brings the built-in simulator (CH-10); the
//! networks' own kinds come with their intake.

use charla_db::repo::channels::{self, ChannelRow, ChannelUpdate, NewChannel};
use charla_db::repo::hierarchy::{self, Level};
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::services::audit;
use crate::state::AppState;

pub const KINDS: [&str; 1] = ["simulator"];

pub fn view(state: &AppState, c: &ChannelRow) -> Value {
    let webhook_url =
        (c.kind != "simulator").then(|| format!("{}/webhooks/{}/{}", state.settings.public_base(), c.kind, c.id));
    json!({
        "id": c.id,
        "kind": c.kind,
        "name": c.name,
        "campaign_id": c.campaign_id,
        "config": c.config.0,
        "bot_enabled": c.bot_enabled,
        "status": c.status,
        "webhook_url": webhook_url,
        "archived": c.archived_at.is_some(),
        "created_at": c.created_at.0,
    })
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
    if !input.config.is_object() {
        return Err(Invalid::single("config", "invalid").into());
    }
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
            config: &input.config,
            secrets: None,
            bot_enabled: false,
            status: "active",
            now,
        },
    )
    .await?;
    let row = channels::get(&mut tx, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    let after = view(state, &row);
    audit::record(state, &mut tx, caller, "channel.created", ("channel", Some(id)), None, Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

pub struct ChannelPatch {
    pub name: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub bot_enabled: Option<bool>,
    pub archived: Option<bool>,
}

pub async fn update(state: &AppState, caller: &Caller, id: Uuid, patch: ChannelPatch) -> ApiResult<Value> {
    let before = channels::get(&state.db, caller.org, id).await?.ok_or(ApiError::NotFound)?;
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
            config: &before.config.0,
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
    Ok(after)
}
