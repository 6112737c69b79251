//! Finding 8f: `/metrics` stays public unless `--metrics-token` is set; then it answers only
//! `Authorization: Bearer <token>`.

use reqwest::StatusCode;

const TOKEN: &str = "metrics-s3cret-token";

async fn scrape(app: &charla_testkit::TestApp, bearer: Option<&str>) -> anyhow::Result<(StatusCode, String)> {
    let mut request = reqwest::Client::new().get(app.url("/metrics"));
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().await?;
    Ok((response.status(), response.text().await?))
}

both!(
    metrics_with_a_token_answer_only_its_bearer,
    settings = |s| {
        s.metrics_token = Some(TOKEN.to_owned());
    },
    |app| async move {
        let (status, body) = scrape(&app, None).await?;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(!body.contains("charla_http_requests_total"), "{body}");
        for wrong in ["metrics-s3cret-tokem", "metrics-s3cret-token-and-more", "", "x"] {
            assert_eq!(scrape(&app, Some(wrong)).await?.0, StatusCode::UNAUTHORIZED, "{wrong:?}");
        }
        let basic = reqwest::Client::new().get(app.url("/metrics")).basic_auth("metrics", Some(TOKEN)).send().await?;
        assert_eq!(basic.status(), StatusCode::UNAUTHORIZED);
        let (status, body) = scrape(&app, Some(TOKEN)).await?;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("charla_http_requests_total"), "{body}");
        Ok(())
    }
);

both!(metrics_without_a_token_stay_public, |app| async move {
    let (status, body) = scrape(&app, None).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("charla_http_requests_total"));
    Ok(())
});
