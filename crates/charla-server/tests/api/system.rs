//! Health, readiness, metrics and the web app.

use reqwest::StatusCode;

both!(health_ready_metrics_and_web_app, |app| async move {
    let anon = app.client();
    assert_eq!(anon.get("/health").await?.status, StatusCode::OK);
    assert_eq!(anon.get("/ready").await?.status, StatusCode::OK);
    let metrics = anon.get("/metrics").await?.body;
    let text = metrics.as_str().unwrap();
    for family in [
        "charla_http_requests_total",
        "charla_jobs_total",
        "charla_events_relayed_total",
        "charla_realtime_connections",
    ] {
        assert!(text.contains(family), "{family} missing from /metrics");
    }
    // Client routes of the web app are served its index page.
    for path in ["/", "/login", "/settings/users"] {
        let page = anon.get(path).await?;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(
            page.body.as_str().unwrap().contains("<html") || page.body.as_str().unwrap().contains("<!doctype"),
            "{path}"
        );
    }
    Ok(())
});
