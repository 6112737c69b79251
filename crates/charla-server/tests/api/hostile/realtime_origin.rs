//! Finding 8 (part): `/api/v1/realtime` accepted any `Origin`, so a page on another site
//! could open the socket with a logged-in user's cookie. A foreign browser Origin gets 403;
//! this server's own pages and clients that send no Origin (integrations) connect.

use charla_testkit::{TestApp, TestClient};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

async fn handshake(app: &TestApp, client: &TestClient, origin: Option<&str>) -> anyhow::Result<u16> {
    let url = format!("{}/api/v1/realtime", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", client.cookie_header().unwrap_or_default().parse()?);
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse()?);
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((_, response)) => Ok(response.status().as_u16()),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Ok(response.status().as_u16()),
        Err(other) => Err(other.into()),
    }
}

both!(the_realtime_socket_refuses_foreign_origins, |app| async move {
    let org = app.org("Acme").await?;
    for foreign in ["https://evil.example", "http://charla.test.evil.example", "https://charla.test", "null"] {
        assert_eq!(handshake(&app, &org.admin, Some(foreign)).await?, 403, "{foreign}");
    }
    // The public URL (the test kit's), the address it listens on, and no Origin at all.
    assert_eq!(handshake(&app, &org.admin, Some("http://charla.test")).await?, 101);
    assert_eq!(handshake(&app, &org.admin, Some(&app.base)).await?, 101);
    assert_eq!(handshake(&app, &org.admin, None).await?, 101);
    Ok(())
});
