//! `/api/v1/files`: uploads (the raw file as the body, its type in `Content-Type`), the
//! file library (CONV-9), and the bytes, served only to users of the organization.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use charla_db::repo::{self, files};
use charla_domain::access::Permission;
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::files::{self as service, Upload};
use crate::state::AppState;
use crate::views::inbox::file_url;

pub fn view(f: &files::FileRow) -> Value {
    json!({
        "id": f.id,
        "name": f.name,
        "content_type": f.content_type,
        "size": f.size,
        "sha256": f.sha256,
        "in_library": f.in_library,
        "url": file_url(f.id),
        "created_by": f.created_by,
        "created_at": f.created_at.0,
    })
}

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
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::FilesUse)?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let upload = Upload { name: &q.name, content_type, bytes: &body, in_library: q.library };
    let row = service::store(&state, caller.org, Some(caller.user_id), &upload).await?;
    Ok((StatusCode::CREATED, Json(view(&row))))
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
) -> AppResult<Json<Value>> {
    caller.require(Permission::FilesUse)?;
    let limit = repo::page_limit(q.limit);
    let rows = files::library(&state.db, caller.org, parse_cursor(q.after.as_deref())?, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |f| f.id);
    Ok(Json(json!({ "items": rows.iter().map(view).collect::<Vec<_>>(), "next": next })))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    caller.require(Permission::FilesUse)?;
    let row = files::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Json(view(&row)))
}

/// The bytes. Any member of the organization may read them (attachments in conversations).
pub async fn content(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Response> {
    let (row, bytes) = service::read(&state, &caller, id).await?;
    bytes_response(&row, bytes)
}

/// A stored file's bytes with the headers that keep it from running as this site.
pub fn bytes_response(row: &files::FileRow, bytes: Vec<u8>) -> AppResult<Response> {
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
    caller.require(Permission::FilesUse)?;
    let mut tx = state.db.begin().await?;
    if !files::set_in_library(&mut tx, caller.org, id, false).await? {
        return Err(ErrorCode::NotFound.into());
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
