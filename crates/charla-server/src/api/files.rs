//! `/api/v1/files`: uploads (the raw file as the body, its type in `Content-Type`), the
//! file library (CONV-9), and the bytes, served only to users of the organization.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::extract::{ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::files::{self as service, FileRow, Upload};
use crate::state::AppState;
use crate::views::Page;
use crate::views::files::FileView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    name: String,
    #[serde(default)]
    library: bool,
}

pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<(StatusCode, Json<FileView>)> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let upload = Upload { name: &q.name, content_type, bytes: &body, in_library: q.library };
    Ok((StatusCode::CREATED, Json(service::upload(&state, &caller, &upload).await?)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LibraryQuery {
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn library(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LibraryQuery>,
) -> AppResult<Json<Page<FileView>>> {
    Ok(Json(service::library(&state, caller.org, parse_cursor(q.after.as_deref())?, q.limit).await?))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<FileView>> {
    Ok(Json(service::get(&state, caller.org, id).await?))
}

/// The bytes. Any member of the organization may read them (attachments in conversations).
pub async fn content(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Response> {
    let (row, bytes) = service::read(&state, &caller, id).await?;
    bytes_response(&row, bytes)
}

/// A stored file's bytes with the headers that keep it from running as this site.
pub fn bytes_response(row: &FileRow, bytes: Vec<u8>) -> AppResult<Response> {
    // Inline only what the allow-list shows (images whose bytes are images, audio, video,
    // PDF); anything else downloads as an octet-stream, so a page or an SVG never runs here.
    let inline = charla_domain::media_type::inline_type(&row.content_type, &bytes);
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    let content_type = inline.as_deref().unwrap_or(charla_domain::media_type::OCTET_STREAM);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(content_type).map_err(anyhow::Error::from)?);
    let disposition = if inline.is_some() { "inline" } else { "attachment" };
    let encoded: String = row.name.chars().filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c)).collect();
    let value = format!("{disposition}; filename=\"{}\"", if encoded.is_empty() { "file" } else { &encoded });
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&value).map_err(anyhow::Error::from)?);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=86400"));
    Ok(response)
}

/// Takes a file out of the library; messages that carry it keep it.
pub async fn remove(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::remove_from_library(&state, caller.org, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
