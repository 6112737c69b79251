//! Clients, projects and campaigns: create, edit, archive.

use charla_db::repo::hierarchy::{self, Level, NewNode, NodeUpdate};
use charla_db::repo::{campaign_settings, users};
use charla_domain::campaigns::default_cancel_word;
use charla_domain::ids::new_id;
use charla_domain::people::Language;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::{audit, campaign_rules};
use crate::state::AppState;
use crate::views::hierarchy as node_views;

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

pub async fn create(
    state: &AppState,
    caller: &Caller,
    level: Level,
    parent_id: Option<Uuid>,
    name: &str,
    description: Option<&str>,
) -> AppResult<Value> {
    let now = state.clock.now();
    let id = new_id();
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
    let view = node_views::node(&row, parent_field(level));
    let action = format!("{}.created", entity(level));
    audit::record(state, &mut tx, caller, &action, (entity(level), Some(id)), None, Some(&view)).await?;
    tx.commit().await?;
    Ok(view)
}

pub struct NodePatch {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub archived: Option<bool>,
}

pub async fn update(state: &AppState, caller: &Caller, level: Level, id: Uuid, patch: NodePatch) -> AppResult<Value> {
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
    hierarchy::update(
        &mut tx,
        level,
        caller.org,
        id,
        &NodeUpdate { name: &name, description: description.as_deref(), archived_at, now },
    )
    .await?;
    let after = hierarchy::get(&mut tx, level, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let field = parent_field(level);
    let (before_view, after_view) = (node_views::node(&before, field), node_views::node(&after, field));
    let action = match (before.archived_at.is_some(), after.archived_at.is_some()) {
        (false, true) => "archived",
        (true, false) => "restored",
        _ => "updated",
    };
    let action = format!("{}.{action}", entity(level));
    audit::record(state, &mut tx, caller, &action, (entity(level), Some(id)), Some(&before_view), Some(&after_view))
        .await?;
    tx.commit().await?;
    Ok(after_view)
}
