//! Queues of a campaign and their member agents (CONV-2).

use charla_db::repo::queues::{self, QueueRow};
use charla_db::repo::{campaign_settings, users};
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::conversations::routing;
use crate::services::{audit, channels::check_campaign};
use crate::state::AppState;
use crate::views::queues::QueueView;
use crate::views::{Page, audited};

pub async fn view(state: &AppState, org: Uuid, q: &QueueRow) -> AppResult<QueueView> {
    let members = queues::members(&state.db, org, q.id).await?;
    let default = campaign_settings::get(&state.db, org, q.campaign_id).await?.and_then(|c| c.default_queue_id);
    Ok(QueueView::new(q, members, default == Some(q.id)))
}

/// Queues of every campaign, or of one, with their members.
pub async fn list(state: &AppState, org: Uuid, campaign: Option<Uuid>) -> AppResult<Page<QueueView>> {
    let mut items = Vec::new();
    for row in queues::list(&state.db, org, campaign).await? {
        items.push(view(state, org, &row).await?);
    }
    Ok(Page::new(items, None::<Uuid>))
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> AppResult<QueueView> {
    let row = queues::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    view(state, org, &row).await
}

/// Member ids must be active users of the organization.
async fn check_members(state: &AppState, org: Uuid, ids: &[Uuid]) -> AppResult<Vec<Uuid>> {
    let mut invalid = Invalid::new();
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match users::get(&state.db, org, *id).await? {
            Some(u) if u.active => {
                if !out.contains(id) {
                    out.push(*id);
                }
            }
            _ => invalid.add(&format!("member_ids.{i}"), "invalid"),
        }
    }
    invalid.finish()?;
    Ok(out)
}

pub async fn create(
    state: &AppState,
    caller: &Caller,
    campaign: Uuid,
    name: &str,
    members: &[Uuid],
) -> AppResult<QueueView> {
    check_campaign(state, caller.org, campaign, "campaign_id").await?;
    let members = check_members(state, caller.org, members).await?;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    queues::insert(&mut tx, caller.org, id, campaign, name, state.clock.now()).await?;
    queues::set_members(&mut tx, caller.org, id, &members).await?;
    tx.commit().await?;
    let row = queues::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = view(state, caller.org, &row).await?;
    let mut tx = state.db.begin().await?;
    audit::record(state, &mut tx, caller, "queue.created", ("queue", Some(id)), None, Some(&audited(&after))).await?;
    tx.commit().await?;
    Ok(after)
}

pub struct QueuePatch {
    pub name: Option<String>,
    pub member_ids: Option<Vec<Uuid>>,
    pub archived: Option<bool>,
}

pub async fn update(state: &AppState, caller: &Caller, id: Uuid, patch: QueuePatch) -> AppResult<QueueView> {
    let row = queues::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let before = view(state, caller.org, &row).await?;
    if patch.archived == Some(true) && before.is_default {
        return Err(ErrorCode::DefaultQueue.into());
    }
    let members = match &patch.member_ids {
        Some(ids) => Some(check_members(state, caller.org, ids).await?),
        None => None,
    };
    let now = state.clock.now();
    let archived_at = match patch.archived {
        Some(true) => row.archived_at.map(|t| t.0).or(Some(now)),
        Some(false) => None,
        None => row.archived_at.map(|t| t.0),
    };
    let mut tx = state.db.begin().await?;
    queues::update(&mut tx, caller.org, id, patch.name.as_deref().unwrap_or(&row.name), archived_at, now).await?;
    if let Some(members) = &members {
        queues::set_members(&mut tx, caller.org, id, members).await?;
    }
    tx.commit().await?;
    let row = queues::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = view(state, caller.org, &row).await?;
    let mut tx = state.db.begin().await?;
    let (audited_before, audited_after) = (audited(&before), audited(&after));
    audit::record(
        state,
        &mut tx,
        caller,
        "queue.updated",
        ("queue", Some(id)),
        Some(&audited_before),
        Some(&audited_after),
    )
    .await?;
    tx.commit().await?;
    // New members may take what waits there now.
    for member in members.unwrap_or_default() {
        routing::fill_agent(state, caller.org, member).await?;
    }
    Ok(after)
}
