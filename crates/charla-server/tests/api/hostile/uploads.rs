//! Finding 8a and HOSTILE-TESTS row 6: a file never runs as this site. A comma-joined
//! `Content-Type`, an SVG, or a page uploaded as an image (by an agent, a widget visitor,
//! or arriving from a network) is served as an octet-stream attachment; every file answer
//! says `nosniff` and carries a sandboxing CSP. Finding 8c: media downloads stop at the
//! network's published maximum.

use charla_testkit::graph::GraphStandIn;
use charla_testkit::telegram::TelegramStandIn;
use charla_testkit::{TestApp, TestClient};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::visitor::{Visitor, shop};
use crate::desk::{desk, id, ok};

const PAGE: &[u8] = b"<html><body><script>alert(document.cookie)</script></body></html>";
const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.cookie)\"/>";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn allow_local(settings: &mut charla_server::settings::Settings) {
    settings.allow_private_hosts = vec!["127.0.0.1".to_owned()];
}

async fn fetch(app: &TestApp, client: &TestClient, path: &str) -> anyhow::Result<reqwest::Response> {
    Ok(reqwest::Client::new()
        .get(app.url(path))
        .header("cookie", client.cookie_header().unwrap_or_default())
        .send()
        .await?)
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The headers every file answer carries, whatever the file.
fn assert_guarded(response: &reqwest::Response, what: &str) {
    assert_eq!(header(response, "x-content-type-options"), "nosniff", "{what}");
    let csp = header(response, "content-security-policy");
    assert!(csp.contains("default-src 'none'") && csp.contains("sandbox"), "{what}: {csp}");
}

/// A hostile file is served for download only, never as a page or image of this site.
fn assert_download_only(response: &reqwest::Response, what: &str) {
    assert_eq!(response.status(), StatusCode::OK, "{what}");
    assert_eq!(header(response, "content-type"), "application/octet-stream", "{what}");
    assert!(header(response, "content-disposition").starts_with("attachment"), "{what}");
    assert_guarded(response, what);
}

both!(agent_uploads_of_pages_svg_and_disguised_html_only_download, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    let hostile: [(&str, &[u8]); 5] = [
        ("image/png, text/html", PAGE),
        ("image/x, text/html", PAGE),
        ("image/svg+xml", SVG),
        ("image/png", PAGE),
        ("image/jpeg", SVG),
    ];
    for (content_type, bytes) in hostile {
        let uploaded =
            admin.send_bytes(Method::POST, "/api/v1/files?name=foto.png", content_type, bytes.to_vec()).await?;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{content_type}: {}", uploaded.body);
        let stored = uploaded.body["content_type"].as_str().unwrap_or_default();
        assert!(!stored.contains(','), "{content_type} stored as {stored}");
        let served = fetch(&app, admin, &format!("/api/v1/files/{}/content", id(&uploaded.body))).await?;
        assert_download_only(&served, content_type);
    }
    // A real picture still shows inline, with the same guards.
    let picture = admin.send_bytes(Method::POST, "/api/v1/files?name=foto.png", "image/png", PNG.to_vec()).await?;
    let served = fetch(&app, admin, &format!("/api/v1/files/{}/content", id(&picture.body))).await?;
    assert_eq!(header(&served, "content-type"), "image/png");
    assert!(header(&served, "content-disposition").starts_with("inline"));
    assert_guarded(&served, "a picture");
    Ok(())
});

both!(widget_uploads_of_pages_are_refused_or_only_download, |app| async move {
    let (_desk, channel) = shop(&app).await?;
    let visitor = Visitor::arrive(&app, &channel, "Mallory").await?;
    for content_type in ["image/png, text/html", "image/x, text/html", "image/svg+xml", "text/html"] {
        let refused = visitor.upload("x.png", content_type, PAGE).await?;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{content_type}");
        let body: Value = refused.json().await?;
        assert_eq!(body["errors"][0]["code"], "unsupported_attachment", "{content_type}: {body}");
    }
    // A page that claims to be a picture is stored, and served for download only.
    let disguised = visitor.upload("foto.png", "image/png", PAGE).await?;
    assert_eq!(disguised.status(), StatusCode::CREATED);
    let message: Value = disguised.json().await?;
    let url = message["attachment"]["url"].as_str().unwrap_or_default().to_owned();
    let path = url.trim_start_matches(&format!("/widget/v1/channels/{channel}"));
    let served = visitor.call(Method::GET, path, None).await?;
    assert_download_only(&served, "a page uploaded as image/png through the widget");
    Ok(())
});

