//! Clients, projects and campaigns: list, read, create, edit, archive. A campaign's answer
//! carries its conversation settings (`campaign_settings`).

use std::future::Future;

pub use charla_db::repo::hierarchy::Level;
use charla_db::repo::hierarchy::{self, ListFilter, NewNode, NodeRow, NodeUpdate};
use charla_db::repo::{self, campaign_settings, users};
use charla_domain::campaigns::default_cancel_word;
use charla_domain::ids::new_id;
use charla_domain::people::Language;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::campaign_settings::SettingsPatch;
use crate::services::{audit, campaign_rules, campaign_settings as settings_service};
use crate::state::AppState;
use crate::views::hierarchy::{CampaignNodeView, CampaignView, ClientView, ProjectView};
use crate::views::{Page, audited};

/// The answer of one level, built from its row.
pub trait LevelView: Serialize + Sized {
    const LEVEL: Level;
    fn build(state: &AppState, org: Uuid, row: &NodeRow) -> impl Future<Output = AppResult<Self>> + Send;
}

impl LevelView for ClientView {
    const LEVEL: Level = Level::Client;
    async fn build(_state: &AppState, _org: Uuid, row: &NodeRow) -> AppResult<Self> {
        Ok(ClientView::from(row))
    }
}

impl LevelView for ProjectView {
    const LEVEL: Level = Level::Project;
    async fn build(_state: &AppState, _org: Uuid, row: &NodeRow) -> AppResult<Self> {
        Ok(ProjectView::from(row))
    }
}

/// A campaign reads its conversation settings too.
impl LevelView for CampaignView {
    const LEVEL: Level = Level::Campaign;
    async fn build(state: &AppState, org: Uuid, row: &NodeRow) -> AppResult<Self> {
        let rules = campaign_rules::load(&state.db, org, row.id).await?;
        let settings = settings_service::view(state, org, &rules).await?;
        Ok(CampaignView { campaign: CampaignNodeView::from(row), settings })
    }
}

pub fn entity(level: Level) -> &'static str {
    match level {
        Level::Client => "client",
        Level::Project => "project",
        Level::Campaign => "campaign",
    }
}

pub fn parent_field(level: Level) -> Option<&'static str> {
    match level {
        Level::Client => None,
        Level::Project => Some("client_id"),
        Level::Campaign => Some("project_id"),
    }
}

fn parent_level(level: Level) -> Option<Level> {
    match level {
        Level::Client => None,
        Level::Project => Some(Level::Client),
        Level::Campaign => Some(Level::Project),
    }
}

/// What the audit log keeps of a row: its view without a campaign's settings.
fn audited_node(level: Level, row: &NodeRow) -> Value {
    match level {
        Level::Client => audited(&ClientView::from(row)),
        Level::Project => audited(&ProjectView::from(row)),
        Level::Campaign => audited(&CampaignNodeView::from(row)),
    }
}

/// A list's filter: the parent (a project's client, a campaign's project) and a keyset page.
pub struct NodeQuery {
    pub parent_id: Option<Uuid>,
    pub archived: Option<bool>,
    pub after: Option<Uuid>,
    pub limit: Option<i64>,
}

pub async fn list<V: LevelView>(state: &AppState, org: Uuid, q: NodeQuery) -> AppResult<Page<V>> {
    let limit = repo::page_limit(q.limit);
    let filter = ListFilter { parent_id: q.parent_id, archived: q.archived, after: q.after, limit };
    let rows = hierarchy::list(&state.db, V::LEVEL, org, &filter).await?;
    let (rows, next) = repo::paginate(rows, limit, |n| n.id);
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        items.push(V::build(state, org, row).await?);
    }
    Ok(Page::new(items, next))
}

pub async fn get<V: LevelView>(state: &AppState, org: Uuid, id: Uuid) -> AppResult<V> {
    let row = hierarchy::get(&state.db, V::LEVEL, org, id).await?.ok_or(ErrorCode::NotFound)?;
    V::build(state, org, &row).await
}

