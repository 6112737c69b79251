//! `TestApp`: the production wiring (`Application::build`) on 127.0.0.1:0, on either database.

use std::path::PathBuf;
use std::sync::LazyLock;

use anyhow::Context;
use charla_db::repo::{profiles, users};
use charla_domain::access::BuiltinProfile;
use charla_domain::ids::new_id;
use charla_domain::people::Language;
use charla_domain::search::search_key;
use charla_domain::time::{Clock, Ts};
use charla_server::Application;
use charla_server::services::orgs;
use charla_server::settings::Settings;
use charla_server::state::AppState;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use uuid::Uuid;

use crate::smtp::SmtpStandIn;

pub const PASSWORD: &str = "correct horse battery";
static PASSWORD_HASH: LazyLock<String> = LazyLock::new(|| password_auth::generate_hash(PASSWORD));

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub clock: Clock,
    pub smtp: SmtpStandIn,
    pub data_dir: PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// A fixed, realistic start for the test clock: 2026-03-02 14:00 UTC.
pub const CLOCK_START: Ts = Ts::from_micros(1_772_460_000_000_000);

impl TestApp {
    pub async fn spawn(backend: Backend) -> anyhow::Result<Self> {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts the application; `adjust` changes settings (limits) before it is built.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> anyhow::Result<Self> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let data_dir = std::env::temp_dir().join(format!("charla-test-{}", new_id().simple()));
        let smtp = SmtpStandIn::start().await?;
        let mut settings = Settings::for_data_dir(data_dir.clone());
        settings.smtp_url = Some(smtp.url.clone());
        settings.run_jobs = false;
        settings.login_ip_per_minute = 10_000;
        settings.recovery_ip_per_minute = 10_000;
        settings.widget_sessions_ip_per_minute = 10_000;
        settings.widget_messages_per_minute = 10_000;
        settings.widget_uploads_per_minute = 10_000;
        settings.widget_writes_ip_per_minute = 10_000;
        settings.public_url = Some("http://charla.test".to_owned());
        if backend == Backend::Postgres {
            settings.database_url = Some(crate::postgres::fresh_database().await?);
        }
        adjust(&mut settings);
        let clock = Clock::manual(CLOCK_START);
        let app = Application::build(settings, clock.clone()).await?;
        let base = format!("http://{}", app.local_addr()?);
        let state = app.state().clone();
        tokio::spawn(async move {
            if let Err(err) = app.run_until_stopped().await {
                eprintln!("test server stopped: {err:?}");
            }
        });
        Ok(TestApp { base, state, clock, smtp, data_dir })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client with its own cookie jar, logged out.
    pub fn client(&self) -> TestClient {
        TestClient::new(&self.base)
    }

    /// Applies the webhook events waiting in the intake, then runs every background job
    /// that is due at the test clock's time.
    pub async fn run_pending_jobs(&self) -> anyhow::Result<usize> {
        self.drain_intake().await?;
        charla_server::jobs::runner::run_pending(&self.state).await
    }

    /// Applies the webhook events waiting in the intake (what the drain does on its own
    /// when jobs run), without running any other job.
    pub async fn drain_intake(&self) -> anyhow::Result<usize> {
        charla_server::webhooks::drain::drain_pending(&self.state).await
    }

    /// A new organization with its administrator logged in.
    pub async fn org(&self, name: &str) -> anyhow::Result<TestOrg> {
        let admin_email = format!("admin-{}@{}.test", new_id().simple(), name.to_lowercase().replace(' ', "-"));
        let created = orgs::create(
            &self.state.db,
            &self.clock,
            &orgs::NewOrg {
                name,
                admin_name: "Admin",
                admin_email: &admin_email,
                admin_password_hash: Some(&PASSWORD_HASH),
                language: Language::En,
                time_zone: "America/Bogota",
            },
        )
        .await?;
        let admin = self.client();
        admin.login_ok(&admin_email, PASSWORD).await?;
        Ok(TestOrg { id: created.org, admin_id: created.admin, admin_email, admin })
    }

    /// Adds a user with a built-in profile straight to the database and logs them in.
    pub async fn member(&self, org: &TestOrg, builtin: BuiltinProfile) -> anyhow::Result<(Uuid, TestClient)> {
        let profile = profiles::find_builtin(&self.state.db, org.id, builtin.code()).await?.context("no profile")?;
        let id = new_id();
        let email = format!("{}-{}@member.test", builtin.code(), id.simple());
        let mut tx = self.state.db.begin().await?;
        users::insert(
            &mut tx,
            &users::NewUser {
                org: org.id,
                id,
                email: &email,
                name: builtin.default_name(),
                search_key: &search_key(builtin.default_name()),
                language: "en",
                time_zone: "UTC",
                capacity: 5,
                profile_id: profile.id,
                password_hash: Some(&PASSWORD_HASH),
                now: self.clock.now(),
            },
        )
        .await?;
        // As the migration did for the supervisors of its day: every campaign there is now.
        if builtin == BuiltinProfile::Supervisor {
            charla_db::repo::supervision::supervise_all(&mut tx, org.id, id).await?;
        }
        tx.commit().await?;
        let client = self.client();
        client.login_ok(&email, PASSWORD).await?;
        Ok((id, client))
    }
}

pub struct TestOrg {
    pub id: Uuid,
    pub admin_id: Uuid,
    pub admin_email: String,
    pub admin: TestClient,
}

/// An HTTP client that keeps cookies and sends the CSRF token like the web app does.
#[derive(Clone)]
pub struct TestClient {
    http: reqwest::Client,
    jar: std::sync::Arc<reqwest::cookie::Jar>,
    base: String,
    csrf: std::sync::Arc<std::sync::Mutex<Option<String>>>,
    bearer: Option<String>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The problem document's `code`, or "" when the reply is not a problem.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }
}

impl TestClient {
    fn new(base: &str) -> Self {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder().cookie_provider(jar.clone()).build().unwrap_or_default();
        TestClient { http, jar, base: base.to_owned(), csrf: Default::default(), bearer: None }
    }

