//! Finding 4: no secret in an API answer, a job's error or an event. A Telegram bot's
//! token is in every Bot API URL, and an HTTP client's error text prints the URL.

use charla_db::repo::jobs;
use charla_testkit::graph;
use charla_testkit::telegram::BOT_TOKEN;
use serde_json::json;

use crate::desk::{desk, id, ok};

/// A port nothing listens on (bound, then let go).
async fn closed_port() -> anyhow::Result<u16> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    Ok(listener.local_addr()?.port())
}

fn allow_local(settings: &mut charla_server::settings::Settings) {
    settings.allow_private_hosts = vec!["127.0.0.1".to_owned()];
}

/// The part of the token that is secret (after the bot's id).
fn secret_part(token: &str) -> &str {
    token.split_once(':').map_or(token, |(_, secret)| secret)
}

both!(a_failing_bot_api_call_never_shows_the_bot_token, settings = allow_local, |app| async move {
    let desk = desk(&app, 0, "round_robin").await?;
    let port = closed_port().await?;
    let channel = ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "telegram",
                "name": "Bot caído",
                "campaign_id": desk.campaign,
                "config": { "bot_token": BOT_TOKEN, "api_base_url": format!("http://127.0.0.1:{port}") },
            }),
        )
        .await)
    .await?;
    // setWebhook runs as a job and fails: nothing listens there.
    app.run_pending_jobs().await?;
    let listed = ok(desk.admin().get("/api/v1/jobs").await).await?;
    let failed: Vec<_> = listed["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|j| j["last_error"].as_str().is_some_and(|e| !e.is_empty()))
        .collect();
    assert!(!failed.is_empty(), "the call failed and says so: {listed}");
    let text = listed.to_string();
    assert!(!text.contains(secret_part(BOT_TOKEN)), "GET /api/v1/jobs shows the bot token: {text}");
    assert!(text.contains(&format!("127.0.0.1:{port}")), "the error still names the host: {text}");
    for job in failed {
        let job_id = job["id"].as_str().unwrap_or_default().parse()?;
        let row = jobs::get(&app.state.db, desk.org.id, job_id).await?.expect("the job");
        let stored = row.last_error.unwrap_or_default();
        assert!(!stored.contains(secret_part(BOT_TOKEN)), "jobs.last_error keeps the token: {stored}");
    }
    let shown = ok(desk.admin().get(&format!("/api/v1/channels/{}", id(&channel))).await).await?;
    assert!(!shown.to_string().contains(secret_part(BOT_TOKEN)), "{shown}");
    Ok(())
});

both!(a_failing_media_download_never_shows_the_access_token, settings = allow_local, |app| async move {
    // A WhatsApp number whose Graph API is down: the media job fails, its error is shown.
    let desk = desk(&app, 0, "round_robin").await?;
    let port = closed_port().await?;
    let base = format!("http://127.0.0.1:{port}/{}?access_token={}", graph::VERSION, graph::TOKEN);
    let channel = ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "whatsapp",
                "name": "WhatsApp caído",
                "campaign_id": desk.campaign,
                "config": {
                    "phone_number_id": charla_testkit::fixtures::config::NUMBER_A,
                    "waba_id": charla_testkit::fixtures::config::WABA_A,
                    "display_phone_number": charla_testkit::fixtures::config::DISPLAY_A,
                    "access_token": graph::TOKEN,
                    "app_secret": charla_testkit::fixtures::config::APP_SECRET,
                    "verify_token": charla_testkit::fixtures::config::VERIFY_TOKEN,
                    "api_base_url": base,
                },
            }),
        )
        .await)
    .await?;
    let status = crate::whatsapp::deliver(&app, &channel, "image_message.json", None).await?;
    assert_eq!(status, reqwest::StatusCode::OK);
    app.run_pending_jobs().await?;
    let listed = ok(desk.admin().get("/api/v1/jobs").await).await?;
    assert!(listed.to_string().contains("127.0.0.1"), "a failure is listed: {listed}");
    assert!(!listed.to_string().contains(graph::TOKEN), "GET /api/v1/jobs shows the access token: {listed}");
    Ok(())
});
