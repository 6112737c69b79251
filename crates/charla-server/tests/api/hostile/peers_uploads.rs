//! Uploads of the hostile plan (docs/security/hostile-tests.md), row 4: nobody uploads
//! without a credential, an organization never reads or removes another's files, and a
//! widget upload is bound to the visitor's own conversation on the visitor's own channel.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::visitor::{Visitor, shop};
use crate::desk::{id, ok};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";

both!(uploads_are_bound_to_their_owner, |app| async move {
    let (a, a_channel) = shop(&app).await?;
    let (b, b_channel) = shop(&app).await?;
    // The agents' upload route needs a credential.
    let anonymous = app.client();
    let reply = anonymous.send_bytes(Method::POST, "/api/v1/files?name=a.png", "image/png", PNG.to_vec()).await?;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let forged = a.admin().with_bearer("forged");
    let reply = forged.send_bytes(Method::POST, "/api/v1/files?name=a.png", "image/png", PNG.to_vec()).await?;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // A's file is A's: B can neither see it, read it nor remove it.
    let file = ok(a
        .admin()
        .send_bytes(Method::POST, "/api/v1/files?name=a.png&library=true", "image/png", PNG.to_vec())
        .await)
    .await?;
    let file_id = id(&file);
    for path in [format!("/api/v1/files/{file_id}"), format!("/api/v1/files/{file_id}/content")] {
        assert_eq!(b.admin().get(&path).await?.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(anonymous.get(&path).await?.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(b.admin().delete(&format!("/api/v1/files/{file_id}")).await?.status, StatusCode::NOT_FOUND);
    let library = ok(b.admin().get("/api/v1/files").await).await?;
    assert!(library["items"].as_array().unwrap().is_empty(), "{library}");
    assert_eq!(a.admin().get(&format!("/api/v1/files/{file_id}/content")).await?.status, StatusCode::OK);

    // The widget: a visitor uploads only with their token, only on their own channel.
    let ana = Visitor::arrive(&app, &a_channel, "Ana").await?;
    assert_eq!(ana.with_token("").upload("a.png", "image/png", PNG).await?.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(ana.with_token("forged").upload("a.png", "image/png", PNG).await?.status(), StatusCode::UNAUTHORIZED);
    let elsewhere = ana.on(&b_channel).upload("a.png", "image/png", PNG).await?.status();
    assert_eq!(elsewhere, StatusCode::UNAUTHORIZED, "a visitor's token opened another organization's widget");
    let uploaded = ana.upload("a.png", "image/png", PNG).await?;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let uploaded: Value = uploaded.json().await?;
    let url = uploaded["attachment"]["url"].as_str().unwrap().to_owned();
    let own_path = url.trim_start_matches(&format!("/widget/v1/channels/{a_channel}")).to_owned();
    assert_eq!(ana.call(Method::GET, &own_path, None).await?.status(), StatusCode::OK);
    // Neither another channel's path, nor an agent's library file, nor another visitor.
    assert_eq!(ana.on(&b_channel).call(Method::GET, &own_path, None).await?.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(ana.call(Method::GET, &format!("/files/{file_id}"), None).await?.status(), StatusCode::NOT_FOUND);
    let bruno = Visitor::arrive(&app, &a_channel, "Bruno").await?;
    assert_eq!(bruno.call(Method::GET, &own_path, None).await?.status(), StatusCode::NOT_FOUND);
    Ok(())
});