both!(inbound_media_that_is_a_page_only_downloads, settings = allow_local, |app| async move {
    let graph = GraphStandIn::start().await?;
    graph.serve_media(PAGE.to_vec());
    let desk = desk(&app, 0, "round_robin").await?;
    let channel = crate::whatsapp::whatsapp_channel(
        &desk,
        &graph,
        charla_testkit::fixtures::config::NUMBER_A,
        charla_testkit::fixtures::config::WABA_A,
        charla_testkit::fixtures::config::DISPLAY_A,
    )
    .await?;
    assert_eq!(crate::whatsapp::deliver(&app, &channel, "image_message.json", None).await?, StatusCode::OK);
    app.run_pending_jobs().await?;
    let all = crate::whatsapp::thread(desk.admin()).await?;
    let image = all.iter().find(|m| m["kind"] == "image").expect("the image");
    let url = image["attachment"]["url"].as_str().expect("fetched").to_owned();
    let served = fetch(&app, desk.admin(), &url).await?;
    assert_download_only(&served, "an inbound 'image' whose bytes are a page");
    Ok(())
});

/// The job and message state once a download too large was refused.
async fn assert_too_large(admin: &TestClient, kind: &str) -> anyhow::Result<()> {
    let all = crate::whatsapp::thread(admin).await?;
    let media = all.iter().find(|m| m["kind"] == kind).unwrap_or_else(|| panic!("the {kind}: {all:?}"));
    assert!(media["attachment"].is_null(), "nothing stored: {media}");
    assert_eq!(media["payload"]["media_pending"], false, "{media}");
    assert_eq!(media["payload"]["media_error"], "media_too_large", "{media}");
    let jobs = ok(admin.get("/api/v1/jobs").await).await?;
    let failed = jobs["items"].as_array().into_iter().flatten().find(|j| j["kind"] == "media.fetch");
    let error = failed.and_then(|j| j["last_error"].as_str()).unwrap_or_default();
    assert!(error.contains("larger than"), "a clear recorded error: {jobs}");
    Ok(())
}

both!(a_whatsapp_image_beyond_5_mb_is_not_downloaded, settings = allow_local, |app| async move {
    let graph = GraphStandIn::start().await?;
    let mut huge = b"\xff\xd8\xff\xe0".to_vec();
    huge.resize(5 * 1024 * 1024 + 1, 0);
    graph.serve_media(huge);
    let desk = desk(&app, 0, "round_robin").await?;
    let channel = crate::whatsapp::whatsapp_channel(
        &desk,
        &graph,
        charla_testkit::fixtures::config::NUMBER_A,
        charla_testkit::fixtures::config::WABA_A,
        charla_testkit::fixtures::config::DISPLAY_A,
    )
    .await?;
    assert_eq!(crate::whatsapp::deliver(&app, &channel, "image_message.json", None).await?, StatusCode::OK);
    app.run_pending_jobs().await?;
    assert_too_large(desk.admin(), "image").await
});

both!(a_telegram_file_beyond_20_mb_is_not_downloaded, settings = allow_local, |app| async move {
    let stand_in = TelegramStandIn::start().await?;
    stand_in.serve_file(vec![b'%'; 20 * 1024 * 1024 + 1]);
    let desk = desk(&app, 0, "round_robin").await?;
    let channel = crate::telegram::bot(&desk, &stand_in).await?;
    crate::telegram::accepted(&app, &channel, "update_document.json").await?;
    app.run_pending_jobs().await?;
    assert_too_large(desk.admin(), "document").await
});
