//! `/api/v1/clients`, `/api/v1/projects`, `/api/v1/campaigns`: everyone in the organization
//! reads them; `campaigns.manage` creates, edits and archives (`DELETE` archives).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::{self, hierarchy::Level};
use charla_domain::access::Permission;
use charla_domain::campaigns::{AgentPermissions, OutOfHours};
use charla_domain::schedules::ScheduleInput;
use charla_domain::tenancy::{DESCRIPTION_MAX, check_name};
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::campaign_rules;
use crate::services::campaign_settings::{self, SettingsPatch};
use crate::services::hierarchy::{self as service, NodePatch, parent_field};
use crate::state::AppState;
use crate::views::hierarchy as node_views;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    client_id: Option<Uuid>,
    project_id: Option<Uuid>,
    archived: Option<bool>,
    after: Option<String>,
    limit: Option<i64>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    name: String,
    client_id: Option<Uuid>,
    project_id: Option<Uuid>,
    description: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchBody {
    name: Option<String>,
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    description: Option<Option<String>>,
    archived: Option<bool>,
    // Campaigns only: the conversation settings of the campaign editor.
    assignment_method: Option<String>,
    cancel_word: Option<String>,
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<i64>")]
    inactivity_minutes: Option<Option<i64>>,
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<Uuid>")]
    inactivity_disposition_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<Uuid>")]
    transfer_disposition_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<Uuid>")]
    mass_transfer_disposition_id: Option<Option<Uuid>>,
    #[schemars(with = "Option<Value>")]
    agent_permissions: Option<AgentPermissions>,
    disposition_ids: Option<Vec<Uuid>>,
    /// Opening hours (BOT-1); `null` removes them (always open).
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<Value>")]
    schedule: Option<Option<ScheduleInput>>,
    /// What happens outside them (BOT-2).
    #[serde(default, deserialize_with = "super::extract::double_option::deserialize")]
    #[schemars(with = "Option<Value>")]
    out_of_hours: Option<Option<OutOfHours>>,
}

impl PatchBody {
    fn settings(&mut self) -> SettingsPatch {
        SettingsPatch {
            assignment_method: self.assignment_method.take(),
            cancel_word: self.cancel_word.take(),
            inactivity_minutes: self.inactivity_minutes.take(),
            inactivity_disposition_id: self.inactivity_disposition_id.take(),
            transfer_disposition_id: self.transfer_disposition_id.take(),
            mass_transfer_disposition_id: self.mass_transfer_disposition_id.take(),
            agent_permissions: self.agent_permissions.take(),
            disposition_ids: self.disposition_ids.take(),
            schedule: self.schedule.take(),
            out_of_hours: self.out_of_hours.take(),
        }
    }
}

/// A campaign's view carries its conversation settings.
async fn with_settings(state: &AppState, org: Uuid, level: Level, mut view: Value) -> AppResult<Value> {
    if level != Level::Campaign {
        return Ok(view);
    }
    let Some(id) = view.get("id").and_then(Value::as_str).and_then(|s| Uuid::try_parse(s).ok()) else {
        return Ok(view);
    };
    let rules = campaign_rules::load(&state.db, org, id).await?;
    let settings = campaign_settings::view(state, org, &rules).await?;
    if let (Some(obj), Some(more)) = (view.as_object_mut(), settings.as_object()) {
        obj.extend(more.clone());
    }
    Ok(view)
}

/// Fields of another level named in a request are an error, not silently ignored.
fn refuse_foreign_parents(invalid: &mut Invalid, level: Level, client_id: Option<Uuid>, project_id: Option<Uuid>) {
    if client_id.is_some() && level != Level::Project {
        invalid.add("client_id", "invalid");
    }
    if project_id.is_some() && level != Level::Campaign {
        invalid.add("project_id", "invalid");
    }
}

async fn list(state: AppState, caller: Caller, level: Level, q: ListQuery) -> AppResult<Json<Value>> {
    let mut invalid = Invalid::new();
    refuse_foreign_parents(&mut invalid, level, q.client_id, q.project_id);
    invalid
        .finish()
        .map_err(|_| AppError::Detailed(ErrorCode::InvalidQuery, "filter not valid for this list".to_owned()))?;
    let limit = repo::page_limit(q.limit);
    let filter = repo::hierarchy::ListFilter {
        parent_id: q.client_id.or(q.project_id),
        archived: q.archived,
        after: parse_cursor(q.after.as_deref())?,
        limit,
    };
    let rows = repo::hierarchy::list(&state.db, level, caller.org, &filter).await?;
    let (rows, next) = repo::paginate(rows, limit, |n| n.id);
    let mut items = Vec::new();
    for n in &rows {
        items.push(with_settings(&state, caller.org, level, node_views::node(n, parent_field(level))).await?);
    }
    Ok(Json(node_views::page(items, next)))
}

