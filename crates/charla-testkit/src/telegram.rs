//! A local stand-in for the Telegram Bot API: setWebhook, sendMessage, answerCallbackQuery,
//! getFile and file downloads, recording every call.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::fixtures;

pub const BOT_TOKEN: &str = "7012345678:AAFakeTokenForTests_0123456789abcdef";
pub const FILE_BYTES: &[u8] = b"%PDF-1.7 fake";

#[derive(Clone, Debug)]
pub struct Call {
    pub method: String,
    pub body: Value,
}

#[derive(Clone, Default)]
struct Shared {
    calls: Arc<Mutex<Vec<Call>>>,
    answers: Arc<Mutex<Vec<(u16, Value)>>>,
    sent: Arc<Mutex<i64>>,
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

    /// The next sendMessage answers this (an error fixture).
    pub fn answer_next_send(&self, status: u16, body: Value) {
        if let Ok(mut answers) = self.shared.answers.lock() {
            answers.push((status, body));
        }
    }
}

async fn method(State(shared): State<Shared>, Path((bot, method)): Path<(String, String)>, body: Bytes) -> Response {
    if bot != format!("bot{BOT_TOKEN}") {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(json!({ "ok": false, "error_code": 401, "description": "Unauthorized" })),
        )
            .into_response();
    }
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Ok(mut calls) = shared.calls.lock() {
        calls.push(Call { method: method.clone(), body: parsed.clone() });
    }
    match method.as_str() {
        "setWebhook" => axum::Json(fixtures::json("telegram/outbound/set_webhook_response.json")).into_response(),
        "answerCallbackQuery" => axum::Json(json!({ "ok": true, "result": true })).into_response(),
        "getFile" => {
            let mut answer = fixtures::json("telegram/outbound/get_file_response.json");
            answer["result"]["file_id"] = parsed["file_id"].clone();
            axum::Json(answer).into_response()
        }
        "sendMessage" => {
            let next = shared.answers.lock().ok().and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)));
            if let Some((status, body)) = next {
                return (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(body))
                    .into_response();
            }
            let mut answer = fixtures::json("telegram/outbound/send_message_response.json");
            let n = shared.sent.lock().map(|mut n| {
                *n += 1;
                *n
            });
            answer["result"]["message_id"] = json!(8 + n.unwrap_or(1));
            answer["result"]["text"] = parsed["text"].clone();
            axum::Json(answer).into_response()
        }
        _ => (StatusCode::NOT_FOUND, axum::Json(json!({ "ok": false, "error_code": 404, "description": "Not Found" })))
            .into_response(),
    }
}

async fn file(Path((bot, _path)): Path<(String, String)>) -> Response {
    if bot != format!("bot{BOT_TOKEN}") {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    ([("content-type", "application/octet-stream")], FILE_BYTES).into_response()
}
