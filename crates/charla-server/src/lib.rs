//! The Charla application: wiring of settings, database, HTTP, jobs and realtime.

pub mod api;
pub mod auth;
pub mod backup;
pub mod channels;
pub mod demo;
pub mod error;
pub mod jobs;
pub mod locales;
pub mod mail;
pub mod outbound_http;
pub mod realtime;
pub mod secrets;
pub mod services;
pub mod settings;
pub mod state;
mod telemetry;
pub mod views;
pub mod webhooks;
pub mod widget;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use charla_domain::time::Clock;

use tokio::net::TcpListener;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::api::problem::Problem;
use crate::error::ErrorCode;
use crate::mail::Mailer;
use crate::realtime::hub::Hub;
use crate::secrets::SecretBox;
use crate::settings::Settings;
use crate::state::{AppState, Inner, login_limiter, per_minute_limiter};

pub use telemetry::init_tracing;

pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects and migrates the database, binds the listener, and prepares the state.
    pub async fn build(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&settings.data_dir).context("creating the data folder")?;
        let db = charla_db::connect(settings.database_url.as_deref(), &settings.data_dir).await?;
        charla_db::migrate(&db).await.context("migrating the database")?;
        let secrets = SecretBox::load_or_create(&settings.secret_key_path())?;
        let mailer = Mailer::new(settings.smtp_url.as_deref(), &settings.mail_from, &settings.data_dir)?;
        let listener =
            TcpListener::bind(settings.listen).await.with_context(|| format!("binding {}", settings.listen))?;
        let intake_appliers = webhooks::drain::appliers(db.backend());
        let state = AppState(Arc::new(Inner {
            db,
            clock,
            login_limiter: login_limiter(settings.login_ip_per_minute),
            recovery_limiter: login_limiter(settings.recovery_ip_per_minute),
            password_work: auth::password::PasswordWork::for_this_machine(),
            widget_limiter: login_limiter(settings.widget_sessions_ip_per_minute),
            widget_message_limiter: per_minute_limiter(settings.widget_messages_per_minute),
            widget_upload_limiter: per_minute_limiter(settings.widget_uploads_per_minute),
            widget_write_ip_limiter: per_minute_limiter(settings.widget_writes_ip_per_minute),
            api_token_limiter: per_minute_limiter(settings.api_token_per_minute),
            pacer: crate::jobs::pacing::Pacer::new(&settings),
            held_jobs: crate::jobs::runner::Held::default(),
            settings,
            mailer,
            secrets,
            hub: Hub::default(),
            metrics: telemetry::metrics_handle(),
            jobs_wake: tokio::sync::Notify::new(),
            intake_wake: std::array::from_fn(|_| tokio::sync::Notify::new()),
            intake_appliers,
            webhook_channels: webhooks::ChannelCache::default(),
        }));
        Ok(Application { listener, state })
    }

    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until Ctrl-C or SIGTERM; runs the relay and, when enabled, the job runner and
    /// the intake drain. Stopping finishes the requests in progress, lets the runner finish
    /// the job in hand and hand back the rest of its batch, and lets each drain lane finish
    /// its batch (at most `STOP_GRACE`), so another node carries on at once.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let state = self.state;
        services::campaign_rules::backfill_default_queues(&state)
            .await
            .map_err(|e| anyhow::anyhow!("giving campaigns their default queue: {e:?}"))?;
        tokio::spawn(realtime::relay::run_forever(state.clone()));
        tokio::spawn(state::forget_idle_limits_forever(state.clone()));
        let stopping = Arc::new(AtomicBool::new(false));
        let mut workers = tokio::task::JoinSet::new();
        if state.settings.run_jobs {
            jobs::kinds::purge_events::schedule(&state, state.clock.now())
                .await
                .map_err(|e| anyhow::anyhow!("scheduling the event purge: {e:?}"))?;
            let running = stopping.clone();
            workers.spawn(jobs::runner::run_while(state.clone(), move || !running.load(Ordering::Relaxed)));
            for lane in 0..webhooks::drain::LANES {
                let running = stopping.clone();
                workers.spawn(webhooks::drain::run_lane(state.clone(), lane, move || !running.load(Ordering::Relaxed)));
            }
        }
        let app = router(state);
        let signalled = stopping.clone();
        let served = axum::serve(self.listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                signalled.store(true, Ordering::Relaxed);
            })
            .await;
        stopping.store(true, Ordering::Relaxed);
        let finished = tokio::time::timeout(STOP_GRACE, async { while workers.join_next().await.is_some() {} }).await;
        if finished.is_err() {
            tracing::warn!("background work still running after the stop grace; its claims lapse with their leases");
        }
        Ok(served?)
    }
}

/// How long a stopping node waits for its job runner and drain lanes to put down their work.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(20);

pub fn router(state: AppState) -> Router {
    // Per-route limits sit on each route (JSON: api::BODY_LIMIT); this bounds everything.
    let upload_limit = state.settings.max_upload_mb.max(1) * 1024 * 1024;
    let api = api::router(&state)
        .merge(webhooks::router().layer(axum::extract::DefaultBodyLimit::max(webhooks::BODY_LIMIT)))
        .merge(widget::router(&state))
        .route("/health", get(api::system::health))
        .route("/ready", get(api::system::ready))
        .route("/metrics", get(api::system::metrics))
        .route("/api", get(api_not_found))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed);
    api.fallback_service(charla_web::router::<()>())
        .layer(axum::middleware::from_fn(telemetry::count_requests))
        .layer(RequestBodyLimitLayer::new(upload_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn api_not_found(uri: Uri) -> Response {
    Problem::of(ErrorCode::NotFound).with_detail(format!("No route {}", uri.path())).into_response()
}

async fn method_not_allowed() -> Response {
    Problem::of(ErrorCode::MethodNotAllowed).into_response()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