async fn get(state: AppState, caller: Caller, level: Level, id: Uuid) -> AppResult<Json<Value>> {
    let row = repo::hierarchy::get(&state.db, level, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Json(with_settings(&state, caller.org, level, node_views::node(&row, parent_field(level))).await?))
}

async fn create(
    state: AppState,
    caller: Caller,
    level: Level,
    body: CreateBody,
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::CampaignsManage)?;
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    refuse_foreign_parents(&mut invalid, level, body.client_id, body.project_id);
    if body.description.is_some() && level != Level::Campaign {
        invalid.add("description", "invalid");
    }
    let description = invalid.optional_text("description", body.description.as_deref(), DESCRIPTION_MAX);
    invalid.finish()?;
    let parent = body.client_id.or(body.project_id);
    let view = service::create(&state, &caller, level, parent, &name, description.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(with_settings(&state, caller.org, level, view).await?)))
}

async fn update(
    state: AppState,
    caller: Caller,
    level: Level,
    id: Uuid,
    mut body: PatchBody,
) -> AppResult<Json<Value>> {
    caller.require(Permission::CampaignsManage)?;
    let settings = body.settings();
    if !settings.is_empty() && level != Level::Campaign {
        return Err(AppError::Detailed(
            ErrorCode::InvalidQuery,
            "conversation settings belong to campaigns".to_owned(),
        ));
    }
    let mut invalid = Invalid::new();
    let name = body.name.as_deref().map(|n| check_name(&mut invalid, "name", n));
    if body.description.is_some() && level != Level::Campaign {
        invalid.add("description", "invalid");
    }
    let description = body.description.map(|d| invalid.optional_text("description", d.as_deref(), DESCRIPTION_MAX));
    invalid.finish()?;
    let patch = NodePatch { name, description, archived: body.archived };
    let view = service::update(&state, &caller, level, id, patch).await?;
    if !settings.is_empty() {
        campaign_settings::update(&state, &caller, id, settings).await?;
    }
    Ok(Json(with_settings(&state, caller.org, level, view).await?))
}

async fn archive(state: AppState, caller: Caller, level: Level, id: Uuid) -> AppResult<StatusCode> {
    caller.require(Permission::CampaignsManage)?;
    let patch = NodePatch { name: None, description: None, archived: Some(true) };
    service::update(&state, &caller, level, id, patch).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The five handlers of one level.
macro_rules! level_handlers {
    ($module:ident, $level:expr) => {
        pub mod $module {
            use super::*;

            pub async fn list(
                State(state): State<AppState>,
                caller: Caller,
                ApiQuery(q): ApiQuery<ListQuery>,
            ) -> AppResult<Json<Value>> {
                super::list(state, caller, $level, q).await
            }

            pub async fn get(
                State(state): State<AppState>,
                caller: Caller,
                IdPath(id): IdPath,
            ) -> AppResult<Json<Value>> {
                super::get(state, caller, $level, id).await
            }

            pub async fn create(
                State(state): State<AppState>,
                caller: Caller,
                ApiJson(body): ApiJson<CreateBody>,
            ) -> AppResult<(StatusCode, Json<Value>)> {
                super::create(state, caller, $level, body).await
            }

            pub async fn update(
                State(state): State<AppState>,
                caller: Caller,
                IdPath(id): IdPath,
                ApiJson(body): ApiJson<PatchBody>,
            ) -> AppResult<Json<Value>> {
                super::update(state, caller, $level, id, body).await
            }

            pub async fn archive(
                State(state): State<AppState>,
                caller: Caller,
                IdPath(id): IdPath,
            ) -> AppResult<StatusCode> {
                super::archive(state, caller, $level, id).await
            }
        }
    };
}

level_handlers!(clients, Level::Client);
level_handlers!(projects, Level::Project);
level_handlers!(campaigns, Level::Campaign);
