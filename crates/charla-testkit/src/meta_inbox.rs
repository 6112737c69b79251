//! A local stand-in for Meta's Send API of pages and Instagram accounts
//! (`POST /{version}/{account-id}/messages`, JSON or a multipart upload with `filedata`),
//! and for the CDN their webhooks' attachment URLs point at (`GET /cdn/{name}`). It checks
//! the bearer token, records every request so tests compare bodies with the fixtures'
//! `outbound/` files, and answers as Meta does: `{recipient_id, message_id}`, or the error a
//! test queued.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::multipart::{self, FormPart};

pub const VERSION: &str = "v24.0";
/// The page (or Instagram account) token test channels are created with.
pub const TOKEN: &str = "EAAtest-page-access-token";
/// What the CDN serves as any attachment's bytes.
pub const ATTACHMENT_BYTES: &[u8] = b"\xff\xd8\xff\xe0fake-cdn-jpeg";

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    /// The JSON body; for an upload, its form fields read as JSON where they are.
    pub body: Value,
    /// The parts of a multipart upload; empty for JSON requests.
    pub form: Vec<FormPart>,
}

#[derive(Clone, Default)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    /// Answers to the next sends, oldest first: (status, body); empty → a new message id.
    send_answers: Arc<Mutex<Vec<(u16, Value)>>>,
    sends: Arc<Mutex<u32>>,
}

pub struct MetaInboxStandIn {
    /// `http://127.0.0.1:<port>/v24.0`, what a channel's `api_base_url` is set to.
    pub api_base_url: String,
    /// `http://127.0.0.1:<port>`: attachment URLs are `{root}/cdn/{name}`.
    pub root: String,
    shared: Shared,
}

impl MetaInboxStandIn {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let root = format!("http://{}", listener.local_addr()?);
        let shared = Shared::default();
        let app = Router::new()
            .route(&format!("/{VERSION}/{{id}}/messages"), post(send))
            .route("/cdn/{name}", get(attachment))
            .with_state(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MetaInboxStandIn { api_base_url: format!("{root}/{VERSION}"), root, shared })
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The sends so far (not the CDN downloads).
    pub fn sends(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.method == "POST").collect()
    }

    /// The next send answers with this status and body (a fixture's answer or an error).
    pub fn answer_next_send(&self, status: u16, body: Value) {
        if let Ok(mut answers) = self.shared.send_answers.lock() {
            answers.push((status, body));
        }
    }

    /// An attachment URL on this stand-in's CDN.
    pub fn attachment_url(&self, name: &str) -> String {
        format!("{}/cdn/{name}", self.root)
    }
}

fn record(shared: &Shared, method: &str, path: String, headers: &HeaderMap, body: Value, form: Vec<FormPart>) {
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Ok(mut requests) = shared.requests.lock() {
        requests.push(Recorded { method: method.to_owned(), path, authorization, body, form });
    }
}

/// An upload's form fields as the JSON body they stand for (`recipient`, `message` are JSON).
fn fields_as_json(form: &[FormPart]) -> Value {
    let fields = form.iter().filter(|p| p.name != "filedata").map(|p| {
        let text = p.text();
        (p.name.clone(), serde_json::from_str(&text).unwrap_or(Value::String(text)))
    });
    Value::Object(fields.collect())
}

async fn send(State(shared): State<Shared>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (parsed, form) = if content_type.starts_with("multipart/") {
        let form = multipart::parse(content_type, &body);
        (fields_as_json(&form), form)
    } else {
        (serde_json::from_slice(&body).unwrap_or(Value::Null), Vec::new())
    };
    record(&shared, "POST", format!("/{VERSION}/{id}/messages"), &headers, parsed.clone(), form);
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {TOKEN}")) {
        let expired =
            json!({ "error": { "message": "Error validating access token", "type": "OAuthException", "code": 190 } });
        return (StatusCode::UNAUTHORIZED, axum::Json(expired)).into_response();
    }
    if parsed.pointer("/recipient/id").and_then(Value::as_str).is_none() {
        let invalid = json!({ "error": { "message": "(#100) The parameter recipient is required", "code": 100 } });
        return (StatusCode::BAD_REQUEST, axum::Json(invalid)).into_response();
    }
    if let Some((status, body)) = shared.send_answers.lock().ok().and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)))
    {
        return (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(body)).into_response();
    }
    let n = shared
        .sends
        .lock()
        .map(|mut n| {
            *n += 1;
            *n
        })
        .unwrap_or_default();
    axum::Json(json!({ "recipient_id": parsed["recipient"]["id"], "message_id": format!("m_standin_{n}") }))
        .into_response()
}

async fn attachment(State(shared): State<Shared>, Path(name): Path<String>, headers: HeaderMap) -> Response {
    record(&shared, "GET", format!("/cdn/{name}"), &headers, Value::Null, Vec::new());
    ([("content-type", "image/jpeg")], ATTACHMENT_BYTES.to_vec()).into_response()
}
