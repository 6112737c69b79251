//! The `charla` binary as a child process on a database on disk, so it can be killed with
//! SIGKILL and started again on the same data (the `crash` bench).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::process::{Child, Command};

/// The password the demo organization gets (`CHARLA_DEMO_PASSWORD`).
pub const DEMO_PASSWORD: &str = "bench horse battery staple";
/// The demo organization's administrator.
pub const DEMO_ADMIN: &str = "admin@demo.test";

/// How to start the server; the same every time, so a restart is on the same data and port.
pub struct Launch {
    pub binary: PathBuf,
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub port: u16,
    /// Hosts the SSRF guard lets through: the Graph API stand-in's.
    pub allow_private_hosts: String,
    /// Sends a second per number, and how many may go to one recipient at once: high, so
    /// the outbox is not held back by WhatsApp's published limits during the bench.
    pub send_rate_per_second: u32,
    pub pair_burst: u32,
    /// The public URL when the server sits behind a proxy (default: its own address).
    pub public_url: Option<String>,
    /// Whether it makes the demo organization (only one of several nodes should).
    pub demo: bool,
}

impl Launch {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the server and waits until `/ready` answers 200 (at most `wait`).
    pub async fn start(&self, wait: Duration) -> anyhow::Result<Child> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir.join("server.log"))
            .context("opening the server log")?;
        let mut command = Command::new(&self.binary);
        command
            .arg("--listen")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--data-dir")
            .arg(&self.data_dir)
            .arg("--public-url")
            .arg(self.public_url.clone().unwrap_or_else(|| self.base()))
            .arg("--allow-private-hosts")
            .arg(&self.allow_private_hosts)
            .arg("--login-ip-per-minute")
            .arg("100000")
            .arg("--send-rate-per-second")
            .arg(self.send_rate_per_second.to_string())
            .arg("--pair-burst")
            .arg(self.pair_burst.to_string())
            .env("CHARLA_DEMO_PASSWORD", DEMO_PASSWORD)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true);
        if let Some(url) = &self.database_url {
            command.arg("--database-url").arg(url);
        }
        if self.demo {
            command.arg("--demo");
        }
        let mut child = command.spawn().with_context(|| format!("starting {}", self.binary.display()))?;
        let http = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(2)).build()?;
        let started = Instant::now();
        while started.elapsed() < wait {
            if let Some(status) = child.try_wait()? {
                bail!("the server exited at start ({status}); see {}", self.data_dir.join("server.log").display());
            }
            if let Ok(response) = http.get(format!("{}/ready", self.base())).send().await
                && response.status().is_success()
            {
                return Ok(child);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = child.kill().await;
        bail!("the server was not ready within {} s", wait.as_secs())
    }
}

/// SIGKILL (`kill -9`): no shutdown code runs; then reaps the process.
pub async fn kill_9(child: &mut Child) -> anyhow::Result<()> {
    child.kill().await.context("kill -9 of the server")
}

/// SIGTERM, as a service manager stops a node, then waits (at most `wait`) for it to exit;
/// answers how long it took, or kills it with SIGKILL past `wait`.
pub async fn terminate(child: &mut Child, wait: Duration) -> anyhow::Result<Duration> {
    let pid = child.id().context("the server already exited")?;
    let started = Instant::now();
    let sent = Command::new("kill").arg("-TERM").arg(pid.to_string()).status().await.context("running kill -TERM")?;
    anyhow::ensure!(sent.success(), "kill -TERM {pid} failed");
    match tokio::time::timeout(wait, child.wait()).await {
        Ok(exited) => {
            exited?;
            Ok(started.elapsed())
        }
        Err(_) => {
            kill_9(child).await?;
            bail!("the server did not stop within {} s of SIGTERM", wait.as_secs())
        }
    }
}

/// A free TCP port on 127.0.0.1 (bound and released; the server binds it next).
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The `charla` binary beside this bench binary (same profile), unless one is named.
pub fn charla_binary(named: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = named {
        return Ok(path.to_owned());
    }
    let me = std::env::current_exe()?;
    let dir = me.parent().context("bench binary has no folder")?;
    let found = dir.join("charla");
    if found.exists() {
        return Ok(found);
    }
    bail!(
        "no charla binary at {}: build it with the same profile (cargo build --release -p charla-server --bin charla) \
         or pass --charla PATH",
        found.display()
    )
}