    /// A client that authenticates with an API token only.
    pub fn with_bearer(&self, token: &str) -> TestClient {
        TestClient {
            http: reqwest::Client::new(),
            jar: Default::default(),
            base: self.base.clone(),
            csrf: Default::default(),
            bearer: Some(token.to_owned()),
        }
    }

    pub fn csrf(&self) -> Option<String> {
        self.csrf.lock().ok().and_then(|c| c.clone())
    }

    pub fn forget_csrf(&self) {
        if let Ok(mut c) = self.csrf.lock() {
            *c = None;
        }
    }

    pub async fn login(&self, email: &str, password: &str) -> anyhow::Result<Reply> {
        let reply = self
            .send(Method::POST, "/api/v1/session", Some(serde_json::json!({"email": email, "password": password})))
            .await?;
        if reply.status == StatusCode::OK
            && let Ok(mut c) = self.csrf.lock()
        {
            *c = reply.body["csrf_token"].as_str().map(str::to_owned);
        }
        Ok(reply)
    }

    pub async fn login_ok(&self, email: &str, password: &str) -> anyhow::Result<()> {
        let reply = self.login(email, password).await?;
        anyhow::ensure!(reply.status == StatusCode::OK, "login failed: {} {}", reply.status, reply.body);
        Ok(())
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Reply> {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> anyhow::Result<Reply> {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> anyhow::Result<Reply> {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> anyhow::Result<Reply> {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> anyhow::Result<Reply> {
        self.send(Method::DELETE, path, None).await
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> anyhow::Result<Reply> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = self.csrf() {
            request = request.header("x-csrf-token", token);
        }
        if let Some(bearer) = &self.bearer {
            request = request.bearer_auth(bearer);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.finish(request).await
    }

    /// Sends a raw body with a content type (for malformed-input tests).
    pub async fn send_raw(&self, method: Method, path: &str, content_type: &str, body: &str) -> anyhow::Result<Reply> {
        let mut request =
            self.http.request(method, format!("{}{path}", self.base)).header("content-type", content_type);
        if let Some(token) = self.csrf() {
            request = request.header("x-csrf-token", token);
        }
        if let Some(bearer) = &self.bearer {
            request = request.bearer_auth(bearer);
        }
        self.finish(request.body(body.to_owned())).await
    }

    /// Sends raw bytes (a file upload) with a content type.
    pub async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> anyhow::Result<Reply> {
        let mut request =
            self.http.request(method, format!("{}{path}", self.base)).header("content-type", content_type);
        if let Some(token) = self.csrf() {
            request = request.header("x-csrf-token", token);
        }
        if let Some(bearer) = &self.bearer {
            request = request.bearer_auth(bearer);
        }
        self.finish(request.body(body)).await
    }

    /// Posts a multipart form: text fields, and files as (field, file name, bytes).
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: Vec<(&str, &str, Vec<u8>)>,
    ) -> anyhow::Result<Reply> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (name, file_name, bytes) in files {
            form = form.part(name.to_string(), reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()));
        }
        let mut request = self.http.post(format!("{}{path}", self.base)).multipart(form);
        if let Some(token) = self.csrf() {
            request = request.header("x-csrf-token", token);
        }
        if let Some(bearer) = &self.bearer {
            request = request.bearer_auth(bearer);
        }
        self.finish(request).await
    }

    async fn finish(&self, request: reqwest::RequestBuilder) -> anyhow::Result<Reply> {
        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok(Reply { status, headers, body })
    }

    /// The cookies this client would send, for opening a WebSocket as this client.
    pub fn cookie_header(&self) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = reqwest::Url::parse(&self.base).ok()?;
        self.jar.cookies(&url).and_then(|v| v.to_str().ok().map(str::to_owned))
    }
}
