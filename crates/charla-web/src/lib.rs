//! The web app, embedded: `router()` serves it, with `index.html` for every client route.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    memory_serve::load!()
        .index_file(Some("/index.html"))
        .fallback(Some("/index.html"))
        .fallback_status(StatusCode::OK)
        .html_cache_control(memory_serve::CacheControl::NoCache)
        .into_router()
        .layer(axum::middleware::from_fn(widget_cache))
        .layer(axum::middleware::from_fn(security_headers))
}

/// What the web app's pages may load and run: only this site's own scripts and styles (no
/// inline script, no eval; Preact's style objects go through the CSSOM, which the policy
/// allows), pictures and media also from `data:`/`blob:` (previews), its API and realtime
/// socket; no plugins, no other site framing it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; font-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Every answer of the web app (pages, client routes, assets, the widget's script) carries
/// the policy, refuses framing (also for browsers without `frame-ancestors`), keeps the
/// referrer on this site and forbids type sniffing. The widget's script is unaffected:
/// sites load it as a script, where these headers do not apply, and it renders in a shadow
/// root of their page, not in a frame of this site.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The web chat widget's script keeps one URL forever (sites paste the snippet once), so
/// browsers look for a newer one within the hour instead of the week other assets get.
async fn widget_cache(request: Request, next: Next) -> Response {
    let widget = request.uri().path().starts_with("/widget/");
    let mut response = next.run(request).await;
    if widget && response.status().is_success() {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    }
    response
}
