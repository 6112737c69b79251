//! A local stand-in for Meta's Graph API (WhatsApp Cloud API), speaking its formats:
//! media lookups and downloads with the bearer token, media uploads, message sends and
//! read marks. It records every request (an upload's multipart parts too) so tests can
//! compare bodies with the fixtures.

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

pub const VERSION: &str = "v24.0";
pub const TOKEN: &str = "EAAtest-access-token";
/// What the stand-in serves as any media's bytes.
pub const MEDIA_BYTES: &[u8] = b"\xff\xd8\xff\xe0fake-jpeg-bytes";

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: Value,
    /// The parts of a multipart upload; empty for JSON requests.
    pub form: Vec<FormPart>,
}

impl Recorded {
    /// A send (not a read mark) to `/messages`.
    pub fn is_send(&self) -> bool {
        self.method == "POST" && self.path.ends_with("/messages") && self.body.get("status").is_none()
    }

    pub fn is_upload(&self) -> bool {
        self.method == "POST" && self.path.ends_with("/media")
    }

    pub fn is_read_mark(&self) -> bool {
        self.method == "POST" && self.path.ends_with("/messages") && self.body["status"] == "read"
    }
}

#[derive(Clone, Default)]
struct Shared {
    base: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    /// Answers to the next sends, oldest first: (status, body); empty → the fixture's success.
    send_answers: Arc<Mutex<Vec<(u16, Value)>>>,
    media_failures: Arc<Mutex<u32>>,
    sends: Arc<Mutex<u32>>,
}

pub struct GraphStandIn {
    /// `http://127.0.0.1:<port>/v24.0`, what a channel's `api_base_url` is set to.
    pub api_base_url: String,
    shared: Shared,
}

impl GraphStandIn {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let root = format!("http://{}", listener.local_addr()?);
        let shared = Shared { base: root.clone(), ..Default::default() };
        let app = Router::new()
            .route(&format!("/{VERSION}/{{id}}"), get(media_info))
            .route(&format!("/{VERSION}/{{id}}/messages"), post(send))
            .route(&format!("/{VERSION}/{{id}}/media"), post(upload))
            .route(&format!("/{VERSION}/{{id}}/message_templates"), get(message_templates))
            .route("/media/{id}", get(media_bytes))
            .with_state(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(GraphStandIn { api_base_url: format!("{root}/{VERSION}"), shared })
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The next send answers with this status and body (an error fixture).
    pub fn answer_next_send(&self, status: u16, body: Value) {
        if let Ok(mut answers) = self.shared.send_answers.lock() {
            answers.push((status, body));
        }
    }

    /// The next `n` media downloads fail with 500.
    pub fn fail_media(&self, n: u32) {
        if let Ok(mut failures) = self.shared.media_failures.lock() {
            *failures = n;
        }
    }
}

fn record(shared: &Shared, method: &str, path: String, headers: &HeaderMap, body: Value) {
    record_form(shared, method, path, headers, body, Vec::new());
}

fn record_form(shared: &Shared, method: &str, path: String, headers: &HeaderMap, body: Value, form: Vec<FormPart>) {
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Ok(mut requests) = shared.requests.lock() {
        requests.push(Recorded { method: method.to_owned(), path, authorization, body, form });
    }
}

/// `POST /{phone-number-id}/media`: a multipart upload with `messaging_product`, `type` and
/// `file`; answers the fixture's media id.
async fn upload(State(shared): State<Shared>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let form = multipart::parse(content_type, &body);
    record_form(&shared, "POST", format!("/{VERSION}/{id}/media"), &headers, Value::Null, form.clone());
    if !authorized(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(fixtures::json("whatsapp/outbound/error_190_token_expired.json")),
        )
            .into_response();
    }
    let field = |name: &str| form.iter().find(|p| p.name == name);
    let complete = field("messaging_product").is_some_and(|p| p.text() == "whatsapp")
        && field("type").is_some()
        && field("file").is_some_and(|p| !p.bytes.is_empty());
    if !complete {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({ "error": { "code": 100, "message": "Invalid parameter" } })),
        )
            .into_response();
    }
    axum::Json(fixtures::json("whatsapp/outbound/media_upload_response.json")).into_response()
}

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Bearer {TOKEN}"))
}

