//! `/api/v1/broadcasts` (OUT-2): a broadcast created from an uploaded sheet (multipart,
//! the file spooled to disk as it arrives), the list, and one broadcast.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use charla_domain::broadcasts::lifecycle::Action;
use serde::Deserialize;

use super::broadcast_report::csv_response;
use super::extract::{ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::broadcasts::import::ImportForm;
use crate::services::broadcasts::{self as service};
use crate::services::spreadsheet::spool::Spool;
use crate::state::AppState;
use crate::views::Page;
use crate::views::broadcast_messages::BroadcastMessageView;
use crate::views::broadcasts::{BroadcastDetailView, BroadcastView};

/// Longest text field of the form (a name, a time, a number).
const FIELD_MAX: usize = 1024;

fn multipart_error(err: &MultipartError) -> AppError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::PayloadTooLarge.into()
    } else {
        AppError::Detailed(ErrorCode::ValidationFailed, "the multipart body is malformed".to_owned())
    }
}

async fn text_field(mut field: Field<'_>) -> AppResult<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
        if bytes.len() + chunk.len() > FIELD_MAX {
            return Err(AppError::Detailed(ErrorCode::ValidationFailed, "a form field is too long".to_owned()));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes)
        .map_err(|_| AppError::Detailed(ErrorCode::ValidationFailed, "a form field is not UTF-8".into()))
}

/// Reads the form: text fields kept, the file written to a spool chunk by chunk.
async fn read_form(state: &AppState, mut multipart: Multipart) -> AppResult<ImportForm> {
    let mut form = ImportForm::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|e| multipart_error(&e))? {
        match field.name().unwrap_or_default() {
            "file" => {
                let mut spool = Spool::create(state).await?;
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
                    spool.write(&chunk).await?;
                }
                spool.close().await?;
                form.file = Some(spool);
            }
            "name" => form.name = Some(text_field(field).await?),
            "start_at" => form.start_at = Some(text_field(field).await?),
            "batch_size" => form.batch_size = Some(text_field(field).await?),
            "batch_interval_seconds" => form.batch_interval_seconds = Some(text_field(field).await?),
            "opt_out_word" => form.opt_out_word = Some(text_field(field).await?),
            other => return Err(AppError::Detailed(ErrorCode::UnknownField, format!("unknown form field {other}"))),
        }
    }
    Ok(form)
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<BroadcastDetailView>)> {
    let multipart = multipart.map_err(|_| {
        AppError::Detailed(ErrorCode::UnsupportedMediaType, "send the sheet as multipart/form-data".to_owned())
    })?;
    let form = read_form(&state, multipart).await?;
    Ok((StatusCode::CREATED, Json(service::import::create(&state, &caller, form).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<BroadcastView>>> {
    Ok(Json(service::list(&state, caller.org, parse_cursor(q.after.as_deref())?, q.limit).await?))
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<BroadcastDetailView>> {
    Ok(Json(service::detail(&state, &caller, id).await?))
}

pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<BroadcastDetailView>> {
    Ok(Json(service::actions::act(&state, &caller, id, Action::Start).await?))
}

pub async fn pause(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<BroadcastDetailView>> {
    Ok(Json(service::actions::act(&state, &caller, id, Action::Pause).await?))
}

pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<BroadcastDetailView>> {
    Ok(Json(service::actions::act(&state, &caller, id, Action::Resume).await?))
}

pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<BroadcastDetailView>> {
    Ok(Json(service::actions::act(&state, &caller, id, Action::Cancel).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessagesQuery {
    status: Option<String>,
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn messages(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery<MessagesQuery>,
) -> AppResult<Json<Page<BroadcastMessageView>>> {
    let after = match q.after.as_deref().filter(|a| !a.is_empty()) {
        Some(a) => {
            Some(a.parse::<i64>().map_err(|_| AppError::Detailed(ErrorCode::InvalidQuery, "bad cursor".into()))?)
        }
        None => None,
    };
    let page = (after, q.limit);
    Ok(Json(service::messages(&state, caller.org, id, q.status.as_deref().filter(|s| !s.is_empty()), page).await?))
}

/// The rows the sheet left out, as CSV.
pub async fn invalid_rows_csv(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Response> {
    let bytes = service::exports::invalid_rows_csv(&state, &caller, id).await?;
    csv_response(Body::from(bytes), &format!("broadcast-{id}-invalid-rows.csv"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    status: Option<String>,
}

/// The messages as CSV, of one status when asked; streamed as it is read.
pub async fn messages_csv(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery<ExportQuery>,
) -> AppResult<Response> {
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    let stream = service::exports::messages_csv(&state, &caller, id, status).await?;
    csv_response(Body::from_stream(stream), &format!("broadcast-{id}-messages.csv"))
}
