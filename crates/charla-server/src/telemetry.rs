//! Logs and Prometheus metrics.

use std::sync::OnceLock;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn,memory_serve=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// One recorder per process (tests build many applications in one process).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            let _ = metrics::set_global_recorder(recorder);
            describe();
            handle
        })
        .clone()
}

/// Registers every metric family at start-up so `/metrics` lists them before any traffic.
fn describe() {
    metrics::describe_counter!("charla_http_requests_total", "HTTP requests answered, by status class");
    metrics::describe_counter!("charla_jobs_total", "Background job runs, by kind and outcome");
    metrics::describe_counter!("charla_events_relayed_total", "Realtime events read from the table and fanned out");
    metrics::describe_gauge!("charla_realtime_connections", "Open realtime WebSockets");
    for class in ["2xx", "3xx", "4xx", "5xx"] {
        metrics::counter!("charla_http_requests_total", "class" => class).absolute(0);
    }
    metrics::counter!("charla_jobs_total", "kind" => "none", "outcome" => "done").absolute(0);
    metrics::counter!("charla_events_relayed_total").absolute(0);
    metrics::gauge!("charla_realtime_connections").set(0.0);
}

pub async fn count_requests(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let class = match response.status().as_u16() {
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    metrics::counter!("charla_http_requests_total", "class" => class).increment(1);
    response
}
