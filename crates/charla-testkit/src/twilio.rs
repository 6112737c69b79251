//! A local stand-in for Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`,
//! a form with HTTP Basic auth) and for an MMS's media (`GET …/Messages/{sid}/Media/{sid}`,
//! with the same auth, redirecting to a CDN URL served at `/cdn/{sid}` without it, as Twilio
//! does). It records every request so tests compare forms with the fixtures' `outbound/`
//! files, and answers as Twilio does: 201 with the message (`sid`, `status: queued`), 401
//! for other credentials (20003), 400 for a number that is not one (21211), or what a test
//! queued. `sign` computes `X-Twilio-Signature` for a call Twilio would make.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::fixtures;

/// The fixtures' account (README "Test configuration").
pub const ACCOUNT_SID: &str = "AC3f2a1b4c5d6e7f8091a2b3c4d5e6f708";
pub const AUTH_TOKEN: &str = "9f86d081884c7d659a2feaa0c55ad015";
pub const NUMBER: &str = "+14155550100";
/// The fixtures' contact.
pub const CONTACT: &str = "+14155550123";
/// What the CDN serves as a media's bytes, after its SID.
pub const MEDIA_BYTES: &[u8] = b"fake-twilio-media:";

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    /// The request's form fields, decoded, in order.
    pub form: Vec<(String, String)>,
}

impl Recorded {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Default)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    /// Answers to the next sends, oldest first: (status, body); empty → a new queued message.
    send_answers: Arc<Mutex<Vec<(u16, Value)>>>,
    sends: Arc<Mutex<u32>>,
}

pub struct TwilioStandIn {
    /// `http://127.0.0.1:<port>`, what a channel's `api_base_url` is set to.
    pub api_base_url: String,
    shared: Shared,
}

impl TwilioStandIn {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let api_base_url = format!("http://{}", listener.local_addr()?);
        let shared = Shared::default();
        let app = Router::new()
            .route("/2010-04-01/Accounts/{account}/Messages.json", post(send))
            .route("/2010-04-01/Accounts/{account}/Messages/{message}/Media/{media}", get(media))
            .route("/cdn/{media}", get(cdn))
            .with_state(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(TwilioStandIn { api_base_url, shared })
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The sends so far (not the media downloads).
    pub fn sends(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.method == "POST").collect()
    }

    /// The next send answers with this status and body (a fixture's answer or an error).
    pub fn answer_next_send(&self, status: u16, body: Value) {
        if let Ok(mut answers) = self.shared.send_answers.lock() {
            answers.push((status, body));
        }
    }
}

/// `X-Twilio-Signature` of a form body posted to `url`, under the fixtures' auth token.
pub fn sign(url: &str, body: &[u8]) -> String {
    let form = charla_channels::twilio::read_form(body).unwrap_or_default();
    charla_channels::twilio::signature(AUTH_TOKEN, url, &form)
}

fn basic() -> String {
    use base64::Engine;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{AUTH_TOKEN}")))
}

fn record(shared: &Shared, method: &str, path: String, headers: &HeaderMap, form: Vec<(String, String)>) {
    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
    if let Ok(mut requests) = shared.requests.lock() {
        requests.push(Recorded { method: method.to_owned(), path, authorization, form });
    }
}

fn authorized(headers: &HeaderMap) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(basic().as_str())
}

fn refused() -> Response {
    let body = json!({ "code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401 });
    (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
}

async fn send(State(shared): State<Shared>, Path(account): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let form: Vec<(String, String)> =
        form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    record(&shared, "POST", format!("/2010-04-01/Accounts/{account}/Messages.json"), &headers, form.clone());
    if account != ACCOUNT_SID || !authorized(&headers) {
        return refused();
    }
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let to = field("To").unwrap_or_default();
    if !(to.starts_with('+') && to.len() >= 9) {
        let mut error = fixtures::json("twilio/outbound/error_21211_invalid_to.json");
        error["message"] = json!(format!("Invalid 'To' Phone Number: {to}"));
        return (StatusCode::BAD_REQUEST, axum::Json(error)).into_response();
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
    let mut answer = fixtures::json("twilio/outbound/send_response_201.json");
    answer["sid"] = json!(format!("SM{n:032x}"));
    answer["to"] = json!(to);
    answer["from"] = json!(field("From"));
    answer["body"] = json!(field("Body"));
    (StatusCode::CREATED, axum::Json(answer)).into_response()
}

async fn media(
    State(shared): State<Shared>,
    Path((account, message, media)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/2010-04-01/Accounts/{account}/Messages/{message}/Media/{media}");
    record(&shared, "GET", path, &headers, Vec::new());
    if account != ACCOUNT_SID || !authorized(&headers) {
        return refused();
    }
    (StatusCode::FOUND, [(header::LOCATION, format!("/cdn/{media}"))]).into_response()
}

async fn cdn(State(shared): State<Shared>, Path(media): Path<String>, headers: HeaderMap) -> Response {
    record(&shared, "GET", format!("/cdn/{media}"), &headers, Vec::new());
    let bytes = [MEDIA_BYTES, media.as_bytes()].concat();
    ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response()
}
