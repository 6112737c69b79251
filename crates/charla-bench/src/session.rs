//! A logged-in HTTP client: its own cookie jar and the CSRF token the login answered.

use anyhow::{Context, ensure};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

#[derive(Clone)]
pub struct Session {
    http: reqwest::Client,
    base: String,
    csrf: Option<String>,
}

impl Session {
    /// Logs in with `POST /api/v1/session`; fails unless the server answers 200.
    pub async fn login(base: &str, email: &str, password: &str) -> anyhow::Result<Session> {
        // The benches only talk to 127.0.0.1: never through a proxy from the environment.
        let http = reqwest::Client::builder().cookie_store(true).no_proxy().build()?;
        let mut session = Session { http, base: base.to_owned(), csrf: None };
        let reply =
            session.send(Method::POST, "/api/v1/session", Some(json!({"email": email, "password": password}))).await?;
        session.csrf = reply.get("csrf_token").and_then(Value::as_str).map(str::to_owned);
        ensure!(session.csrf.is_some(), "login of {email} answered no CSRF token");
        Ok(session)
    }

    /// GETs `path` and reads the whole body; fails unless 200. Answers the body's length.
    pub async fn fetch(&self, path: &str) -> anyhow::Result<usize> {
        let response = self.http.get(format!("{}{path}", self.base)).send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        ensure!(status == StatusCode::OK, "GET {path}: {status} {}", String::from_utf8_lossy(&body));
        Ok(body.len())
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Value> {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        self.send(Method::PATCH, path, Some(body)).await
    }

    /// Sends a JSON request; fails unless the answer is a success. Answers the JSON body.
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        let mut request = self.http.request(method.clone(), format!("{}{path}", self.base));
        if let Some(token) = &self.csrf {
            request = request.header("x-csrf-token", token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.with_context(|| format!("{method} {path}"))?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "{method} {path}: {status} {text}");
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).with_context(|| format!("{method} {path}: not JSON: {text}"))
    }
}
