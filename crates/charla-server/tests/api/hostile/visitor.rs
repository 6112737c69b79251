//! A visitor of a shop's site, talking to the web chat widget's endpoints as a browser does.

use charla_testkit::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::desk::{Desk, desk, id, ok, set_status};

pub const SHOP: &str = "https://shop.example";

pub struct Visitor {
    http: reqwest::Client,
    base: String,
    pub channel: String,
    pub token: String,
}

/// A desk with one online agent and a web chat channel for the shop's site.
pub async fn shop(app: &TestApp) -> anyhow::Result<(Desk, String)> {
    let desk = desk(app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    let channel = ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "webchat",
                "name": "Tienda",
                "campaign_id": desk.campaign,
                "config": { "allowed_origins": [SHOP] },
            }),
        )
        .await)
    .await?;
    Ok((desk, id(&channel)))
}

impl Visitor {
    /// Fills the pre-chat form and keeps the token, as the widget does.
    pub async fn arrive(app: &TestApp, channel: &str, name: &str) -> anyhow::Result<Visitor> {
        let mut visitor = Visitor {
            http: reqwest::Client::new(),
            base: app.base.clone(),
            channel: channel.to_owned(),
            token: String::new(),
        };
        let started = visitor
            .call(Method::POST, "/sessions", Some(("application/json", json!({"name": name}).to_string().into_bytes())))
            .await?;
        anyhow::ensure!(started.status() == StatusCode::CREATED, "{}", started.status());
        let body: Value = started.json().await?;
        visitor.token = body["token"].as_str().unwrap_or_default().to_owned();
        Ok(visitor)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<(&str, Vec<u8>)>,
    ) -> anyhow::Result<reqwest::Response> {
        let url = format!("{}/widget/v1/channels/{}{path}", self.base, self.channel);
        let mut request = self.http.request(method, url).header("origin", SHOP);
        if !self.token.is_empty() {
            request = request.header("x-charla-visitor", &self.token);
        }
        if let Some((content_type, bytes)) = body {
            request = request.header("content-type", content_type).body(bytes);
        }
        Ok(request.send().await?)
    }

    /// Writes a message; answers the status.
    pub async fn write(&self, text: &str) -> anyhow::Result<reqwest::Response> {
        let body = json!({"id": Uuid::now_v7(), "text": text}).to_string().into_bytes();
        self.call(Method::POST, "/messages", Some(("application/json", body))).await
    }

    /// Uploads a file as the widget does (the raw bytes, the type in `Content-Type`).
    pub async fn upload(&self, name: &str, content_type: &str, bytes: &[u8]) -> anyhow::Result<reqwest::Response> {
        let path = format!("/files?id={}&name={name}", Uuid::now_v7());
        self.call(Method::POST, &path, Some((content_type, bytes.to_vec()))).await
    }

    /// The same visitor presenting `token` instead of its own ("" sends none).
    pub fn with_token(&self, token: &str) -> Visitor {
        Visitor {
            http: self.http.clone(),
            base: self.base.clone(),
            channel: self.channel.clone(),
            token: token.to_owned(),
        }
    }

    /// The same visitor, with its token, calling another channel's widget.
    pub fn on(&self, channel: &str) -> Visitor {
        Visitor {
            http: self.http.clone(),
            base: self.base.clone(),
            channel: channel.to_owned(),
            token: self.token.clone(),
        }
    }

    /// The socket URL of the channel's stream.
    pub fn stream_url(&self) -> String {
        format!("{}/widget/v1/channels/{}/stream", self.base.replace("http://", "ws://"), self.channel)
    }
}
