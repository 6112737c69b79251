//! The widget's JSON and file endpoints; thin: the visitor, then one service call.

use std::net::SocketAddr;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use charla_db::repo;
use charla_domain::webchat::PreChatAnswers;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::VISITOR_HEADER;
use super::cors::Embed;
use crate::api::extract::{ApiJson, ApiQuery, parse_cursor};
use crate::error::{AppResult, ErrorCode};
use crate::services::files::Upload;
use crate::services::webchat::{self, Visitor, VisitorMessage};
use crate::state::{AppState, take_turn};

async fn visitor_of(state: &AppState, embed: &Embed, headers: &HeaderMap) -> AppResult<Visitor> {
    let token = headers.get(VISITOR_HEADER).and_then(|v| v.to_str().ok());
    webchat::visitor(state, embed.org, &embed.channel, token).await
}

pub async fn config(Extension(embed): Extension<Embed>) -> Json<Value> {
    Json(webchat::public_config(&embed.channel))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

pub async fn start(
    State(state): State<AppState>,
    Extension(embed): Extension<Embed>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<StartBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    take_turn(&state.widget_limiter, &peer.ip())?;
    let answers =
        PreChatAnswers { name: body.name.as_deref(), email: body.email.as_deref(), phone: body.phone.as_deref() };
    let token = webchat::start(&state, embed.org, &embed.channel, &answers).await?;
    Ok((StatusCode::CREATED, Json(json!({ "token": token }))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadQuery {
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn thread(
    State(state): State<AppState>,
    Extension(embed): Extension<Embed>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<ThreadQuery>,
) -> AppResult<Json<Value>> {
    let visitor = visitor_of(&state, &embed, &headers).await?;
    let limit = repo::page_limit(q.limit);
    let after = parse_cursor(q.after.as_deref())?;
    let rows = webchat::thread(&state, embed.org, &embed.channel, &visitor, after, limit + 1).await?;
    let (rows, next) = repo::paginate(rows, limit, |m| m.id);
    let items: Vec<Value> = rows.iter().map(|m| webchat::message_view(embed.channel.id, m)).collect();
    Ok(Json(json!({ "items": items, "next": next })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteBody {
    id: Uuid,
    text: Option<String>,
}

/// 201 with a new message; 200 with the one already stored when the widget retries.
fn stored(channel: Uuid, (row, fresh): (repo::messages::MessageRow, bool)) -> (StatusCode, Json<Value>) {
    let status = if fresh { StatusCode::CREATED } else { StatusCode::OK };
    (status, Json(webchat::message_view(channel, &row)))
}

pub async fn write(
    State(state): State<AppState>,
    Extension(embed): Extension<Embed>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<WriteBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    take_turn(&state.widget_write_ip_limiter, &peer.ip())?;
    let visitor = visitor_of(&state, &embed, &headers).await?;
    take_turn(&state.widget_message_limiter, &visitor.contact.id)?;
    let m = VisitorMessage { client_id: body.id, text: body.text.as_deref(), file: None };
    Ok(stored(embed.channel.id, webchat::write(&state, embed.org, &embed.channel, &visitor, &m).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    id: Uuid,
    name: String,
}

/// An attachment is sent as it is uploaded (the raw file as the body, its type in
/// `Content-Type`): a visitor can only attach what they sent themselves.
pub async fn upload(
    State(state): State<AppState>,
    Extension(embed): Extension<Embed>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<UploadQuery>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<Value>)> {
    take_turn(&state.widget_write_ip_limiter, &peer.ip())?;
    let visitor = visitor_of(&state, &embed, &headers).await?;
    take_turn(&state.widget_upload_limiter, &visitor.contact.id)?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let upload = Upload { name: &q.name, content_type, bytes: &body, in_library: false };
    let m = VisitorMessage { client_id: q.id, text: None, file: Some(upload) };
    Ok(stored(embed.channel.id, webchat::write(&state, embed.org, &embed.channel, &visitor, &m).await?))
}

pub async fn read(
    State(state): State<AppState>,
    Extension(embed): Extension<Embed>,
    headers: HeaderMap,
) -> AppResult<StatusCode> {
    let visitor = visitor_of(&state, &embed, &headers).await?;
    webchat::read(&state, embed.org, &embed.channel, &visitor).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn file(
    State(state): State<AppState>,
    Extension(embed): Extension<Embed>,
    headers: HeaderMap,
    Path((_, file_id)): Path<(String, String)>,
) -> AppResult<Response> {
    let visitor = visitor_of(&state, &embed, &headers).await?;
    let file_id = Uuid::try_parse(&file_id).map_err(|_| ErrorCode::NotFound)?;
    let (row, bytes) = webchat::file(&state, embed.org, &embed.channel, &visitor, file_id).await?;
    crate::api::files::bytes_response(&row, bytes)
}
