//! A local stand-in for the Telegram Bot API: setWebhook, sendMessage, the media sends
//! (JSON or multipart uploads), setMessageReaction, answerCallbackQuery, getFile and file
//! downloads, recording every call.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::fixtures;
use crate::multipart::{self, FormPart};

pub const BOT_TOKEN: &str = "7012345678:AAFakeTokenForTests_0123456789abcdef";
pub const FILE_BYTES: &[u8] = b"%PDF-1.7 fake";

#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    /// The JSON body, or a multipart upload's text fields as strings.
    pub body: Value,
    /// A multipart upload's file part.
    pub file: Option<FormPart>,
}

/// The methods that send a message (and take the queued error answers).
const SENDS: [&str; 6] = ["sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendVideo", "sendSticker"];

/// A queued error answer: for the next send (no method), or the next call of one method.
type Answer = (Option<String>, u16, Value);

#[derive(Clone, Default)]
struct Shared {
    calls: Arc<Mutex<Vec<Call>>>,
    answers: Arc<Mutex<Vec<Answer>>>,
    sent: Arc<Mutex<i64>>,
    /// Bytes file downloads answer instead of `FILE_BYTES` (a hostile or huge file).
    file_body: Arc<Mutex<Option<Vec<u8>>>>,
}

pub struct TelegramStandIn {
    pub api_base_url: String,
    shared: Shared,
}

impl TelegramStandIn {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let shared = Shared::default();
        let app = Router::new()
            .route("/{bot}/{method}", post(method))
            .route("/file/{bot}/{*path}", get(file))
            .with_state(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(TelegramStandIn { api_base_url: base, shared })
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// File downloads answer these bytes from now on.
    pub fn serve_file(&self, bytes: Vec<u8>) {
        if let Ok(mut body) = self.shared.file_body.lock() {
            *body = Some(bytes);
        }
    }

    /// The next message send answers this (an error fixture).
    pub fn answer_next_send(&self, status: u16, body: Value) {
        if let Ok(mut answers) = self.shared.answers.lock() {
            answers.push((None, status, body));
        }
    }

    /// The next call of `method` (one of the sends) answers this; other sends go through.
    pub fn answer_next(&self, method: &str, status: u16, body: Value) {
        if let Ok(mut answers) = self.shared.answers.lock() {
            answers.push((Some(method.to_owned()), status, body));
        }
    }
}

async fn method(
    State(shared): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if bot != format!("bot{BOT_TOKEN}") {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({ "ok": false, "error_code": 401, "description": "Unauthorized" })),
        )
            .into_response();
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (parsed, file) = if content_type.starts_with("multipart/form-data") {
        let parts = multipart::parse(content_type, &body);
        let fields: serde_json::Map<String, Value> =
            parts.iter().filter(|p| p.filename.is_none()).map(|p| (p.name.clone(), json!(p.text()))).collect();
        (Value::Object(fields), parts.into_iter().find(|p| p.filename.is_some()))
    } else {
        (serde_json::from_slice(&body).unwrap_or(Value::Null), None)
    };
    if let Ok(mut calls) = shared.calls.lock() {
        calls.push(Call { method: method.clone(), body: parsed.clone(), file });
    }
    if SENDS.contains(&method.as_str()) {
        let next = shared.answers.lock().ok().and_then(|mut answers| {
            let at = answers.iter().position(|(m, ..)| m.as_deref().is_none_or(|m| m == method))?;
            Some(answers.remove(at))
        });
        if let Some((_, status, body)) = next {
            return (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(body)).into_response();
        }
    }
    match method.as_str() {
        "setWebhook" => axum::Json(fixtures::json("telegram/outbound/set_webhook_response.json")).into_response(),
        "answerCallbackQuery" => axum::Json(json!({ "ok": true, "result": true })).into_response(),
        "getFile" => {
            let mut answer = fixtures::json("telegram/outbound/get_file_response.json");
            answer["result"]["file_id"] = parsed["file_id"].clone();
            axum::Json(answer).into_response()
        }
        "setMessageReaction" => axum::Json(json!({ "ok": true, "result": true })).into_response(),
        m if SENDS.contains(&m) => {
            let mut answer = fixtures::json("telegram/outbound/send_message_response.json");
            let n = shared.sent.lock().map(|mut n| {
                *n += 1;
                *n
            });
            answer["result"]["message_id"] = json!(8 + n.unwrap_or(1));
            if let Some(obj) = answer["result"].as_object_mut() {
                obj.remove("text");
                obj.remove("reply_markup");
            }
            for key in ["text", "caption", "reply_markup"] {
                if !parsed[key].is_null() {
                    answer["result"][key] = parsed[key].clone();
                }
            }
            axum::Json(answer).into_response()
        }
        _ => (StatusCode::NOT_FOUND, axum::Json(json!({ "ok": false, "error_code": 404, "description": "Not Found" })))
            .into_response(),
    }
}

async fn file(State(shared): State<Shared>, Path((bot, _path)): Path<(String, String)>) -> Response {
    if bot != format!("bot{BOT_TOKEN}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let body = shared.file_body.lock().ok().and_then(|b| b.clone()).unwrap_or_else(|| FILE_BYTES.to_vec());
    ([("content-type", "application/octet-stream")], body).into_response()
}
