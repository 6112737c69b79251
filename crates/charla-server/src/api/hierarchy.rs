//! `/api/v1/clients`, `/api/v1/projects`, `/api/v1/campaigns`: everyone in the organization
//! reads them; `campaigns.manage` creates, edits and archives (`DELETE` archives).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
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
use crate::services::campaign_settings::SettingsPatch;
use crate::services::hierarchy::{self as service, Level, LevelView, NewNodeInput, NodePatch, NodeQuery};
use crate::state::AppState;
use crate::views::Page;
use crate::views::hierarchy::{CampaignView, ClientView, ProjectView};

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

/// Fields of another level named in a request are an error, not silently ignored.
fn refuse_foreign_parents(invalid: &mut Invalid, level: Level, client_id: Option<Uuid>, project_id: Option<Uuid>) {
    if client_id.is_some() && level != Level::Project {
        invalid.add("client_id", "invalid");
    }
    if project_id.is_some() && level != Level::Campaign {
        invalid.add("project_id", "invalid");
    }
}

async fn list<V: LevelView>(state: AppState, caller: Caller, q: ListQuery) -> AppResult<Json<Page<V>>> {
    let mut invalid = Invalid::new();
    refuse_foreign_parents(&mut invalid, V::LEVEL, q.client_id, q.project_id);
    invalid
        .finish()
        .map_err(|_| AppError::Detailed(ErrorCode::InvalidQuery, "filter not valid for this list".to_owned()))?;
    let query = NodeQuery {
        parent_id: q.client_id.or(q.project_id),
        archived: q.archived,
        after: parse_cursor(q.after.as_deref())?,
        limit: q.limit,
    };
    Ok(Json(service::list(&state, caller.org, query).await?))
}

async fn get<V: LevelView>(state: AppState, caller: Caller, id: Uuid) -> AppResult<Json<V>> {
    Ok(Json(service::get(&state, caller.org, id).await?))
}

async fn create<V: LevelView>(state: AppState, caller: Caller, body: CreateBody) -> AppResult<(StatusCode, Json<V>)> {
    let level = V::LEVEL;
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    refuse_foreign_parents(&mut invalid, level, body.client_id, body.project_id);
    if body.description.is_some() && level != Level::Campaign {
        invalid.add("description", "invalid");
    }
    let description = invalid.optional_text("description", body.description.as_deref(), DESCRIPTION_MAX);
    invalid.finish()?;
    let input = NewNodeInput { parent_id: body.client_id.or(body.project_id), name, description };
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, input).await?)))
}

async fn update<V: LevelView>(state: AppState, caller: Caller, id: Uuid, mut body: PatchBody) -> AppResult<Json<V>> {
    let level = V::LEVEL;
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
    Ok(Json(service::update(&state, &caller, id, patch, settings).await?))
}

/// The five handlers of one level, answering its view.
macro_rules! level_handlers {
    ($module:ident, $view:ty) => {
        pub mod $module {
            use super::*;

            pub async fn list(
                State(state): State<AppState>,
                caller: Caller,
                ApiQuery(q): ApiQuery<ListQuery>,
            ) -> AppResult<Json<Page<$view>>> {
                super::list(state, caller, q).await
            }

            pub async fn get(
                State(state): State<AppState>,
                caller: Caller,
                IdPath(id): IdPath,
            ) -> AppResult<Json<$view>> {
                super::get(state, caller, id).await
            }

            pub async fn create(
                State(state): State<AppState>,
                caller: Caller,
                ApiJson(body): ApiJson<CreateBody>,
            ) -> AppResult<(StatusCode, Json<$view>)> {
                super::create(state, caller, body).await
            }

            pub async fn update(
                State(state): State<AppState>,
                caller: Caller,
                IdPath(id): IdPath,
                ApiJson(body): ApiJson<PatchBody>,
            ) -> AppResult<Json<$view>> {
                super::update(state, caller, id, body).await
            }

            /// `DELETE` archives.
            pub async fn archive(
                State(state): State<AppState>,
                caller: Caller,
                IdPath(id): IdPath,
            ) -> AppResult<StatusCode> {
                service::archive(&state, &caller, <$view as LevelView>::LEVEL, id).await?;
                Ok(StatusCode::NO_CONTENT)
            }
        }
    };
}

level_handlers!(clients, ClientView);
level_handlers!(projects, ProjectView);
level_handlers!(campaigns, CampaignView);
