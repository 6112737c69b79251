//! The real application (`Application::build` + `run_until_stopped`) on its own runtime.
//!
//! The server gets a runtime of its own so that stopping it is dropping that runtime: the
//! HTTP server, the realtime relay and the database pool all go with it.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use charla_domain::ids::new_id;
use charla_domain::time::Clock;
use charla_server::Application;
use charla_server::settings::Settings;
use charla_server::state::AppState;
use charla_server::webhooks::drain;
use charla_testkit::app::Backend;

pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The PostgreSQL database the server runs on; `None` for SQLite in `data_dir`.
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    state: AppState,
    runtime: Option<tokio::runtime::Runtime>,
}

pub fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

impl Server {
    /// Starts the application on 127.0.0.1:0 with a temporary data folder: jobs off, the
    /// login limit raised (every bench client logs in from 127.0.0.1), the system clock.
    /// On PostgreSQL the database is a fresh one in the test kit's throwaway cluster.
    pub fn start(backend: Backend) -> anyhow::Result<Server> {
        Self::start_with(backend, |_| {})
    }

    /// `start`, with `adjust` changing the settings before the application is built.
    pub fn start_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> anyhow::Result<Server> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("charla-server")
            .build()
            .context("building the server runtime")?;
        let data_dir = std::env::temp_dir().join(format!("charla-bench-{}", new_id().simple()));
        let mut settings = Settings::for_data_dir(data_dir.clone());
        settings.run_jobs = false;
        settings.login_ip_per_minute = 1_000_000;
        settings.recovery_ip_per_minute = 1_000_000;
        adjust(&mut settings);
        let started = runtime.block_on(async move {
            if backend == Backend::Postgres {
                settings.database_url = Some(charla_testkit::postgres::fresh_database().await?);
            }
            let database_url = settings.database_url.clone();
            let app = Application::build(settings, Clock::System).await?;
            let base = format!("http://{}", app.local_addr()?);
            let state = app.state().clone();
            tokio::spawn(async move {
                if let Err(err) = app.run_until_stopped().await {
                    eprintln!("bench server stopped: {err:?}");
                }
            });
            anyhow::Ok((base, database_url, state))
        });
        match started {
            Ok((base, database_url, state)) => {
                Ok(Server { base, database_url, data_dir, state, runtime: Some(runtime) })
            }
            Err(err) => {
                runtime.shutdown_background();
                let _ = std::fs::remove_dir_all(&data_dir);
                Err(err)
            }
        }
    }

    /// Applies every webhook event waiting in the intake (jobs are off: nothing else does),
    /// on the server's runtime; returns how many were applied.
    pub async fn drain_intake(&self) -> anyhow::Result<usize> {
        let state = self.state.clone();
        let runtime = self.runtime.as_ref().context("the server is stopped")?;
        runtime.spawn(async move { drain::drain_pending(&state).await }).await?
    }

    /// Runs the intake drain's lanes as a running server does (woken by each webhook)
    /// until `Drain::stop`, which lets each lane finish the batch it holds.
    pub fn spawn_drain(&self) -> anyhow::Result<Drain> {
        let runtime = self.runtime.as_ref().context("the server is stopped")?;
        let stop = Arc::new(AtomicBool::new(false));
        let lanes = (0..drain::LANES)
            .map(|lane| {
                let stop = stop.clone();
                runtime.spawn(drain::run_lane(self.state.clone(), lane, move || !stop.load(Ordering::Relaxed)))
            })
            .collect();
        Ok(Drain { stop, lanes })
    }

    /// Stops the server (drops its runtime) and deletes its data folder.
    pub fn stop(mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(5));
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// The intake drain running inside the bench's server.
pub struct Drain {
    stop: Arc<AtomicBool>,
    lanes: Vec<tokio::task::JoinHandle<()>>,
}

impl Drain {
    pub async fn stop(self) -> anyhow::Result<()> {
        self.stop.store(true, Ordering::Relaxed);
        for lane in self.lanes {
            lane.await?;
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}
