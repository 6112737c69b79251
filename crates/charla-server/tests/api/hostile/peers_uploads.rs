//! Uploads of the hostile plan (docs/security/hostile-tests.md), row 4: nobody uploads
//! without a credential, an organization never reads or removes another's files, and a
//! widget upload is bound to the visitor's own conversation on the visitor's own channel.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::desk::{id, ok};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";

async fn webchat(org: &charla_testkit::app::TestOrg, origin: &str) -> anyhow::Result<String> {
    let client = ok(org.admin.post("/api/v1/clients", json!({"name": "C"})).await).await?;
    let project = ok(org.admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "P"})).await).await?;
    let campaign =
        ok(org.admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "K"})).await).await?;
    let channel = ok(org
        .admin
        .post(
            "/api/v1/channels",
            json!({"kind": "webchat", "name": "Web", "campaign_id": id(&campaign),
                   "config": {"allowed_origins": [origin]}}),
        )
        .await)
    .await?;
    Ok(id(&channel))
}

struct Visitor {
    http: reqwest::Client,
    origin: &'static str,
    token: String,
}

impl Visitor {
    async fn start(app: &charla_testkit::TestApp, channel: &str, origin: &'static str) -> anyhow::Result<Visitor> {
        let http = reqwest::Client::new();
        let base = app.url(&format!("/widget/v1/channels/{channel}"));
        let started: Value = http
            .post(format!("{base}/sessions"))
            .header("origin", origin)
            .json(&json!({"name": "Ana"}))
            .send()
            .await?
            .json()
            .await?;
        let token = started["token"].as_str().expect("a visitor token").to_owned();
        Ok(Visitor { http, origin, token })
    }

    /// Uploads to `channel`'s widget (any channel, to try the wrong one) with this visitor's token.
    async fn upload_to(&self, base: &str, token: Option<&str>) -> anyhow::Result<(StatusCode, Value)> {
        let mut request = self
            .http
            .post(format!("{base}/files?id={}&name=a.png", uuid::Uuid::now_v7()))
            .header("origin", self.origin)
            .header("content-type", "image/png")
            .body(PNG.to_vec());
        if let Some(token) = token {
            request = request.header("x-charla-visitor", token);
        }
        let response = request.send().await?;
        let status = response.status();
        Ok((status, response.json().await.unwrap_or(Value::Null)))
    }

    async fn fetch(&self, base: &str, path: &str) -> anyhow::Result<StatusCode> {
        let request = self
            .http
            .get(format!("{base}{path}"))
            .header("origin", self.origin)
            .header("x-charla-visitor", &self.token);
        Ok(request.send().await?.status())
    }
}

both!(uploads_are_bound_to_their_owner, |app| async move {
    let a = app.org("Alpha").await?;
    let b = app.org("Beta").await?;
    // The agents' upload route needs a credential.
    let anonymous = app.client();
    let reply = anonymous.send_bytes(Method::POST, "/api/v1/files?name=a.png", "image/png", PNG.to_vec()).await?;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let forged = a.admin.with_bearer("forged");
    let reply = forged.send_bytes(Method::POST, "/api/v1/files?name=a.png", "image/png", PNG.to_vec()).await?;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // A's file is A's: B can neither see it, read it nor remove it.
    let file =
        ok(a.admin.send_bytes(Method::POST, "/api/v1/files?name=a.png&library=true", "image/png", PNG.to_vec()).await)
            .await?;
    let file_id = id(&file);
    for path in [format!("/api/v1/files/{file_id}"), format!("/api/v1/files/{file_id}/content")] {
        assert_eq!(b.admin.get(&path).await?.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(anonymous.get(&path).await?.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(b.admin.delete(&format!("/api/v1/files/{file_id}")).await?.status, StatusCode::NOT_FOUND);
    let library = ok(b.admin.get("/api/v1/files").await).await?;
    assert!(library["items"].as_array().unwrap().is_empty(), "{library}");
    assert_eq!(a.admin.get(&format!("/api/v1/files/{file_id}/content")).await?.status, StatusCode::OK);

    // The widget: a visitor uploads only with their token, only on their own channel.
    let a_channel = webchat(&a, "https://a.example").await?;
    let b_channel = webchat(&b, "https://a.example").await?;
    let ana = Visitor::start(&app, &a_channel, "https://a.example").await?;
    let a_base = app.url(&format!("/widget/v1/channels/{a_channel}"));
    let b_base = app.url(&format!("/widget/v1/channels/{b_channel}"));
    assert_eq!(ana.upload_to(&a_base, None).await?.0, StatusCode::UNAUTHORIZED);
    assert_eq!(ana.upload_to(&a_base, Some("forged")).await?.0, StatusCode::UNAUTHORIZED);
    let (status, _) = ana.upload_to(&b_base, Some(&ana.token)).await?;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a visitor's token opened another organization's widget");
    let (status, uploaded) = ana.upload_to(&a_base, Some(&ana.token)).await?;
    assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    let url = uploaded["attachment"]["url"].as_str().unwrap().to_owned();
    let own_path = url.trim_start_matches(&format!("/widget/v1/channels/{a_channel}")).to_owned();
    assert_eq!(ana.fetch(&a_base, &own_path).await?, StatusCode::OK);
    // Neither another channel's path, nor an agent's library file, nor another visitor.
    assert_eq!(ana.fetch(&b_base, &own_path).await?, StatusCode::UNAUTHORIZED);
    assert_eq!(ana.fetch(&a_base, &format!("/files/{file_id}")).await?, StatusCode::NOT_FOUND);
    let bruno = Visitor::start(&app, &a_channel, "https://a.example").await?;
    assert_eq!(bruno.fetch(&a_base, &own_path).await?, StatusCode::NOT_FOUND);
    Ok(())
});