async fn media_info(State(shared): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    record(&shared, "GET", format!("/{VERSION}/{id}"), &headers, Value::Null);
    if !authorized(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(fixtures::json("whatsapp/outbound/error_190_token_expired.json")),
        )
            .into_response();
    }
    let mut answer = fixtures::json("whatsapp/outbound/media_url_response.json");
    answer["id"] = json!(id);
    answer["url"] = json!(format!("{}/media/{id}", shared.base));
    axum::Json(answer).into_response()
}

async fn media_bytes(State(shared): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    record(&shared, "GET", format!("/media/{id}"), &headers, Value::Null);
    let fail = shared.media_failures.lock().map(|mut n| {
        let failing = *n > 0;
        *n = n.saturating_sub(1);
        failing
    });
    if fail.unwrap_or(false) {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    if !authorized(&headers) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    ([("content-type", "image/jpeg")], MEDIA_BYTES).into_response()
}

async fn send(State(shared): State<Shared>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let read_mark = parsed["status"] == "read";
    record(&shared, "POST", format!("/{VERSION}/{id}/messages"), &headers, parsed);
    if read_mark {
        return axum::Json(fixtures::json("whatsapp/outbound/mark_read_response.json")).into_response();
    }
    let next = shared.send_answers.lock().ok().and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)));
    match next {
        Some((status, body)) => {
            (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(body)).into_response()
        }
        None => {
            // The first success answers the fixture's wamid; later ones get their own, as Meta's do.
            let mut answer = fixtures::json("whatsapp/outbound/send_response.json");
            let n = shared.sends.lock().map(|mut n| {
                *n += 1;
                *n
            });
            if let Ok(n) = n
                && n > 1
            {
                answer["messages"][0]["id"] = json!(format!("wamid.standin.{n}"));
            }
            axum::Json(answer).into_response()
        }
    }
}

/// The business account's templates, over two pages (as Graph pages them).
async fn message_templates(
    State(shared): State<Shared>,
    Path(waba): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: HeaderMap,
) -> Response {
    record(&shared, "GET", format!("/{VERSION}/{waba}/message_templates"), &headers, Value::Null);
    if !authorized(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(fixtures::json("whatsapp/outbound/error_190_token_expired.json")),
        )
            .into_response();
    }
    let second = query.as_deref().is_some_and(|q| q.contains("after=page2"));
    if second {
        return axum::Json(json!({
            "data": [{
                "name": "abandoned_cart", "language": "es", "status": "REJECTED", "category": "MARKETING",
                "id": "1689556908129835", "rejected_reason": "INVALID_FORMAT",
                "components": [{ "type": "BODY", "text": "{{1}}{{2}} tu carrito te espera" }]
            }],
            "paging": { "cursors": { "before": "page2", "after": "end" } }
        }))
        .into_response();
    }
    axum::Json(json!({
        "data": [
            {
                "name": "order_confirmation", "language": "es_MX", "status": "APPROVED", "category": "UTILITY",
                "id": "1689556908129832", "parameter_format": "NAMED",
                "components": [{ "type": "BODY", "text": "Hola {{first_name}}, tu pedido {{order_number}} está confirmado." }]
            },
            {
                "name": "promo_enero", "language": "es", "status": "APPROVED", "category": "MARKETING",
                "id": "1689556908129833",
                "components": [{ "type": "BODY", "text": "Hola {{1}}, tienes {{2}} de descuento hasta el {{3}}." }]
            }
        ],
        "paging": {
            "cursors": { "before": "start", "after": "page2" },
            "next": format!("{}/{VERSION}/{waba}/message_templates?limit=100&after=page2", shared.base)
        }
    }))
    .into_response()
}