/// A new node, its fields already checked.
pub struct NewNodeInput {
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub description: Option<String>,
}

/// Creates the node under a parent of the caller's organization; a campaign gets its
/// default queue and cancel word in the caller's language.
pub async fn create<V: LevelView>(state: &AppState, caller: &Caller, input: NewNodeInput) -> AppResult<V> {
    let level = V::LEVEL;
    let (now, id, parent_id) = (state.clock.now(), new_id(), input.parent_id);
    let mut tx = state.db.begin().await?;
    if let (Some(parent_level), Some(field)) = (parent_level(level), parent_field(level)) {
        let parent = match parent_id {
            Some(pid) => hierarchy::get(&mut tx, parent_level, caller.org, pid).await?,
            None => None,
        };
        if parent.is_none() {
            let code = if parent_id.is_none() { "required" } else { "invalid" };
            return Err(charla_domain::validation::Invalid::single(field, code).into());
        }
    }
    let (name, description) = (input.name.as_str(), input.description.as_deref());
    hierarchy::insert(&mut tx, level, &NewNode { org: caller.org, id, parent_id, name, description, now }).await?;
    if level == Level::Campaign {
        let language = users::get(&mut tx, caller.org, caller.user_id)
            .await?
            .and_then(|u| Language::parse(&u.language))
            .unwrap_or(Language::Es);
        campaign_rules::create_default_queue(&mut tx, caller.org, id, language, now).await?;
        campaign_settings::set_cancel_word(&mut tx, caller.org, id, default_cancel_word(language)).await?;
    }
    let row = hierarchy::get(&mut tx, level, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let action = format!("{}.created", entity(level));
    let after = audited_node(level, &row);
    audit::record(state, &mut tx, caller, &action, (entity(level), Some(id)), None, Some(&after)).await?;
    tx.commit().await?;
    V::build(state, caller.org, &row).await
}

pub struct NodePatch {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub archived: Option<bool>,
}

/// Edits the node, then a campaign's conversation settings if the patch has any.
pub async fn update<V: LevelView>(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    patch: NodePatch,
    settings: SettingsPatch,
) -> AppResult<V> {
    let row = update_node(state, caller, V::LEVEL, id, patch).await?;
    if !settings.is_empty() {
        settings_service::update(state, caller, id, settings).await?;
    }
    V::build(state, caller.org, &row).await
}

pub async fn archive(state: &AppState, caller: &Caller, level: Level, id: Uuid) -> AppResult<()> {
    let patch = NodePatch { name: None, description: None, archived: Some(true) };
    update_node(state, caller, level, id, patch).await?;
    Ok(())
}

async fn update_node(
    state: &AppState,
    caller: &Caller,
    level: Level,
    id: Uuid,
    patch: NodePatch,
) -> AppResult<NodeRow> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let before = hierarchy::get(&mut tx, level, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let archived_at = match patch.archived {
        Some(true) => before.archived_at.map(|t| t.0).or(Some(now)),
        Some(false) => None,
        None => before.archived_at.map(|t| t.0),
    };
    let name = patch.name.unwrap_or_else(|| before.name.clone());
    let description = patch.description.unwrap_or_else(|| before.description.clone());
    let update = NodeUpdate { name: &name, description: description.as_deref(), archived_at, now };
    hierarchy::update(&mut tx, level, caller.org, id, &update).await?;
    let after = hierarchy::get(&mut tx, level, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let action = match (before.archived_at.is_some(), after.archived_at.is_some()) {
        (false, true) => "archived",
        (true, false) => "restored",
        _ => "updated",
    };
    let action = format!("{}.{action}", entity(level));
    let (before_view, after_view) = (audited_node(level, &before), audited_node(level, &after));
    audit::record(state, &mut tx, caller, &action, (entity(level), Some(id)), Some(&before_view), Some(&after_view))
        .await?;
    tx.commit().await?;
    Ok(after)
}
