//! Finding 8e: every answer of the embedded web app (pages, client routes, assets) forbids
//! framing, restricts what the page may load and run, and keeps the referrer on this site.

use charla_testkit::TestApp;

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn assert_hardened(app: &TestApp, path: &str) -> anyhow::Result<()> {
    let response = reqwest::Client::new().get(app.url(path)).send().await?;
    let csp = header(&response, "content-security-policy");
    for directive in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"] {
        assert!(csp.contains(directive), "{path}: {directive} missing from {csp:?}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), "{path}: {csp}");
    assert_eq!(header(&response, "x-frame-options"), "DENY", "{path}");
    assert_eq!(header(&response, "referrer-policy"), "same-origin", "{path}");
    assert_eq!(header(&response, "x-content-type-options"), "nosniff", "{path}");
    Ok(())
}

both!(the_web_app_cannot_be_framed_and_runs_only_its_own_code, |app| async move {
    for path in ["/", "/index.html", "/login", "/conversations/123", "/manifest.webmanifest", "/icon.svg", "/sw.js"] {
        assert_hardened(&app, path).await?;
    }
    // The widget's script is loaded by other sites: it stays a script they may load.
    let script = reqwest::Client::new().get(app.url("/widget/v1/charla.js")).send().await?;
    if script.status().is_success() {
        assert!(header(&script, "content-type").contains("javascript"));
        assert_ne!(header(&script, "cross-origin-resource-policy"), "same-origin");
    }
    Ok(())
});
