//! A local stand-in for Meta's Graph API (WhatsApp Cloud API), speaking its formats:
//! media lookups and downloads with the bearer token, media uploads, message sends and
//! read marks. It records every request (an upload's multipart parts too) so tests can
//! compare bodies with the fixtures.
//!
//! Like Meta, it can post a signed `sent` status webhook for every send it accepted to a
//! configured webhook URL (`echo_statuses_to`), after answering, carrying the send's
//! `biz_opaque_callback_data`; a delivery that is not answered 200 is tried again, with
//! growing pauses, as Meta does. Sends and those statuses can be held back (`hold_sends`,
//! `hold_statuses`) to stand a test inside the network call.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

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

/// Where the stand-in posts the statuses of the sends it accepts, as Meta posts them to an
/// app's webhook: the channel's webhook URL, signed with the app secret, for the number's
/// business account.
#[derive(Clone, Debug)]
pub struct StatusEcho {
    pub webhook_url: String,
    pub app_secret: String,
    pub waba_id: String,
    pub display_phone_number: String,
}

/// How the echoed statuses went: answered 200, or given up after every retry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EchoCounts {
    pub delivered: usize,
    pub given_up: usize,
}

/// A gate that is open, or closed until opened.
#[derive(Clone)]
struct Gate(Arc<tokio::sync::watch::Sender<bool>>);

impl Default for Gate {
    fn default() -> Self {
        Gate(Arc::new(tokio::sync::watch::channel(true).0))
    }
}

impl Gate {
    fn set(&self, open: bool) {
        self.0.send_replace(open);
    }

    async fn passed(&self) {
        let mut open = self.0.subscribe();
        let _ = open.wait_for(|open| *open).await;
    }
}

/// Meta retries a webhook it could not deliver; these pauses grow to `ECHO_PAUSE_MAX` and
/// the stand-in gives up after `ECHO_GIVE_UP` (Meta keeps trying for days).
const ECHO_PAUSE_FIRST: Duration = Duration::from_millis(100);
const ECHO_PAUSE_MAX: Duration = Duration::from_secs(5);
const ECHO_GIVE_UP: Duration = Duration::from_secs(600);

#[derive(Clone, Default)]
struct Shared {
    base: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    /// Answers to the next sends, oldest first: (status, body); empty → the fixture's success.
    send_answers: Arc<Mutex<Vec<(u16, Value)>>>,
    media_failures: Arc<Mutex<u32>>,
    /// Bytes `GET /media/{id}` answers instead of `MEDIA_BYTES` (a hostile or huge file).
    media_body: Arc<Mutex<Option<Vec<u8>>>>,
    sends: Arc<Mutex<u32>>,
    echo: Arc<Mutex<Option<StatusEcho>>>,
    echo_delivered: Arc<AtomicUsize>,
    echo_given_up: Arc<AtomicUsize>,
    /// Set by `stop_echoes`: statuses still being retried are dropped.
    echo_stopped: Arc<std::sync::atomic::AtomicBool>,
    sends_gate: Gate,
    statuses_gate: Gate,
    /// Answers to the next template submissions, oldest first; empty → accepted, PENDING.
    template_answers: Arc<Mutex<Vec<(u16, Value)>>>,
    templates_created: Arc<AtomicUsize>,
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
            .route(&format!("/{VERSION}/{{id}}/message_templates"), get(message_templates).post(create_template))
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
    /// The next template submission gets this answer instead of Graph's acceptance.
    pub fn answer_next_template(&self, status: u16, body: Value) {
        if let Ok(mut answers) = self.shared.template_answers.lock() {
            answers.push((status, body));
        }
    }

    pub fn serve_media(&self, bytes: Vec<u8>) {
        if let Ok(mut body) = self.shared.media_body.lock() {
            *body = Some(bytes);
        }
    }

    pub fn fail_media(&self, n: u32) {
        if let Ok(mut failures) = self.shared.media_failures.lock() {
            *failures = n;
        }
    }

    /// From now on, every accepted send's `sent` status is posted to `echo.webhook_url`.
    pub fn echo_statuses_to(&self, echo: StatusEcho) {
        if let Ok(mut current) = self.shared.echo.lock() {
            *current = Some(echo);
        }
    }

    /// No more statuses: none for later sends, and those still being retried are dropped.
    pub fn stop_echoes(&self) {
        if let Ok(mut current) = self.shared.echo.lock() {
            *current = None;
        }
        self.shared.echo_stopped.store(true, Ordering::Relaxed);
    }

    pub fn echo_counts(&self) -> EchoCounts {
        EchoCounts {
            delivered: self.shared.echo_delivered.load(Ordering::Relaxed),
            given_up: self.shared.echo_given_up.load(Ordering::Relaxed),
        }
    }

    /// Sends are recorded (and accepted) but not answered until `release_sends`: a test
    /// stands inside the network call.
    pub fn hold_sends(&self) {
        self.shared.sends_gate.set(false);
    }

    pub fn release_sends(&self) {
        self.shared.sends_gate.set(true);
    }

    /// Echoed statuses wait until `release_statuses`.
    pub fn hold_statuses(&self) {
        self.shared.statuses_gate.set(false);
    }

    pub fn release_statuses(&self) {
        self.shared.statuses_gate.set(true);
    }
}

