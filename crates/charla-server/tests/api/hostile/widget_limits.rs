//! Finding 6: a widget visitor cannot write or upload without limit (per visitor token and
//! per client IP: 429 with `Retry-After`).

use reqwest::StatusCode;
use serde_json::Value;

use super::visitor::{Visitor, shop};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

async fn assert_limited(response: reqwest::Response, what: &str) -> anyhow::Result<()> {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{what}");
    let wait = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    assert!(wait.is_some_and(|s| s >= 1), "{what}: Retry-After {wait:?}");
    let body: Value = response.json().await?;
    assert_eq!(body["code"], "too_many_requests", "{what}");
    Ok(())
}

both!(
    a_visitor_writing_too_fast_is_told_to_wait,
    settings = |s| {
        s.widget_messages_per_minute = 3;
    },
    |app| async move {
        let (_desk, channel) = shop(&app).await?;
        let ana = Visitor::arrive(&app, &channel, "Ana").await?;
        for n in 0..3 {
            assert_eq!(ana.write(&format!("hola {n}")).await?.status(), StatusCode::CREATED);
        }
        assert_limited(ana.write("hola otra vez").await?, "the 4th message in a minute").await?;
        // Another visitor (on the same IP) has their own budget.
        let bruno = Visitor::arrive(&app, &channel, "Bruno").await?;
        assert_eq!(bruno.write("hola").await?.status(), StatusCode::CREATED);
        Ok(())
    }
);

both!(
    a_visitor_uploading_too_fast_is_told_to_wait,
    settings = |s| {
        s.widget_uploads_per_minute = 2;
    },
    |app| async move {
        let (_desk, channel) = shop(&app).await?;
        let ana = Visitor::arrive(&app, &channel, "Ana").await?;
        for _ in 0..2 {
            assert_eq!(ana.upload("foto.png", "image/png", PNG).await?.status(), StatusCode::CREATED);
        }
        assert_limited(ana.upload("foto.png", "image/png", PNG).await?, "the 3rd upload in a minute").await?;
        Ok(())
    }
);

both!(
    one_client_ip_is_limited_across_visitors,
    settings = |s| {
        s.widget_writes_ip_per_minute = 4;
    },
    |app| async move {
        let (_desk, channel) = shop(&app).await?;
        // New tokens do not buy new budget: the limit follows the address.
        let ana = Visitor::arrive(&app, &channel, "Ana").await?;
        let bruno = Visitor::arrive(&app, &channel, "Bruno").await?;
        assert_eq!(ana.write("1").await?.status(), StatusCode::CREATED);
        assert_eq!(ana.upload("foto.png", "image/png", PNG).await?.status(), StatusCode::CREATED);
        assert_eq!(bruno.write("3").await?.status(), StatusCode::CREATED);
        assert_eq!(bruno.write("4").await?.status(), StatusCode::CREATED);
        assert_limited(bruno.write("5").await?, "the 5th write from one IP").await?;
        assert_limited(ana.upload("foto.png", "image/png", PNG).await?, "an upload past the IP's budget").await?;
        Ok(())
    }
);
