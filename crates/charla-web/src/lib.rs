//! The web app, embedded: `router()` serves it, with `index.html` for every client route.

use axum::Router;
use axum::http::StatusCode;

pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    memory_serve::load!()
        .index_file(Some("/index.html"))
        .fallback(Some("/index.html"))
        .fallback_status(StatusCode::OK)
        .html_cache_control(memory_serve::CacheControl::NoCache)
        .into_router()
}
