//! Finding 9: Meta's webhooks may carry up to 3 MB; webhook routes take up to 4 MB, other
//! routes stay small.

use charla_testkit::fixtures::{self, config};
use charla_testkit::graph::GraphStandIn;
use reqwest::StatusCode;

use crate::desk::desk;

fn allow_local(settings: &mut charla_server::settings::Settings) {
    settings.allow_private_hosts = vec!["127.0.0.1".to_owned()];
}

/// A real message webhook padded (with JSON whitespace) to `size` bytes, and its signature.
fn padded(size: usize) -> (Vec<u8>, String) {
    let mut body = fixtures::bytes("whatsapp/text_message.json");
    body.resize(size.max(body.len()), b' ');
    let signature = charla_channels::signature::sign_sha256(config::APP_SECRET.as_bytes(), &body);
    (body, signature)
}

both!(a_3_mb_signed_whatsapp_webhook_is_taken, settings = allow_local, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 0, "round_robin").await?;
    let channel =
        crate::whatsapp::whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let url = channel["webhook_url"].as_str().unwrap_or_default().replace("http://charla.test", &app.base);
    let post = |size: usize| {
        let (body, signature) = padded(size);
        reqwest::Client::new()
            .post(url.clone())
            .header("content-type", "application/json")
            .header("x-hub-signature-256", signature)
            .body(body)
            .send()
    };
    let taken = post(3 * 1024 * 1024).await?;
    assert_eq!(taken.status(), StatusCode::OK, "{}", taken.text().await?);
    app.drain_intake().await?;
    let all = crate::whatsapp::thread(desk.admin()).await?;
    assert_eq!(all.iter().filter(|m| m["direction"] == "inbound").count(), 1, "{all:?}");
    // Beyond 4 MB is still refused, and other routes keep their small limit.
    assert_eq!(post(5 * 1024 * 1024).await?.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let big_json = format!("{{\"email\": \"a@b.c\", \"password\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let login = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .header("content-type", "application/json")
        .body(big_json)
        .send()
        .await?;
    assert_eq!(login.status(), StatusCode::PAYLOAD_TOO_LARGE);
    Ok(())
});
