//! `/api/v1/contacts/imports` (CRM-5): a sheet uploaded as multipart (`file`, spooled to
//! disk as it arrives) and queued; its progress read back. `/api/v1/contacts/export`: the
//! current filter as CSV.

use axum::Json;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::contacts::{ListQuery, query_of};
use super::extract::{ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::contact_exports;
use crate::services::contact_imports as service;
use crate::services::spreadsheet::spool::Spool;
use crate::state::AppState;
use crate::views::contact_imports::{ContactImportQueuedView, ContactImportView};

fn multipart_error(err: &MultipartError) -> AppError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::PayloadTooLarge.into()
    } else {
        AppError::Detailed(ErrorCode::ValidationFailed, "the multipart body is malformed".to_owned())
    }
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<(StatusCode, Json<ContactImportQueuedView>)> {
    let mut multipart = multipart.map_err(|_| {
        AppError::Detailed(ErrorCode::UnsupportedMediaType, "send the sheet as multipart/form-data".to_owned())
    })?;
    let (mut file, mut file_name) = (None, None);
    while let Some(mut field) = multipart.next_field().await.map_err(|e| multipart_error(&e))? {
        if field.name().unwrap_or_default() != "file" || file.is_some() {
            let name = field.name().unwrap_or_default().to_owned();
            return Err(AppError::Detailed(ErrorCode::UnknownField, format!("unexpected form field {name}")));
        }
        file_name = field.file_name().map(str::to_owned);
        let mut spool = Spool::create(&state).await?;
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e))? {
            spool.write(&chunk).await?;
        }
        spool.close().await?;
        file = Some(spool);
    }
    Ok((StatusCode::ACCEPTED, Json(service::queue(&state, &caller, file_name, file).await?)))
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<ContactImportView>> {
    Ok(Json(service::detail(&state, &caller, id).await?))
}

/// The contacts the list's filters find, as a CSV download.
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Response> {
    let bytes = contact_exports::csv(&state, &caller, query_of(q)?).await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"contacts.csv\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
