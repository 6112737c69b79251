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
