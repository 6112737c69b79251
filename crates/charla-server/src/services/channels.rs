//! Channels: create, edit, archive, and their views. What differs by network (config
//! checks, set-up, webhook URLs) is asked of the network (`crate::channels`).

use charla_db::repo;
use charla_db::repo::channels::{self, ChannelRow, ChannelUpdate, NewChannel};
use charla_db::repo::hierarchy::{self, Level};
use charla_domain::access::Permission;
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::channels::ChannelView;
use crate::views::{Page, audited};

/// A channel's secrets, sealed at rest; only the server reads them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChannelSecrets {
    pub access_token: Option<String>,
    pub app_secret: Option<String>,
    pub verify_token: Option<String>,
}

pub fn secrets_of(state: &AppState, c: &ChannelRow) -> AppResult<ChannelSecrets> {
    match &c.secrets {
        None => Ok(ChannelSecrets::default()),
        Some(sealed) => Ok(serde_json::from_str(&state.secrets.open(sealed)?).map_err(anyhow::Error::from)?),
    }
}

/// The channel as the API shows it: never a token or secret; the verify token only to
/// those who manage settings (it goes into Meta's dashboard).
pub fn view_for(state: &AppState, c: &ChannelRow, caller: Option<&Caller>) -> ChannelView {
    let network = crate::channels::of(&c.kind);
    // The simulator and the widget are this server's own pages: no network calls in.
    let webhook_url = network
        .is_none_or(|n| n.webhook().is_some())
        .then(|| format!("{}/webhooks/{}/{}", state.settings.public_base(), c.kind, c.id));
    let mut view = ChannelView::new(c, webhook_url);
    if let Some(caller) = caller
        && caller.can(Permission::SettingsManage)
        && let Some(network) = network
    {
        network.manager_view(state, c, &mut view);
    }
    view
}

pub fn view(state: &AppState, c: &ChannelRow) -> ChannelView {
    view_for(state, c, None)
}

/// A list's filter and keyset page.
pub struct ChannelQuery {
    pub kind: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub archived: Option<bool>,
    pub after: Option<Uuid>,
    pub limit: Option<i64>,
}

pub async fn list(state: &AppState, caller: &Caller, q: ChannelQuery) -> AppResult<Page<ChannelView>> {
    let limit = repo::page_limit(q.limit);
    let filter =
        channels::ListFilter { kind: q.kind, campaign_id: q.campaign_id, archived: q.archived, after: q.after, limit };
    let rows = channels::list(&state.db, caller.org, &filter).await?;
    let (rows, next) = repo::paginate(rows, limit, |c| c.id);
    Ok(Page::new(rows.iter().map(|c| view_for(state, c, Some(caller))).collect(), next))
}

pub async fn get(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<ChannelView> {
    let row = channels::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(view_for(state, &row, Some(caller)))
}

/// A campaign of the caller's organization that is not archived, or the field's error.
pub async fn check_campaign(state: &AppState, org: Uuid, campaign: Uuid, field: &str) -> AppResult<()> {
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

pub async fn create(state: &AppState, caller: &Caller, input: NewChannelInput) -> AppResult<ChannelView> {
    let Some(network) = crate::channels::of(&input.kind) else {
        return Err(Invalid::single("kind", "unsupported_channel_kind").into());
    };
    let prepared = network.prepare(state, input.config)?;
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
    let row = channels::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = audited(&view(state, &row));
    audit::record(state, &mut tx, caller, "channel.created", ("channel", Some(id)), None, Some(&after)).await?;
    network.set_up(state, &mut tx, caller.org, &row).await?;
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

/// Edits the channel; the answer is the view everyone sees (no manager's fields).
pub async fn update(state: &AppState, caller: &Caller, id: Uuid, patch: ChannelPatch) -> AppResult<ChannelView> {
    let before = channels::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let config = match patch.config {
        None => before.config.0.clone(),
        Some(config) => match crate::channels::of(&before.kind).and_then(|n| n.edit_config(config)) {
            Some(edited) => edited?,
            None => return Err(Invalid::single("config", "not_editable").into()),
        },
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
    let row = channels::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = view(state, &row);
    let (audited_before, audited_after) = (audited(&view(state, &before)), audited(&after));
    let entity = ("channel", Some(id));
    audit::record(state, &mut tx, caller, "channel.updated", entity, Some(&audited_before), Some(&audited_after))
        .await?;
    tx.commit().await?;
    // This node's webhooks see the change at once (other nodes within the cache's 2 s).
    state.webhook_channels.forget(id);
    Ok(after)
}

/// The channel's credentials stopped working (CH-7 red): sends pause, administrators hear.
pub async fn mark_unlinked(
    state: &AppState,
    tx: &mut charla_db::Tx,
    org: Uuid,
    channel: &ChannelRow,
    code: &str,
    title: &str,
) -> AppResult<()> {
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