/// The `sent` status webhook of an accepted send, in the Cloud API's shape (like the
/// fixtures' `status_sent_*.json`, v24 pricing), with the send's callback data when it had
/// some.
pub fn sent_status(echo: &StatusEcho, phone_number_id: &str, wamid: &str, send: &Value, at: i64) -> Value {
    let recipient = send["to"].as_str().unwrap_or_default().trim_start_matches('+').to_owned();
    let pricing = if send["type"] == "template" {
        json!({ "billable": true, "pricing_model": "PMP", "type": "regular", "category": "marketing" })
    } else {
        json!({ "billable": false, "pricing_model": "PMP", "type": "free_customer_service", "category": "service" })
    };
    let mut status = json!({
        "id": wamid,
        "status": "sent",
        "timestamp": at.to_string(),
        "recipient_id": recipient,
        "pricing": pricing,
    });
    if let (Some(data), Some(fields)) = (send.get("biz_opaque_callback_data"), status.as_object_mut()) {
        fields.insert("biz_opaque_callback_data".to_owned(), data.clone());
    }
    json!({
        "object": "whatsapp_business_account",
        "entry": [{
            "id": echo.waba_id,
            "changes": [{
                "value": {
                    "messaging_product": "whatsapp",
                    "metadata": { "display_phone_number": echo.display_phone_number, "phone_number_id": phone_number_id },
                    "statuses": [status],
                },
                "field": "messages",
            }],
        }],
    })
}

/// Posts the status once `answered` fires or is dropped (the send was answered, or its
/// caller went away) and the statuses gate is open; tries again until a 200 or give-up.
async fn echo_status(shared: Shared, echo: StatusEcho, body: Value, answered: tokio::sync::oneshot::Receiver<()>) {
    let _ = answered.await;
    shared.statuses_gate.passed().await;
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let signature = charla_channels::signature::sign_sha256(echo.app_secret.as_bytes(), &bytes);
    let Ok(http) = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(10)).build() else {
        shared.echo_given_up.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let started = std::time::Instant::now();
    let mut pause = ECHO_PAUSE_FIRST;
    loop {
        let sent = http
            .post(&echo.webhook_url)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", &signature)
            .body(bytes.clone())
            .send()
            .await;
        if sent.is_ok_and(|r| r.status() == reqwest::StatusCode::OK) {
            shared.echo_delivered.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if started.elapsed() >= ECHO_GIVE_UP || shared.echo_stopped.load(Ordering::Relaxed) {
            shared.echo_given_up.fetch_add(1, Ordering::Relaxed);
            return;
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(ECHO_PAUSE_MAX);
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
    let body = shared.media_body.lock().ok().and_then(|b| b.clone()).unwrap_or_else(|| MEDIA_BYTES.to_vec());
    ([("content-type", "image/jpeg")], body).into_response()
}

async fn send(State(shared): State<Shared>, Path(id): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let read_mark = parsed["status"] == "read";
    record(&shared, "POST", format!("/{VERSION}/{id}/messages"), &headers, parsed.clone());
    if read_mark {
        return axum::Json(fixtures::json("whatsapp/outbound/mark_read_response.json")).into_response();
    }
    let next = shared.send_answers.lock().ok().and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)));
    let response = match next {
        Some((status, body)) => {
            (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(body)).into_response()
        }
        None => {
            // The first success answers the fixture's wamid; later ones get their own, as Meta's do.
            let mut answer = fixtures::json("whatsapp/outbound/send_response.json");
            let n = shared
                .sends
                .lock()
                .map(|mut n| {
                    *n += 1;
                    *n
                })
                .ok();
            if let Some(n) = n
                && n > 1
            {
                answer["messages"][0]["id"] = json!(format!("wamid.standin.{n}"));
            }
            // Accepted: Meta will say so in a status webhook, whether or not this answer
            // reaches the caller. The guard fires it once the answer is given (or dropped).
            let echo = shared.echo.lock().ok().and_then(|e| e.clone());
            if let (Some(echo), Some(wamid)) = (echo, answer.pointer("/messages/0/id").and_then(Value::as_str)) {
                let at = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| i64::try_from(d.as_secs()).unwrap_or_default())
                    .unwrap_or_default();
                let status = sent_status(&echo, &id, wamid, &parsed, at);
                let (answered, on_answer) = tokio::sync::oneshot::channel();
                tokio::spawn(echo_status(shared.clone(), echo, status, on_answer));
                shared.sends_gate.passed().await;
                drop(answered);
                return axum::Json(answer).into_response();
            }
            axum::Json(answer).into_response()
        }
    };
    shared.sends_gate.passed().await;
    response
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

/// The id Graph gives the n-th template submitted to the stand-in (from 1).
pub fn created_template_id(n: usize) -> String {
    format!("{}", 1_689_556_908_200_000u64 + n as u64)
}

/// `POST /{waba-id}/message_templates`: a new template for review. Like Graph, it answers
/// the template's id, `PENDING` and the category; a body without a name, language,
/// category or components is refused with Graph's invalid-parameter error (code 100).
async fn create_template(
    State(shared): State<Shared>,
    Path(waba): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    record(&shared, "POST", format!("/{VERSION}/{waba}/message_templates"), &headers, body.clone());
    if !authorized(&headers) {
        return (
            StatusCode::UNAUTHORIZED,
            axum::Json(fixtures::json("whatsapp/outbound/error_190_token_expired.json")),
        )
            .into_response();
    }
    let queued = shared.template_answers.lock().ok().and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)));
    if let Some((status, answer)) = queued {
        return (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST), axum::Json(answer)).into_response();
    }
    let complete = ["name", "language", "category"].iter().all(|k| body[k].as_str().is_some_and(|v| !v.is_empty()))
        && body["components"].as_array().is_some_and(|c| !c.is_empty());
    if !complete {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({ "error": { "message": "Invalid parameter", "type": "OAuthException", "code": 100 } })),
        )
            .into_response();
    }
    let n = shared.templates_created.fetch_add(1, Ordering::Relaxed) + 1;
    axum::Json(json!({ "id": created_template_id(n), "status": "PENDING", "category": body["category"] }))
        .into_response()
}
