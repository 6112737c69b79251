//! Server-side requests of the hostile plan (docs/security/hostile-tests.md), row 7: a
//! webhook's media link or id that points somewhere of the attacker's choosing is never
//! fetched; media comes only from the provider's API host, after the signature is checked.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use charla_testkit::fixtures::{self, config};
use charla_testkit::graph::GraphStandIn;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::desk::{desk, ok};
use crate::whatsapp::{allow_stand_ins, whatsapp_channel};

/// A listener on loopback that counts every connection made to it.
async fn trap() -> anyhow::Result<(String, Arc<AtomicUsize>)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = format!("http://{}", listener.local_addr()?);
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    Ok((address, hits))
}

/// The image fixture with its media pointing wherever `edit` says, signed as Meta signs.
fn image_webhook(wamid: &str, edit: impl FnOnce(&mut Value)) -> (Vec<u8>, String) {
    let mut payload = fixtures::json("whatsapp/image_message.json");
    let message = &mut payload["entry"][0]["changes"][0]["value"]["messages"][0];
    message["id"] = json!(wamid);
    edit(&mut message["image"]);
    let bytes = serde_json::to_vec(&payload).unwrap();
    let signature = charla_channels::signature::sign_sha256(config::APP_SECRET.as_bytes(), &bytes);
    (bytes, signature)
}

both!(webhook_media_links_are_never_fetched, settings = allow_stand_ins, |app| async move {
    let desk = desk(&app, 0, "round_robin").await?;
    let graph = GraphStandIn::start().await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let (trap_url, hits) = trap().await?;
    let webhook = channel["webhook_url"].as_str().unwrap().replace("http://charla.test", &app.base);
    let steal = format!("{trap_url}/steal");
    // (wamid, the image's field, its value): the payload's own URL is the attacker's, only
    // the media id may be used; and a media id that is a URL or a path leads nowhere else.
    let cases = [
        ("wamid.ssrf-url", "url", steal.as_str()),
        ("wamid.ssrf-link", "link", steal.as_str()),
        ("wamid.ssrf-meta", "url", "http://169.254.169.254/latest/meta-data"),
        ("wamid.ssrf-id-url", "id", steal.as_str()),
        ("wamid.ssrf-id-path", "id", "../../../../steal"),
        ("wamid.ssrf-id-file", "id", "file:///etc/passwd"),
    ];
    for (wamid, field, value) in cases {
        let (bytes, signature) = image_webhook(wamid, |image| image[field] = json!(value));
        let status = reqwest::Client::new()
            .post(&webhook)
            .header("content-type", "application/json")
            .header("x-hub-signature-256", signature)
            .body(bytes)
            .send()
            .await?
            .status();
        assert_eq!(status, StatusCode::OK, "{wamid}");
    }
    // The same payload unsigned is refused before anything could be fetched.
    let (bytes, _) = image_webhook("wamid.ssrf-unsigned", |image| image["url"] = json!(format!("{trap_url}/x")));
    let unsigned = reqwest::Client::new()
        .post(&webhook)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", "sha256=00")
        .body(bytes)
        .send()
        .await?;
    assert!(unsigned.status().is_client_error());
    for _ in 0..3 {
        app.run_pending_jobs().await?;
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the server connected to a URL a webhook gave");
    // Media that was fetched came from the Graph stand-in, by the media id.
    let fetched: Vec<String> =
        graph.requests().iter().map(|r| r.path.clone()).filter(|p| p.contains("/media/")).collect();
    assert!(fetched.iter().all(|p| p.starts_with("/media/")), "{fetched:?}");
    let list = ok(desk.admin().get("/api/v1/conversations").await).await?;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    // A media id that is not an id is given up at once, not retried against the API.
    let conversation = list["items"][0]["id"].as_str().unwrap();
    let page = ok(desk.admin().get(&format!("/api/v1/conversations/{conversation}/messages?limit=50")).await).await?;
    let given_up: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["payload"]["media_error"] == "media_id_invalid")
        .collect();
    assert_eq!(given_up.len(), 3, "{page}");
    assert!(given_up.iter().all(|m| m["payload"]["media_pending"] == false));
    Ok(())
});
